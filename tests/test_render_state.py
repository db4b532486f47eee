"""``request.crm_connect``: one render-state object instead of private request keys."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from crm_connect import call_centers
from crm_connect.framing import mark_opens_popups
from crm_connect.middleware import CrmConnectMiddleware
from crm_connect.models import CallCenter
from crm_connect.render_state import RenderState, recorded_state, render_state

SKYLIGHT = {"SKYLIGHT_URL": "https://skylight.example.com/"}


def test_render_state_is_created_once_and_attached_as_request_crm_connect(
    rf: RequestFactory,
) -> None:
    request = rf.get("/")
    assert recorded_state(request) is None
    assert not hasattr(request, "crm_connect")
    state = render_state(request)
    assert state == RenderState()
    assert request.crm_connect is state  # type: ignore[attr-defined]
    assert render_state(request) is state
    assert recorded_state(request) is state


def test_something_else_called_crm_connect_is_not_taken_for_the_state(rf: RequestFactory) -> None:
    request = rf.get("/")
    request.crm_connect = "not ours"  # type: ignore[attr-defined]
    assert recorded_state(request) is None
    assert isinstance(render_state(request), RenderState)


@pytest.mark.django_db
@override_settings(CRM_CONNECT=SKYLIGHT)
def test_a_page_with_every_tag_records_everything_in_one_object(
    rf: RequestFactory, agent: User, call_center: CallCenter
) -> None:
    """Without the middleware: the tags record, and the request holds no other key."""
    request = rf.get("/")
    request.user = agent
    before = set(vars(request))
    Template(
        "{% load crm_connect %}{% crm_connect_connector %}{% crm_connect_ucp %}"
        "{% crm_connect_ucp %}{% crm_connect_skylight %}"
    ).render(Context({"request": request, "csp_nonce": "abc"}))
    assert set(vars(request)) - before == {"crm_connect"}
    state = request.crm_connect  # type: ignore[attr-defined]
    assert state.nonce == "abc"
    assert state.frame_src == ["https://connector.example.com"]
    assert state.scripts == {
        "crm_connect/channel.js",
        "crm_connect/connector.js",
        "crm_connect/channel-lazy.js",  # which runs ucp.js and skylight.js later
    }
    assert state.ucp_rendered is True
    assert state.call_center_resolved is True
    assert state.call_center is not None
    assert state.call_center.connector_url == "https://connector.example.com/app/"


def test_the_middleware_reads_the_state_and_creates_none(rf: RequestFactory) -> None:
    middleware = CrmConnectMiddleware(lambda request: HttpResponse())
    plain = rf.get("/")
    response = middleware(plain)
    assert not hasattr(plain, "crm_connect")
    assert "Cross-Origin-Opener-Policy" not in response

    popup_page = rf.get("/")
    mark_opens_popups(popup_page)
    assert popup_page.crm_connect.opens_popups is True  # type: ignore[attr-defined]
    response = middleware(popup_page)
    assert response["Cross-Origin-Opener-Policy"] == "same-origin-allow-popups"


@pytest.mark.django_db
def test_a_request_resolves_its_call_center_once_even_when_there_is_none(
    rf: RequestFactory, agent: User, monkeypatch: Any
) -> None:
    calls: list[object] = []

    def resolve(user: object) -> None:
        calls.append(user)

    monkeypatch.setattr(call_centers, "call_center_for", resolve)
    request = rf.get("/")
    request.user = agent
    assert call_centers.call_center_for_request(request) is None
    assert call_centers.call_center_for_request(request) is None
    assert calls == [agent]
