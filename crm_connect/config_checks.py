"""System checks of the ``CRM_CONNECT`` values, the URLconf, the call-center cache and
the database: configuration mistakes that would make the integration fail silently.

Registered through :mod:`crm_connect.checks`; every id is documented in ``docs/checks.md``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import CheckMessage, Error, Tags, Warning
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from pydantic import ValidationError

from crm_connect.checks import check, stored_call_centers
from crm_connect.conf import UNKNOWN_KEY, WRONG_TYPE, conf, setting_messages
from crm_connect.connector.schemas.connector import CallCenterSettings
from crm_connect.origins import origin_of

# Keys of CRM_CONNECT that hold a full URL checked here (``SKYLIGHT_URL``'s form is
# crm_connect.E201's business; its scheme is checked here). Every key ending in
# ``_ORIGIN`` or ``_ORIGINS`` holds one origin or a list of origins.
URL_SETTINGS = ("CONNECTOR_URL",)
HTTPS_URL_SETTINGS = ("CONNECTOR_URL", "SKYLIGHT_URL")


# --- helpers -------------------------------------------------------------------------


def is_local_host(host: str | None) -> bool:
    """localhost, ``*.localhost`` and loopback addresses: http is fine there."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def needs_https(url: str) -> bool:
    """True for an http URL of a non-local host while ``DEBUG`` is off."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return not settings.DEBUG and parts.scheme == "http" and not is_local_host(parts.hostname)


def origin_problem(value: Any) -> str | None:
    """Why ``value`` is not an origin as browsers write it, or None when it is one."""
    if not isinstance(value, str):
        return f"{value!r} is not a string"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        return f"{value!r} is not a URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{value!r} needs an http(s) scheme and a host"
    if parts.username is not None or parts.password is not None:
        return f"{value!r} has user information"
    if any(char.isspace() or char in ";,*'\"" for char in value):
        return (
            f"{value!r} has whitespace, ';', ',', '*' or a quote: in a CSP source list it "
            "would add another source or directive (or a wildcard), and postMessage "
            "compares exact origins"
        )
    if parts.path or parts.query or parts.fragment or value.endswith(("?", "#")):
        return f"{value!r} has a path, query or fragment (an origin has none, not even '/')"
    canonical = origin_of(value)
    if not canonical:
        return f"{value!r} has a host that is neither a host name nor an IP address"
    if value != canonical:
        return f"{value!r} is not written as browsers write origins: {canonical!r}"
    return None


def origin_settings() -> Iterable[tuple[str, list[Any]]]:
    for key, value in conf.raw.items():
        if isinstance(key, str) and key.endswith(("_ORIGIN", "_ORIGINS")) and value:
            yield key, (list(value) if isinstance(value, (list, tuple)) else [value])


def url_settings(keys: Iterable[str] = URL_SETTINGS) -> Iterable[tuple[str, Any]]:
    for key in keys:
        value = conf.raw.get(key)
        if value:
            yield key, value


# --- CRM_CONNECT values --------------------------------------------------------------


# Every id :func:`crm_connect.conf.setting_messages` can yield, by the subsystem whose table
# in docs/checks.md documents it: E000 (not a dict), W040 (an unknown key) and each field's
# ``check`` in crm_connect/settings_model.py (tests/test_conf.py holds the two together).
SETTING_IDS = {
    "configuration": (
        "crm_connect.E000",
        "crm_connect.E001",
        "crm_connect.E002",
        "crm_connect.E003",
        "crm_connect.E020",
        WRONG_TYPE,
        UNKNOWN_KEY,
    ),
    "connector": (
        "crm_connect.E013",
        "crm_connect.E030",
        "crm_connect.E100",
        "crm_connect.E101",
        "crm_connect.E102",
        "crm_connect.E103",
        "crm_connect.E104",
        "crm_connect.E105",
    ),
    "skylight": ("crm_connect.E201", "crm_connect.E202", "crm_connect.E203", "crm_connect.E204"),
    "ucp": ("crm_connect.E302",),
}


@check("configuration", ids=SETTING_IDS, tags=(Tags.security, Tags.compatibility))
def check_setting_values(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """What the settings model refuses (``E000``, its fields' ids) or does not know
    (``W040``): :func:`crm_connect.conf.setting_messages`."""
    return setting_messages()


@check(
    "configuration",
    ids=("crm_connect.E001", "crm_connect.E002", "crm_connect.E003", "crm_connect.E004"),
    tags=(Tags.security,),
)
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for key, url in url_settings():
        if isinstance(url, str) and not origin_of(url):  # another type: the model's check
            errors.append(
                Error(
                    f"CRM_CONNECT[{key!r}] = {url!r} is not an http(s) URL with a host.",
                    hint="Set it to the full URL of the page, e.g. "
                    "'https://connector.example.com/crm/'.",
                    id="crm_connect.E001",
                )
            )
    for key, url in url_settings(HTTPS_URL_SETTINGS):
        if isinstance(url, str) and origin_of(url) and needs_https(url):
            errors.append(_insecure(f"CRM_CONNECT[{key!r}]", url))
    try:
        CallCenterSettings.model_validate(conf.CALL_CENTER_SETTINGS)
    except ValidationError as exc:
        errors.append(
            Error(
                "CRM_CONNECT['CALL_CENTER_SETTINGS'] is not a valid callCenterSettings "
                f"object: {exc.errors()[0]['msg']}.",
                hint="It maps section names to dicts of string values, e.g. "
                "{'ReqGeneralInfo': {'reqInternalName': 'MyCC'}}.",
                id="crm_connect.E002",
            )
        )
    for key, origins in origin_settings():
        for origin in origins:
            problem = origin_problem(origin)
            if problem:
                errors.append(
                    Error(
                        f"CRM_CONNECT[{key!r}]: {problem}.",
                        hint="An origin is scheme://host[:port] exactly as the browser "
                        "reports it in event.origin, e.g. 'https://ucp.example.com'.",
                        id="crm_connect.E003",
                    )
                )
            elif needs_https(origin):
                errors.append(_insecure(f"CRM_CONNECT[{key!r}]", origin))
    return errors


def _insecure(where: str, url: str) -> Error:
    return Error(
        f"{where} = {url!r} uses http while DEBUG is off: customer data would cross the "
        "network in clear and the page could be replaced on the way.",
        hint="Use https; plain http is only accepted for localhost and loopback addresses.",
        id="crm_connect.E004",
    )


@check("configuration", ids=("crm_connect.E009",), tags=(Tags.database,))
def check_call_centers(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Stored call centers: run by ``manage.py check --database default``."""
    errors: list[CheckMessage] = []
    fields = ("name", "connector_url", "skylight_url")
    for name, connector_url, skylight_url in stored_call_centers(databases, *fields):
        for field, url in (("connector URL", connector_url), ("Skylight URL", skylight_url)):
            if url and needs_https(url):
                error = _insecure(f"The {field} of call center {name!r}", url)
                errors.append(Error(error.msg, hint=error.hint, obj=name, id="crm_connect.E009"))
    return errors


@check("configuration", ids=("crm_connect.E041",), tags=(Tags.compatibility,))
def check_user_adapter(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``USER_ADAPTER`` is imported when a page renders ``crmData``: say so before."""
    try:
        conf.user_adapter_class()
    except ImportError as exc:
        return [
            Error(
                f"CRM_CONNECT['USER_ADAPTER'] = {conf.USER_ADAPTER!r} cannot be imported "
                f"({exc}): every page that renders the connector would fail.",
                hint="Name a class by its dotted path, e.g. 'crm_connect.users.UserAdapter' "
                "or a subclass of it.",
                id="crm_connect.E041",
            )
        ]
    return []


@check("configuration", ids=("crm_connect.E010",), tags=(Tags.urls,))
def check_urls(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    try:
        reverse("crm_connect:crm-data")
    except NoReverseMatch:
        return [
            Error(
                "The crm_connect URLs are not included: the connector tag cannot render "
                "and the browser cannot fetch crmData.",
                hint="Add path('crm-connect/', include('crm_connect.urls')) to your URLconf.",
                id="crm_connect.E010",
            )
        ]
    return []


# --- the call-center cache -----------------------------------------------------------


def _cache_backend() -> type | None:
    """The class behind ``CACHE_ALIAS``, or None when it cannot be imported."""
    config = settings.CACHES.get(conf.CACHE_ALIAS) or {}
    try:
        backend = import_string(str(config.get("BACKEND", "")))
    except ImportError:
        return None  # Django's own check (caches.E001) and the cache itself report it
    return backend if isinstance(backend, type) else None


@check("configuration", ids=("crm_connect.E021",), tags=(Tags.caches,))
def check_cache_alias(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if conf.CACHE_TIMEOUT == 0 or conf.CACHE_ALIAS in settings.CACHES:
        return []
    return [
        Error(
            f"CRM_CONNECT['CACHE_ALIAS'] = {conf.CACHE_ALIAS!r} is not in CACHES: every "
            "page that renders the connector would fail.",
            hint=f"Use one of {sorted(settings.CACHES)}, or set CACHE_TIMEOUT to 0.",
            id="crm_connect.E021",
        )
    ]


@check("configuration", ids=("crm_connect.W020",), tags=(Tags.caches,), deploy=True)
def check_cache_is_shared(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A per-process cache keeps other worker processes on a stale call center."""
    if conf.CACHE_TIMEOUT == 0 or conf.CACHE_ALIAS not in settings.CACHES:
        return []
    backend = _cache_backend()
    if backend is None or not issubclass(backend, LocMemCache):  # the per-process one
        return []
    timeout = conf.CACHE_TIMEOUT
    how_long = "until the server restarts" if timeout is None else f"for up to {timeout} s"
    return [
        Warning(
            f"CRM_CONNECT['CACHE_ALIAS'] = {conf.CACHE_ALIAS!r} is a per-process cache "
            f"({backend.__name__}): with several worker processes, a change of a call "
            "center in the admin (a new connector URL, a new Skylight origin) reaches "
            f"only the process that saved it; the others keep the old one {how_long}, "
            "and trust the old origin meanwhile.",
            hint="Point CACHE_ALIAS at a cache the processes share (Redis, memcached; "
            "see docs/deployment.md), or set CACHE_TIMEOUT to 0. Silence this warning "
            "if the site runs a single process.",
            id="crm_connect.W020",
        )
    ]


# --- the database --------------------------------------------------------------------

SQLITE_ENGINE = "django.db.backends.sqlite3"


# Not tagged ``database``: it reads settings only, and Django runs database-tagged checks
# only with ``check --database``, where a plain ``check --deploy`` should already say it.
@check("configuration", ids=("crm_connect.W021",), tags=(Tags.compatibility,), deploy=True)
def check_sqlite(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return sqlite_warnings(settings.DATABASES)


def sqlite_warnings(databases: dict[str, dict[str, Any]]) -> list[CheckMessage]:
    """SQLite with deferred transactions fails parallel saves with "database is locked"."""
    messages: list[CheckMessage] = []
    for alias, config in databases.items():
        options = config.get("OPTIONS") or {}
        if config.get("ENGINE") != SQLITE_ENGINE or options.get("transaction_mode") == "IMMEDIATE":
            continue
        messages.append(
            Warning(
                f"DATABASES[{alias!r}] is SQLite with deferred transactions: interaction "
                "logs saved in parallel (several agents, tabs or retries) fail with "
                "'database is locked' (HTTP 500).",
                hint="Use PostgreSQL in production (SQLite is for the demo), or set "
                "OPTIONS = {'transaction_mode': 'IMMEDIATE', 'timeout': 20}.",
                obj=alias,
                id="crm_connect.W021",
            )
        )
    return messages
