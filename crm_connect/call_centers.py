"""Which call center applies to a user, from the database or from settings."""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.cache import caches
from django.core.signals import setting_changed
from django.db.models import Case, Exists, JSONField, OuterRef, Q, Subquery, When
from django.dispatch import receiver

from crm_connect.conf import conf
from crm_connect.connector.definition import overlay, with_defaults
from crm_connect.connector.schemas.connector import CallCenterSettings, Capabilities
from crm_connect.models import CallCenter
from crm_connect.origins import origin_of
from crm_connect.render_state import render_state
from crm_connect.settings_model import CONNECTOR_MODES, ConnectorMode

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django.core.cache.backends.base import BaseCache
    from django.http import HttpRequest

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResolvedCallCenter:
    """What the rest of the app needs of a call center, wherever it was configured."""

    name: str
    connector_url: str
    settings: CallCenterSettings
    app_name: str = ""
    directory_available: bool = True
    reloads_on_navigation: bool = True
    lightning_components_available: bool = False
    skylight: dict[str, str] = field(default_factory=dict)
    pk: int | None = None
    #: The call center's own mode, or ``""``: ``CONNECTOR_MODE`` (read by :attr:`mode`).
    connector_mode: str = ""

    @cached_property
    def connector_origin(self) -> str:
        return origin_of(self.connector_url)

    @property
    def mode(self) -> ConnectorMode:
        """``"docked"`` or ``"window"``: the call center's own, else the setting's."""
        own = self.connector_mode
        return own if own in CONNECTOR_MODES else conf.CONNECTOR_MODE

    def capabilities(self, default_name: str, *, persistent: bool = False) -> Capabilities:
        """``persistent``: the page keeps the docked iframe across its navigations
        (htmx, Turbo), so the connector does not reload with each page; a window never
        does."""
        reloads = self.reloads_on_navigation and self.mode == "docked" and not persistent
        return Capabilities(
            directory_available=self.directory_available,
            name=self.app_name or default_name,
            reloads_on_navigation=reloads,
            lightning_components_available=self.lightning_components_available,
        )

    def to_cache(self) -> dict[str, Any]:
        """Plain data (no classes of ours), so any cache backend and any version can hold it."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["settings"] = self.settings.model_dump(mode="json")
        return data

    @classmethod
    def from_cache(cls, data: dict[str, Any]) -> ResolvedCallCenter:
        return cls(**{**data, "settings": CallCenterSettings.model_validate(data["settings"])})

    @classmethod
    def from_model(cls, call_center: CallCenter, parent_settings: Any = None) -> ResolvedCallCenter:
        """``parent_settings``: the default call center's stored settings, for one that
        inherits them (:func:`_query_call_center` reads them in the same query)."""
        stored = call_center.settings
        if call_center.inherits_default and not call_center.is_default:
            stored = overlay(parent_settings or {}, stored)
        return cls(
            name=call_center.name,
            connector_url=call_center.connector_url,
            settings=CallCenterSettings.model_validate(with_defaults(stored)),
            app_name=call_center.app_name,
            directory_available=call_center.directory_available,
            reloads_on_navigation=call_center.reloads_on_navigation,
            lightning_components_available=call_center.lightning_components_available,
            skylight={
                "url": call_center.skylight_url,
                "window_name": call_center.skylight_window_name,
                "window_features": call_center.skylight_window_features,
                "crm_module": call_center.skylight_crm_module,
                "default_work_mode": call_center.skylight_default_work_mode,
            },
            pk=call_center.pk,
            connector_mode=call_center.connector_mode,
        )

    @classmethod
    def from_settings(cls) -> ResolvedCallCenter | None:
        """The call center defined by ``CRM_CONNECT`` alone, or None when it defines none."""
        if not conf.CONNECTOR_URL:
            return None
        capabilities: dict[str, Any] = conf.CAPABILITIES
        return cls(
            name="settings",
            connector_url=conf.CONNECTOR_URL,
            settings=CallCenterSettings.model_validate(with_defaults(conf.CALL_CENTER_SETTINGS)),
            app_name=str(capabilities.get("name", "")),
            directory_available=bool(capabilities.get("directoryAvailable", True)),
            reloads_on_navigation=bool(capabilities.get("reloadsOnNavigation", True)),
            lightning_components_available=bool(
                capabilities.get("lightningComponentsAvailable", False)
            ),
            skylight=skylight_from_settings(),
        )


def skylight_from_settings() -> dict[str, str]:
    """The Skylight part of the settings-only call center (same keys as ``from_model``)."""
    return {
        "url": conf.SKYLIGHT_URL,
        "window_name": conf.SKYLIGHT_WINDOW_NAME,
        "window_features": conf.SKYLIGHT_WINDOW_FEATURES,
        "crm_module": conf.SKYLIGHT_CRM_MODULE,
        "default_work_mode": conf.SKYLIGHT_DEFAULT_WORK_MODE,
    }


def call_center_for(user: AbstractBaseUser | AnonymousUser) -> ResolvedCallCenter | None:
    """The call center that applies to ``user``: one query, none when the cache is warm.

    A call center linked to one of the user's groups wins over the default; among
    several such call centers the first by name wins. With none in the database, the
    ``CRM_CONNECT`` setting's call center applies, if it defines one.

    The database's answer is cached per user in Django's cache (``CACHE_ALIAS``,
    ``CACHE_TIMEOUT``) and invalidated by the receivers in :mod:`crm_connect.signals`.
    Each process also keeps what it read for ``CACHE_LOCAL_TIMEOUT`` seconds, so a warm
    request costs no round trip to a shared cache either.
    The settings fallback is never cached: it costs no query and follows the settings.
    """
    if not user.is_authenticated:
        return None
    if conf.CACHE_TIMEOUT == 0:
        resolved = _query_call_center(user)
    else:
        local_timeout = conf.CACHE_LOCAL_TIMEOUT
        resolved = (
            _locally_cached_call_center(user, local_timeout)
            if local_timeout
            else _cached_call_center(user)
        )
    return resolved if resolved is not None else ResolvedCallCenter.from_settings()


def call_center_for_request(request: HttpRequest) -> ResolvedCallCenter | None:
    """``call_center_for(request.user)``, resolved once per request.

    A page with several of the app's tags (the connector and the Skylight launcher)
    resolves the call center once, whether or not the cache is on.
    """
    state = render_state(request)
    if not state.call_center_resolved:
        state.call_center = call_center_for(request.user)
        state.call_center_resolved = True
    return state.call_center


def _query_call_center(user: AbstractBaseUser) -> ResolvedCallCenter | None:
    in_group = CallCenter.groups.through.objects.filter(
        callcenter_id=OuterRef("pk"), group__user=user.pk
    )
    # An inheriting call center's parent settings come in the same query: one subquery
    # on the unique partial index of is_default, only for a row that inherits.
    parent_settings = Case(
        When(
            inherits_default=True,
            then=Subquery(CallCenter.objects.filter(is_default=True).values("settings")[:1]),
        ),
        output_field=JSONField(),
    )
    call_center = (
        CallCenter.objects.annotate(in_group=Exists(in_group), parent_settings=parent_settings)
        .filter(Q(in_group=True) | Q(is_default=True))
        .order_by("-in_group", "name")
        .first()
    )
    if call_center is None:
        return None
    return ResolvedCallCenter.from_model(call_center, call_center.parent_settings)


# --- the cache ------------------------------------------------------------------------
#
# Each user's entry is stored as ``(generation, plain data or None)``. The generation is
# a random token under one key; any change that can alter any user's call center writes
# a new token, so every entry stored under an older one stops matching at once, in every
# process that shares the cache. Reading the token and the entry is one ``get_many``.

#: Bump when the cached form of ResolvedCallCenter changes, so that old entries written
#: by another version of the code (a rolling deploy) are never read. 2: settings carry
#: the definition's defaults.
CACHE_FORMAT = 2
CACHE_PREFIX = f"crm_connect:call_center:v{CACHE_FORMAT}"
GENERATION_KEY = f"{CACHE_PREFIX}:generation"


def _cache() -> BaseCache:
    return caches[conf.CACHE_ALIAS]


def _user_key(user: AbstractBaseUser) -> str:
    return f"{CACHE_PREFIX}:user:{user.pk}"


def _cached_call_center(user: AbstractBaseUser) -> ResolvedCallCenter | None:
    cache = _cache()
    key = _user_key(user)
    try:
        found = cache.get_many([GENERATION_KEY, key])
    except Exception:  # a cache that is down must not take the pages down with it
        logger.warning("crm_connect: cache %r unavailable", conf.CACHE_ALIAS, exc_info=True)
        return _query_call_center(user)
    generation = found.get(GENERATION_KEY)
    entry = found.get(key)
    if generation is not None and isinstance(entry, tuple) and len(entry) == 2:
        stored_generation, data = entry
        if stored_generation == generation:
            try:
                return None if data is None else ResolvedCallCenter.from_cache(data)
            except (TypeError, ValueError, KeyError):
                pass  # an entry of another shape: recompute it
    resolved = _query_call_center(user)
    try:
        if generation is None:
            generation = _new_generation()
            if not cache.add(GENERATION_KEY, generation, None):
                generation = cache.get(GENERATION_KEY)
        if generation is not None:
            data = None if resolved is None else resolved.to_cache()
            cache.set(key, (generation, data), conf.CACHE_TIMEOUT)
    except Exception:
        logger.warning("crm_connect: cache %r unavailable", conf.CACHE_ALIAS, exc_info=True)
    return resolved


# --- the process-local layer ----------------------------------------------------------
#
# A round trip to a shared cache (Redis, memcached) costs a request more than everything
# else the endpoint does (about 0.15 ms of 0.2 ms on the benchmark machine). Each process
# therefore keeps what it read for a few seconds: plain objects in a dict, no pickling.
# The process that invalidates clears its copy at once; the others follow within
# ``CACHE_LOCAL_TIMEOUT``.

#: Entries a process keeps at most; past that it starts afresh (one entry per agent).
LOCAL_MAX_ENTRIES = 10_000

_local: dict[Any, tuple[float, ResolvedCallCenter | None]] = {}


def _locally_cached_call_center(
    user: AbstractBaseUser, timeout: float
) -> ResolvedCallCenter | None:
    now = time.monotonic()
    hit = _local.get(user.pk)
    if hit is not None and hit[0] > now:
        return hit[1]
    resolved = _cached_call_center(user)
    if len(_local) >= LOCAL_MAX_ENTRIES:
        _local.clear()
    _local[user.pk] = (now + timeout, resolved)
    return resolved


def clear_local_cache() -> None:
    """Forget what this process keeps (the shared cache is untouched)."""
    _local.clear()


@receiver(setting_changed)
def _settings_changed(*, setting: str, **kwargs: Any) -> None:
    if setting in {"CRM_CONNECT", "CACHES"}:
        clear_local_cache()


def _new_generation() -> str:
    return secrets.token_hex(8)


def invalidate_call_centers() -> None:
    """Forget every user's cached call center: in this process at once, in every other
    process sharing the cache within ``CACHE_LOCAL_TIMEOUT`` seconds.

    The signal receivers call this on every change they see. Call it yourself after
    changes that send no signals: ``QuerySet.update()``, ``bulk_create()``, raw SQL.
    """
    clear_local_cache()
    try:
        _cache().set(GENERATION_KEY, _new_generation(), None)
    except Exception:
        logger.warning("crm_connect: cache %r unavailable", conf.CACHE_ALIAS, exc_info=True)
