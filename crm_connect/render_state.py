"""What ``crm_connect`` records about one request while its page renders.

The template tags note what the page embeds and loads (scripts, the connector's frame,
a popup protocol), and :class:`~crm_connect.middleware.CrmConnectMiddleware` turns that
into response headers. All of it lives in one object, ``request.crm_connect`` (as
django-htmx attaches ``request.htmx``), created on first use, so the tags work without
the middleware. Read and write it through :func:`render_state`, which is typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest

    from crm_connect.call_centers import ResolvedCallCenter

ATTRIBUTE = "crm_connect"


@dataclass
class RenderState:
    """One request's render state; every field starts at "nothing recorded yet"."""

    #: The CSP nonce the tags put on their ``<script>`` tags (one per request), once found.
    nonce: str | None = None
    #: Origins of the frames the page embeds, for its ``frame-src`` (the middleware adds them).
    frame_src: list[str] = field(default_factory=list)
    #: Sources the page's scripts fetch from (Skylight's SDK table), for its ``connect-src``.
    connect_src: list[str] = field(default_factory=list)
    #: Static scripts already rendered: each loads at most once per page.
    scripts: set[str] = field(default_factory=set)
    #: The page opens a popup protocol (Skylight): it needs a COOP that keeps the opener.
    opens_popups: bool = False
    #: ``{% crm_connect_ucp %}`` already rendered its configuration and scripts.
    ucp_rendered: bool = False
    #: The user's call center, once resolved (``None`` is a valid answer: see ``resolved``).
    call_center: ResolvedCallCenter | None = None
    call_center_resolved: bool = False


def render_state(request: HttpRequest) -> RenderState:
    """``request.crm_connect``, created on first use."""
    state = getattr(request, ATTRIBUTE, None)
    if not isinstance(state, RenderState):
        state = RenderState()
        setattr(request, ATTRIBUTE, state)
    return state


def recorded_state(request: HttpRequest) -> RenderState | None:
    """``request.crm_connect`` if a tag created it, without creating it (for the middleware,
    which runs on every response)."""
    state = getattr(request, ATTRIBUTE, None)
    return state if isinstance(state, RenderState) else None
