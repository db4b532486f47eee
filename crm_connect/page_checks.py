"""System checks of what every page with a crm_connect tag needs of the site: the request
in the template context, a Content-Security-Policy that lets the scripts and the
connector's frame through, and cookies that survive a cross-site frame.

Registered through :mod:`crm_connect.checks`; every id is documented in ``docs/checks.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning

from crm_connect import csp
from crm_connect.checks import check
from crm_connect.conf import conf
from crm_connect.origins import origin_of

REQUEST_PROCESSOR = "django.template.context_processors.request"
BUILTIN_CSP_PROCESSOR = "django.template.context_processors.csp"
DJANGO_CSP_PROCESSOR = "csp.context_processors.nonce"
DJANGO_TEMPLATES = "django.template.backends.django.DjangoTemplates"
CRM_CONNECT_MIDDLEWARE = "crm_connect.middleware.CrmConnectMiddleware"


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


# --- templates -----------------------------------------------------------------------


@check("pages", ids=("crm_connect.W001", "crm_connect.W002"), tags=(Tags.templates,))
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


@check(
    "pages",
    ids=("crm_connect.E005", "crm_connect.E006", "crm_connect.E007", "crm_connect.W004"),
    tags=(Tags.security,),
)
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
    connections = [
        effective_sources(policy, *csp.CONNECT_SRC_FALLBACK) for policy in (enforced, report_only)
    ]
    if CRM_CONNECT_MIDDLEWARE not in middleware and any(
        sources is not None and not _allows_static_files(sources) for sources in connections
    ):
        errors.append(
            Warning(
                "The Content-Security-Policy restricts connections (connect-src, or "
                "default-src) to sources that do not include the static files, and "
                f"'{CRM_CONNECT_MIDDLEWARE}' is not installed: nothing adds Skylight's SDK "
                "table (crm_connect/skylight-sdk.json, fetched by its script) to "
                "connect-src, and Skylight's commands fail with SDK_TABLE_UNAVAILABLE.",
                hint=f"Add '{CRM_CONNECT_MIDDLEWARE}' to MIDDLEWARE, or allow the static "
                "files' origin ('self' when they are on the site's own origin) in "
                "connect-src.",
                id="crm_connect.W004",
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
    return _allows_static_files(sources)


def _allows_static_files(sources: list[Any]) -> bool:
    """Whether a source list allows a file under ``STATIC_URL``."""
    values = {str(value).strip().lower() for value in sources}
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


@check("pages", ids=("crm_connect.E008", "crm_connect.W003"), tags=(Tags.security,))
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
