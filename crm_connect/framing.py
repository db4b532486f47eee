"""Response headers for pages that other sites frame, and for pages that open popups.

* :func:`embeddable` / :class:`EmbeddableMixin`: the page may be framed by ``'self'`` and
  the origins in ``CRM_CONNECT["UCP_ORIGINS"]``, and by nobody else. It is exempted from
  ``X-Frame-Options`` (which cannot name another origin) and always gets a CSP
  ``frame-ancestors`` directive instead, with django-csp, with Django's built-in CSP, or
  with no CSP library at all. Exempting a view never leaves it framable by everyone.
* :func:`opens_popups` / :class:`OpensPopupsMixin`: ``Cross-Origin-Opener-Policy:
  same-origin-allow-popups``, without which a cross-origin popup (Skylight) cannot reach
  ``window.opener``. Code that renders a popup opener can call
  :func:`mark_opens_popups` instead, and ``CrmConnectMiddleware`` sets the header.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from inspect import iscoroutinefunction
from typing import Any, TypeVar

from asgiref.sync import markcoroutinefunction
from django.http import HttpRequest, HttpResponseBase

from crm_connect import csp
from crm_connect.conf import conf
from crm_connect.origins import valid_origins
from crm_connect.render_state import recorded_state, render_state

COOP_HEADER = "Cross-Origin-Opener-Policy"
COOP_ALLOW_POPUPS = "same-origin-allow-popups"
# COOP values under which a cross-origin popup this page opens keeps ``window.opener``.
COOP_KEEPS_OPENER = {"unsafe-none", "same-origin-allow-popups", "noopener-allow-popups"}
XFO_HEADER = "X-Frame-Options"

_ANCESTORS_ATTR = "_crm_connect_frame_ancestors"

View = TypeVar("View", bound=Callable[..., Any])


# --- framable pages ------------------------------------------------------------------


def frame_ancestors() -> list[str]:
    """``'self'`` and the configured host origins: who may frame an embeddable page."""
    return ["'self'", *valid_origins(conf.UCP_ORIGINS)]


def make_embeddable(
    response: HttpResponseBase, request: HttpRequest | None = None
) -> HttpResponseBase:
    """Let ``'self'`` and the configured host origins, and no one else, frame ``response``."""
    ancestors = frame_ancestors()
    response.xframe_options_exempt = True  # type: ignore[attr-defined]
    if XFO_HEADER in response:
        del response[XFO_HEADER]
    setattr(response, _ANCESTORS_ATTR, ancestors)
    apply_frame_ancestors(request, response, ancestors)
    return response


def apply_frame_ancestors(
    request: HttpRequest | None, response: HttpResponseBase, ancestors: list[str]
) -> None:
    def compute(directives: Mapping[str, list[str]]) -> csp.Directives:
        if directives.get("frame-ancestors") == ancestors:
            return {}
        return {"frame-ancestors": ancestors}

    if csp.will_send_policy(request, response):
        csp.update_policies(request, response, compute)
    else:
        # No library will send a policy: send one that only says who may frame the page.
        response[csp.HEADER] = "frame-ancestors " + " ".join(ancestors)


def embedding_ancestors(response: HttpResponseBase) -> list[str] | None:
    """The ``frame-ancestors`` an embeddable response must carry, or None."""
    return getattr(response, _ANCESTORS_ATTR, None)


def embeddable(view: View) -> View:
    """Decorator: the view's pages may be framed by the configured host origins."""
    return _finishing(view, make_embeddable)


class EmbeddableMixin:
    """Class-based-view mixin form of :func:`embeddable`."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return make_embeddable(response, request)


# --- popup openers -------------------------------------------------------------------


def mark_opens_popups(request: HttpRequest | None) -> None:
    """Called while rendering a page that opens a popup protocol: with
    ``CrmConnectMiddleware`` installed the response gets the COOP that keeps
    ``window.opener``."""
    if request is not None:
        render_state(request).opens_popups = True


def opens_popups_requested(request: HttpRequest) -> bool:
    state = recorded_state(request)
    return state is not None and state.opens_popups


def allow_popups(response: HttpResponseBase) -> HttpResponseBase:
    """Set a COOP that keeps ``window.opener``, unless the response already has one."""
    if response.get(COOP_HEADER, "").strip().lower() not in COOP_KEEPS_OPENER:
        response[COOP_HEADER] = COOP_ALLOW_POPUPS
    return response


def opens_popups(view: View) -> View:
    """Decorator: keep ``window.opener`` for cross-origin popups the page opens."""
    return _finishing(view, lambda response, request: allow_popups(response))


def _finishing(
    view: View, finish: Callable[[HttpResponseBase, HttpRequest], HttpResponseBase]
) -> View:
    """``view`` (sync or async) with ``finish(response, request)`` applied to its response."""
    if iscoroutinefunction(view):

        @wraps(view)
        async def async_wrapper(
            request: HttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            return finish(await view(request, *args, **kwargs), request)

        return markcoroutinefunction(async_wrapper)  # type: ignore[return-value]

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return finish(view(request, *args, **kwargs), request)

    return wrapper  # type: ignore[return-value]


class OpensPopupsMixin:
    """Class-based-view mixin form of :func:`opens_popups`."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return allow_popups(response)
