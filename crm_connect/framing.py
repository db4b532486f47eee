"""Response headers for pages that other sites frame, and for pages that open popups.

* :func:`embeddable` / :class:`EmbeddableMixin`: the page may be framed by ``'self'`` and
  the origins in ``CRM_CONNECT["UCP_ORIGINS"]``, and by nobody else. It is exempted from
  ``X-Frame-Options`` (which cannot name another origin) and always gets a CSP
  ``frame-ancestors`` directive instead, with django-csp, with Django's built-in CSP, or
  with no CSP library at all.
* :func:`opens_popups` / :class:`OpensPopupsMixin`: ``Cross-Origin-Opener-Policy:
  same-origin-allow-popups``, without which a cross-origin popup (Skylight) cannot reach
  ``window.opener``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from crm_connect.conf import conf

DJANGO_CSP_MIDDLEWARE = "csp.middleware.CSPMiddleware"
BUILTIN_CSP_MIDDLEWARE = "django.middleware.csp.ContentSecurityPolicyMiddleware"
CSP_HEADER = "Content-Security-Policy"
COOP_HEADER = "Cross-Origin-Opener-Policy"
COOP_ALLOW_POPUPS = "same-origin-allow-popups"

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def frame_ancestors() -> list[str]:
    return ["'self'", *conf.UCP_ORIGINS]


def make_embeddable(response: HttpResponseBase) -> HttpResponseBase:
    """Let ``'self'`` and the configured host origins, and no one else, frame ``response``."""
    ancestors = frame_ancestors()
    response.xframe_options_exempt = True  # type: ignore[attr-defined]
    middleware = settings.MIDDLEWARE
    if CSP_HEADER in response:
        response[CSP_HEADER] = _replace_directive(
            response[CSP_HEADER], "frame-ancestors", ancestors
        )
    elif DJANGO_CSP_MIDDLEWARE in middleware:
        replace = getattr(response, "_csp_replace", None) or {}
        response._csp_replace = {**replace, "frame-ancestors": ancestors}  # type: ignore[attr-defined]
    elif BUILTIN_CSP_MIDDLEWARE in middleware and getattr(settings, "SECURE_CSP", None):
        config = getattr(response, "_csp_config", None) or settings.SECURE_CSP
        response._csp_config = {**config, "frame-ancestors": ancestors}  # type: ignore[attr-defined]
    else:
        response[CSP_HEADER] = "frame-ancestors " + " ".join(ancestors)
    return response


def _replace_directive(policy: str, directive: str, values: list[str]) -> str:
    parts = [part.strip() for part in policy.split(";") if part.strip()]
    kept = [part for part in parts if part.split()[0].lower() != directive]
    return "; ".join([*kept, f"{directive} {' '.join(values)}"])


def embeddable(view: View) -> View:
    """Decorator: the view's pages may be framed by the configured host origins."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return make_embeddable(view(request, *args, **kwargs))

    return wrapper  # type: ignore[return-value]


def opens_popups(view: View) -> View:
    """Decorator: keep ``window.opener`` for cross-origin popups the page opens."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response[COOP_HEADER] = COOP_ALLOW_POPUPS
        return response

    return wrapper  # type: ignore[return-value]


class EmbeddableMixin:
    """Class-based-view mixin form of :func:`embeddable`."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return make_embeddable(super().dispatch(request, *args, **kwargs))  # type: ignore[misc]


class OpensPopupsMixin:
    """Class-based-view mixin form of :func:`opens_popups`."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        response[COOP_HEADER] = COOP_ALLOW_POPUPS
        return response  # type: ignore[no-any-return]
