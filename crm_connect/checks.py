"""System checks: configuration mistakes that would make the integration fail silently.

Every id is documented in ``docs/checks.md``; each has a test in ``tests/test_checks.py``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from pydantic import ValidationError

from crm_connect import csp
from crm_connect.conf import conf, setting_messages
from crm_connect.connector.schemas.connector import CallCenterSettings
from crm_connect.origins import origin_of

REQUEST_PROCESSOR = "django.template.context_processors.request"
BUILTIN_CSP_PROCESSOR = "django.template.context_processors.csp"
DJANGO_CSP_PROCESSOR = "csp.context_processors.nonce"
DJANGO_TEMPLATES = "django.template.backends.django.DjangoTemplates"
CRM_CONNECT_MIDDLEWARE = "crm_connect.middleware.CrmConnectMiddleware"

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


def django_template_engines() -> list[dict[str, Any]]:
    return [engine for engine in settings.TEMPLATES if engine.get("BACKEND") == DJANGO_TEMPLATES]


def has_context_processor(path: str) -> bool:
    return any(
        path in engine.get("OPTIONS", {}).get("context_processors", [])
        for engine in django_template_engines()
    )


def effective_sources(policy: Any, *names: str) -> list[Any] | None:
    """The raw value of the first of ``names`` that the policy has, as a list."""
    for name in names:
        value = policy.get(name)
        if value is not None and value is not False:
            if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
                return [value]
            return list(value)
    return None


# --- CRM_CONNECT values --------------------------------------------------------------


@register(Tags.security, Tags.compatibility)
def check_setting_values(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """What the settings model refuses (``E000``, its fields' ids) or does not know
    (``W040``): :func:`crm_connect.conf.setting_messages`."""
    return setting_messages()


@register(Tags.security)
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


@register(Tags.database)
def check_call_centers(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Stored call centers: run by ``manage.py check --database default``."""
    if not databases:
        return []
    from crm_connect.models import CallCenter

    errors: list[CheckMessage] = []
    for database in databases:
        try:
            rows = list(
                CallCenter.objects.using(database).values_list(
                    "name", "connector_url", "skylight_url"
                )
            )
        except DatabaseError:  # not migrated yet: nothing stored to check
            continue
        for name, connector_url, skylight_url in rows:
            for field, url in (("connector URL", connector_url), ("Skylight URL", skylight_url)):
                if url and needs_https(url):
                    error = _insecure(f"The {field} of call center {name!r}", url)
                    errors.append(
                        Error(error.msg, hint=error.hint, obj=name, id="crm_connect.E009")
                    )
    return errors


@register(Tags.compatibility)
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


@register(Tags.urls)
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


# --- templates -----------------------------------------------------------------------


@register(Tags.templates)
def check_templates(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for engine in django_template_engines():
        processors = engine.get("OPTIONS", {}).get("context_processors", [])
        if REQUEST_PROCESSOR not in processors:
            errors.append(
                Warning(
                    f"'{REQUEST_PROCESSOR}' is not in a DjangoTemplates engine's "
                    "context_processors: the crm_connect template tags render nothing "
                    "without the request.",
                    hint=f"Add '{REQUEST_PROCESSOR}' to TEMPLATES[...]['OPTIONS']"
                    "['context_processors'].",
                    id="crm_connect.W001",
                )
            )
            break
    backend = csp.csp_backend()
    processor = {csp.BUILTIN: BUILTIN_CSP_PROCESSOR, csp.DJANGO_CSP: DJANGO_CSP_PROCESSOR}.get(
        backend or ""
    )
    if processor and csp.policy_uses_nonce() and not has_context_processor(processor):
        errors.append(
            Warning(
                "The Content-Security-Policy uses a nonce but its context processor "
                f"'{processor}' is not installed: the crm_connect tags still get the nonce, "
                "but your own <script nonce=...> tags that listen to crm_connect events "
                "render without it and are blocked.",
                hint=f"Add '{processor}' to TEMPLATES[...]['OPTIONS']['context_processors'].",
                id="crm_connect.W002",
            )
        )
    return errors


# --- CSP, framing, popups, cookies ---------------------------------------------------


@register(Tags.security)
def check_csp(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    middleware = list(settings.MIDDLEWARE)
    if csp.DJANGO_CSP_MIDDLEWARE in middleware and csp.BUILTIN_CSP_MIDDLEWARE in middleware:
        errors.append(
            Error(
                "Both django-csp's CSPMiddleware and Django's ContentSecurityPolicyMiddleware "
                "are installed. They share request._csp_nonce and response._csp_config, so "
                "the nonce and the policy one of them sends are unpredictable.",
                hint="Keep one of them in MIDDLEWARE.",
                id="crm_connect.E005",
            )
        )
    backend = csp.csp_backend()
    enforced, report_only = csp.configured_policies(backend)
    scripts = effective_sources(enforced, "script-src-elem", "script-src", "default-src")
    if scripts is not None and not _allows_static_scripts(scripts):
        errors.append(
            Error(
                "The Content-Security-Policy blocks crm_connect's scripts: its script-src "
                f"({' '.join(str(value) for value in scripts) or 'empty'}) has no nonce and "
                "does not allow the static files' origin.",
                hint="Add the nonce (CSP.NONCE / csp.constants.NONCE) to script-src, or "
                "'self' when the static files are on the site's own origin and "
                "'strict-dynamic' is not used.",
                id="crm_connect.E006",
            )
        )
    restricts_frames = any(
        effective_sources(policy, *csp.FRAME_SRC_FALLBACK) is not None
        for policy in (enforced, report_only)
    )
    if restricts_frames and CRM_CONNECT_MIDDLEWARE not in middleware:
        errors.append(
            Error(
                "The Content-Security-Policy restricts frames (frame-src, child-src or "
                f"default-src) but '{CRM_CONNECT_MIDDLEWARE}' is not installed: nothing adds "
                "the connector's origin to frame-src, and the browser blocks the connector.",
                hint=f"Add '{CRM_CONNECT_MIDDLEWARE}' to MIDDLEWARE (anywhere; after the CSP "
                "middleware is conventional).",
                id="crm_connect.E007",
            )
        )
    return errors


def _allows_static_scripts(sources: list[Any]) -> bool:
    if any(csp.is_nonce_sentinel(value) for value in sources):
        return True
    values = {str(value).strip().lower() for value in sources}
    if any(value.startswith("'nonce-") for value in values):
        return True  # a fixed nonce: whoever set it renders it
    if "'strict-dynamic'" in values:
        return False  # host sources and 'self' are ignored
    static_origin = origin_of(str(settings.STATIC_URL or ""))
    if not static_origin:
        return bool(values & {"'self'", "*", "http:", "https:"})
    scheme = static_origin.split(":", 1)[0] + ":"
    return any(
        value in ("*", scheme, static_origin)
        or value.startswith(static_origin + "/")
        or "*" in value  # a host wildcard: give it the benefit of the doubt
        for value in values
    )


@register(Tags.security)
def check_cookies(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Pages framed by another site (UCP) only get cookies marked SameSite=None; Secure."""
    if not conf.UCP_ORIGINS:
        return []
    cookies = [("SESSION_COOKIE_SAMESITE", "SESSION_COOKIE_SECURE")]
    if not getattr(settings, "CSRF_USE_SESSIONS", False):
        cookies.append(("CSRF_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE"))
    errors: list[CheckMessage] = []
    for samesite, secure in cookies:
        value = getattr(settings, samesite, "Lax")
        if value != "None":
            errors.append(
                Warning(
                    f"CRM_CONNECT['UCP_ORIGINS'] lets other sites frame pages, but {samesite} "
                    f"is {value!r}: in a frame on another site the browser does not send the "
                    "cookie, so the framed page is logged out (or its forms fail CSRF).",
                    hint=f"Set {samesite} = 'None' and {secure} = True, unless every host "
                    "origin is on the same site (registrable domain) as the CRM.",
                    id="crm_connect.W003",
                )
            )
        elif not getattr(settings, secure, False):
            errors.append(
                Error(
                    f"{samesite} is 'None' but {secure} is False: browsers reject "
                    "SameSite=None cookies that are not Secure, so nobody stays logged in.",
                    hint=f"Set {secure} = True (and serve the CRM over https).",
                    id="crm_connect.E008",
                )
            )
    return errors


# --- the call-center cache -----------------------------------------------------------


def _cache_backend() -> type | None:
    """The class behind ``CACHE_ALIAS``, or None when it cannot be imported."""
    config = settings.CACHES.get(conf.CACHE_ALIAS) or {}
    try:
        backend = import_string(str(config.get("BACKEND", "")))
    except ImportError:
        return None  # Django's own check (caches.E001) and the cache itself report it
    return backend if isinstance(backend, type) else None


@register(Tags.caches)
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


@register(Tags.caches, deploy=True)
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
@register(Tags.compatibility, deploy=True)
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
