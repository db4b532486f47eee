"""Typed access to the ``CRM_CONNECT`` setting.

Every value is read live from ``django.conf.settings`` so that ``override_settings``
works in tests. Use the module-level ``conf`` object::

    from crm_connect.conf import conf
    conf.CONNECTOR_URL
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_APP_NAME = "Django CRM"


class Settings:
    """One property per key of the ``CRM_CONNECT`` dictionary setting.

    This is the one place that reads ``settings.CRM_CONNECT``. The setting is optional
    (call centers can come from the admin): absent, or not a dict, every key has its
    default, and check ``crm_connect.E000`` reports a value that is not a dict. A value of
    the wrong type falls back to its default too (``crm_connect.E020``).
    """

    @property
    def raw(self) -> dict[Any, Any]:
        """``CRM_CONNECT`` as set; ``{}`` when it is absent or not a dict."""
        value = getattr(settings, "CRM_CONNECT", None)
        return value if isinstance(value, dict) else {}

    @staticmethod
    def setting_problem() -> str | None:
        """Why ``CRM_CONNECT`` cannot be read as a dict, or None (absent is fine)."""
        if not hasattr(settings, "CRM_CONNECT"):
            return None
        value = settings.CRM_CONNECT
        if isinstance(value, dict):
            return None
        return f"CRM_CONNECT is {type(value).__name__} {value!r}, not a dict"

    def _get(self, key: str, default: Any) -> Any:
        return self.raw.get(key, default)

    def _int(self, key: str, default: int, minimum: int) -> int:
        """An int setting: its default when unset or not a number (``crm_connect.E020``
        reports that), raised to ``minimum``."""
        return max(minimum, _number(self._get(key, None), default, int))

    # --- the default call center, when the database has none -------------------------
    @property
    def CONNECTOR_URL(self) -> str:  # noqa: N802
        """URL of the CRM Connector iframe used when no call center is in the database."""
        return str(self._get("CONNECTOR_URL", "") or "")

    @property
    def CALL_CENTER_SETTINGS(self) -> dict[str, dict[str, str]]:  # noqa: N802
        value = self._get("CALL_CENTER_SETTINGS", {})
        return value if isinstance(value, dict) else {}

    @property
    def APP_NAME(self) -> str:  # noqa: N802
        """``capabilities.name`` when the call center does not set one."""
        return str(self._get("APP_NAME", DEFAULT_APP_NAME))

    @property
    def CAPABILITIES(self) -> dict[str, Any]:  # noqa: N802
        value = self._get("CAPABILITIES", {})
        return value if isinstance(value, dict) else {}

    # --- caching of the call-center resolution --------------------------------------
    @property
    def CACHE_TIMEOUT(self) -> int | None:  # noqa: N802
        """Seconds a user's resolved call center stays in the cache; ``0`` disables the
        cache, ``None`` keeps entries until a change invalidates them. Saving or deleting
        a call center or a group, and changing group memberships, invalidate the cache."""
        value = self._get("CACHE_TIMEOUT", 300)
        return None if value is None else self._int("CACHE_TIMEOUT", 300, 0)

    @property
    def CACHE_LOCAL_TIMEOUT(self) -> float:  # noqa: N802
        """Seconds a process reuses a call center it read from the shared cache without
        asking the cache again; ``0`` asks on every request. An invalidation clears the
        process that made it at once; other processes follow within this time."""
        value = self._get("CACHE_LOCAL_TIMEOUT", 5)
        return 0.0 if value is None else max(_number(value, 5.0, float), 0.0)

    @property
    def CACHE_ALIAS(self) -> str:  # noqa: N802
        """The ``CACHES`` alias to use. Share it between processes (Redis, memcached) in
        production so that an invalidation in one process reaches every other."""
        return str(self._get("CACHE_ALIAS", "default"))

    # --- framing: pages that UCP (or another host) may embed ---------------------------
    @property
    def UCP_ORIGINS(self) -> list[str]:  # noqa: N802
        """Origins allowed to frame the pages marked embeddable, e.g. the UCP desktop."""
        value = self._get("UCP_ORIGINS", [])
        if isinstance(value, str):
            value = [value]
        elif not isinstance(value, (list, tuple, set, frozenset)):
            value = []  # None, or a mistake: nothing configured
        return [str(origin) for origin in value if origin]

    # --- Skylight: the CxEngage agent desktop popup (docs/skylight.md) -----------------
    @property
    def SKYLIGHT_URL(self) -> str:  # noqa: N802
        """Skylight page opened as a popup when no call center in the database applies.

        Empty (the default) disables Skylight. Its origin is the only one trusted.
        """
        return str(self._get("SKYLIGHT_URL", "") or "")

    @property
    def SKYLIGHT_WINDOW_NAME(self) -> str:  # noqa: N802
        """Name of the popup window; pages find an open popup again by this name."""
        return str(self._get("SKYLIGHT_WINDOW_NAME", "skylight") or "skylight")

    @property
    def SKYLIGHT_WINDOW_FEATURES(self) -> str:  # noqa: N802
        """``window.open`` features of the popup."""
        return str(self._get("SKYLIGHT_WINDOW_FEATURES", "width=400,height=800"))

    @property
    def SKYLIGHT_CRM_MODULE(self) -> str:  # noqa: N802
        """Optional ``crmModule`` query parameter (``zendesk``, ``salesforce-classic``, ...)."""
        return str(self._get("SKYLIGHT_CRM_MODULE", "") or "")

    @property
    def SKYLIGHT_DEFAULT_WORK_MODE(self) -> str:  # noqa: N802
        """Optional ``defaultWorkMode`` query parameter."""
        return str(self._get("SKYLIGHT_DEFAULT_WORK_MODE", "") or "")

    @property
    def SKYLIGHT_HANDSHAKE_TIMEOUT(self) -> int:  # noqa: N802
        """Milliseconds from opening (or finding) the popup to a completed handshake."""
        return _positive_int(self._get("SKYLIGHT_HANDSHAKE_TIMEOUT", None), 20000)

    @property
    def SKYLIGHT_COMMAND_TIMEOUT(self) -> int:  # noqa: N802
        """Milliseconds a command waits for its reply once sent; overridable per call."""
        return _positive_int(self._get("SKYLIGHT_COMMAND_TIMEOUT", None), 10000)

    @property
    def SKYLIGHT_SHARE_ACROSS_TABS(self) -> bool:  # noqa: N802
        """Relay Skylight's events and commands to the CRM's other tabs (BroadcastChannel)."""
        return bool(self._get("SKYLIGHT_SHARE_ACROSS_TABS", True))

    @property
    def SKYLIGHT_CLICK_TO_DIAL(self) -> bool:  # noqa: N802
        """Links marked ``data-skylight-dial`` dial through Skylight."""
        return bool(self._get("SKYLIGHT_CLICK_TO_DIAL", True))

    @property
    def SKYLIGHT_SCREEN_POP(self) -> bool:  # noqa: N802
        """Skylight's search-pop screen pops find and open the caller's record."""
        return bool(self._get("SKYLIGHT_SCREEN_POP", True))

    @property
    def SKYLIGHT_REPLY_TOPICS(self) -> dict[str, str]:  # noqa: N802
        """Extra or corrected reply topics, ``{"module.subModule.command": "cxengage/..."}``."""
        value = self._get("SKYLIGHT_REPLY_TOPICS", {})
        if not isinstance(value, dict):
            return {}
        return {str(key): str(topic) for key, topic in value.items()}

    @property
    def UCP_MAKE_CALL_FIELD(self) -> str:  # noqa: N802
        """Payload field that carries the number in UCP's ``MAKE_CALL`` message.

        The vendor has not published the payload's shape; ``"phoneNumber"`` is a guess
        that a deployment can correct without code.
        """
        return str(self._get("UCP_MAKE_CALL_FIELD", "phoneNumber"))

    # --- how the current user is described --------------------------------------------
    @property
    def USER_ADAPTER(self) -> str:  # noqa: N802
        """Dotted path to the class that turns a Django user into ``currentUser``."""
        return str(self._get("USER_ADAPTER", "crm_connect.users.UserAdapter"))

    def user_adapter_class(self) -> type:
        return import_string(self.USER_ADAPTER)  # type: ignore[no-any-return]

    @property
    def USERNAME_FIELD(self) -> str:  # noqa: N802
        """``"username"`` (the user model's USERNAME_FIELD) or ``"email"``."""
        return str(self._get("USERNAME_FIELD", "username"))

    # --- rendering ---------------------------------------------------------------------
    @property
    def INLINE_CRM_DATA(self) -> bool:  # noqa: N802
        """Embed the user's ``crmData`` in the page so the handshake needs no request."""
        return bool(self._get("INLINE_CRM_DATA", True))

    @property
    def IFRAME_ID(self) -> str:  # noqa: N802
        return str(self._get("IFRAME_ID", "crmConnectIframeId"))

    @property
    def IFRAME_ALLOW(self) -> str:  # noqa: N802
        """The iframe's ``allow``: what the AXP vendor's sample calls mandatory (its
        README, "mandatory permissions")."""
        return str(self._get("IFRAME_ALLOW", "camera; microphone; geolocation"))

    @property
    def IFRAME_WIDTH(self) -> str:  # noqa: N802
        return str(self._get("IFRAME_WIDTH", "400"))

    @property
    def IFRAME_HEIGHT(self) -> str:  # noqa: N802
        return str(self._get("IFRAME_HEIGHT", "600"))

    @property
    def DEBUG(self) -> bool:  # noqa: N802
        """Log rejected messages in the browser console. Defaults to ``settings.DEBUG``."""
        return bool(self._get("DEBUG", settings.DEBUG))

    @property
    def HANDSHAKE_TIMEOUT(self) -> int:  # noqa: N802
        """Milliseconds the browser side waits for a handshake before reporting failure."""
        return self._int("HANDSHAKE_TIMEOUT", 30000, 1)

    # --- where the CRM's records come from (docs/providers.md) -------------------------
    @property
    def PROVIDER(self) -> str:  # noqa: N802
        """Dotted path to the provider class: directory, phone search, record URLs."""
        return str(self._get("PROVIDER", "crm_connect.providers.ModelProvider"))

    def provider_class(self) -> object:
        """What ``PROVIDER`` names; the callers and check E100 verify it is a Provider."""
        return import_string(self.PROVIDER)

    @property
    def DIRECTORY_MODEL(self) -> str:  # noqa: N802
        """``"app_label.ModelName"`` of the records the default provider serves."""
        return str(self._get("DIRECTORY_MODEL", "") or "")

    @property
    def DIRECTORY_FIELDS(self) -> dict[str, str]:  # noqa: N802
        """Field names of ``DIRECTORY_MODEL``: ``name``, ``phone`` and ``email``.

        A missing key uses the field of the same name; an empty value means "none"."""
        value = self._get("DIRECTORY_FIELDS", {})
        fields = {"name": "name", "phone": "phone", "email": "email"}
        if isinstance(value, dict):
            fields.update({str(k): str(v or "") for k, v in value.items()})
        return fields

    @property
    def DIRECTORY_LIMIT(self) -> int:  # noqa: N802
        """Most entries ``crmDirectory`` sends (and the directory endpoint returns)."""
        return self._int("DIRECTORY_LIMIT", 500, 1)

    @property
    def PHONE_REGION(self) -> str:  # noqa: N802
        """Region for numbers written without a ``+`` country code, e.g. ``"US"``."""
        return str(self._get("PHONE_REGION", "US") or "US").upper()

    @property
    def PHONE_MATCH_DIGITS(self) -> int:  # noqa: N802
        """How many trailing digits narrow the phone search in the database."""
        return self._int("PHONE_MATCH_DIGITS", 7, 4)

    @property
    def PHONE_SEARCH_LIMIT(self) -> int:  # noqa: N802
        """Most records a phone search returns (a screen-pop chooser stays short)."""
        return self._int("PHONE_SEARCH_LIMIT", 20, 1)

    @property
    def CREATE_URL(self) -> str:  # noqa: N802
        """URL, or URL name, of the page that creates a record; gets ``?phone=<E.164>``."""
        return str(self._get("CREATE_URL", "") or "")

    @property
    def REPORTS_URL(self) -> str:  # noqa: N802
        """URL, or URL name, that ``requestOpenReports`` opens. Empty: ignored."""
        return str(self._get("REPORTS_URL", "") or "")

    @property
    def CUSTOM_FIELDS(self) -> dict[str, Any]:  # noqa: N802
        """Custom log fields per channel: ``{"voice": {key: {"type", "label"}}, ...}``."""
        value = self._get("CUSTOM_FIELDS", {})
        return value if isinstance(value, dict) else {}

    @property
    def LOG_RETRY_ATTEMPTS(self) -> int:  # noqa: N802
        """Tries of one interaction-log save before the agent is told it failed."""
        return self._int("LOG_RETRY_ATTEMPTS", 4, 1)

    @property
    def LOG_RETRY_DELAY(self) -> int:  # noqa: N802
        """Milliseconds before the first retry of a failed save; doubles each time."""
        return self._int("LOG_RETRY_DELAY", 500, 0)

    @property
    def LOG_RETRY_LIMIT(self) -> int:  # noqa: N802
        """Tries of one interaction log in all, over every page load, before the browser
        gives it up and sends it to the abandoned logs (the admin)."""
        return _positive_int(self._get("LOG_RETRY_LIMIT", None), 12)

    @property
    def ABANDONED_LOG_LIMIT(self) -> int:  # noqa: N802
        """Most abandoned interaction logs kept per agent; beyond, the browser keeps them."""
        return _positive_int(self._get("ABANDONED_LOG_LIMIT", None), 100)

    @property
    def SCREEN_POP_KEYS(self) -> list[str]:  # noqa: N802
        """Fields of ``requestPerformInteractionScreenPop`` data that identify the
        interaction, first present wins (dotted paths). Not confirmed by the vendor."""
        value = self._get("SCREEN_POP_KEYS", ["interactionId", "interaction.interactionId", "id"])
        if isinstance(value, str):
            value = [value]
        return [str(key) for key in value if key]

    @property
    def NOTIFICATION_SEVERITY_KEYS(self) -> list[str]:  # noqa: N802
        """Key(s) that carry the severity in ``displayErrorNotification``: the vendor's
        example says ``severity``, its table ``serverity``."""
        value = self._get("NOTIFICATION_SEVERITY_KEYS", ["severity"])
        if isinstance(value, str):
            value = [value]
        return [str(key) for key in value if key] or ["severity"]


N = TypeVar("N", int, float)

#: Keys whose value is a number; anything else falls back to the default (E020).
NUMBER_SETTINGS = {
    "CACHE_TIMEOUT": int,
    "CACHE_LOCAL_TIMEOUT": float,
    "HANDSHAKE_TIMEOUT": int,
    "DIRECTORY_LIMIT": int,
    "PHONE_MATCH_DIGITS": int,
    "PHONE_SEARCH_LIMIT": int,
    "LOG_RETRY_ATTEMPTS": int,
    "LOG_RETRY_DELAY": int,
}


def number_problem(value: Any, kind: type[int] | type[float]) -> bool:
    """True when ``value`` is not a number of ``kind`` (an int is a fine float)."""
    if isinstance(value, bool):
        return True
    return not isinstance(value, (int, float) if kind is float else int)


def _number(value: Any, default: N, kind: type[N]) -> N:
    """``value`` when it is a number of ``kind``, else ``default``."""
    if value is None or number_problem(value, kind):
        return default
    return kind(value)


def _positive_int(value: Any, default: int) -> int:
    """``value`` as a positive int, or ``default`` (a system check reports bad values)."""
    if isinstance(value, bool):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


conf = Settings()
