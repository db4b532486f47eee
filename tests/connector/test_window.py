"""Window mode's pages (crm_connect/connector/window.py): the status and the button in
place of the iframe, their configuration, and the window's size from the definition."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from crm_connect.call_centers import ResolvedCallCenter
from crm_connect.connector.window import CONFIG_ID, SIZE_RANGE, window_size
from crm_connect.models import CallCenter

pytestmark = pytest.mark.django_db


def render(user: Any, source: str = "{% crm_connect_connector %}") -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load crm_connect %}" + source).render(Context({"request": request}))


def softphone_config(html: str) -> dict[str, Any]:
    match = re.search(rf'<script id="{CONFIG_ID}" type="application/json">(.*?)</script>', html)
    assert match, html
    config: dict[str, Any] = json.loads(match.group(1))
    return config


def with_size(call_center: CallCenter, width: str, height: str) -> ResolvedCallCenter:
    call_center.settings = {
        **call_center.settings,
        "ReqGeneralInfo": {"reqSoftphoneWidth": width, "reqSoftphoneHeight": height},
    }
    return ResolvedCallCenter.from_model(call_center)


def test_a_window_mode_page_shows_a_status_and_a_button_instead_of_the_iframe(
    agent: User, make_call_center: Any
) -> None:
    make_call_center(connector_mode="window")
    html = render(agent)
    assert "<iframe" not in html
    assert "connector.js" not in html.replace("connector-tab.js", "")
    assert (
        '<div class="crm-connect-softphone" data-crm-connect-softphone="closed">'
        '<span class="crm-connect-softphone-status" role="status"'
        " data-crm-connect-softphone-status>Softphone closed</span>"
        ' <button type="button" data-crm-connect-softphone-open>Open softphone</button></div>'
    ) in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts == [
        "/static/crm_connect/channel.js",
        "/static/crm_connect/channel-page.js",
        "/static/crm_connect/connector-tab.js",
    ]
    assert "onclick" not in html


def test_the_tab_configuration_names_the_window_and_this_user(
    agent: User, make_call_center: Any
) -> None:
    make_call_center(connector_mode="window")
    config = softphone_config(render(agent))
    assert config["mode"] == "window"
    assert config["userId"] == str(agent.pk)
    assert config["windowUrl"] == "/crm-connect/softphone/"
    assert config["windowName"] == "crmConnectSoftphone"
    assert config["windowFeatures"] == "popup,width=300,height=640"  # the vendor's defaults
    assert config["origin"] == "https://connector.example.com"
    assert set(config["texts"]) >= {"closed", "opening", "connected", "blocked", "dialHint"}
    # What only the window needs stays out of the pages.
    assert not {"lock", "sessionUrl", "connectorUrl"} & set(config)


@override_settings(CRM_CONNECT={"CONNECTOR_MODE": "window"})
def test_the_setting_puts_every_call_center_without_a_mode_in_a_window(
    agent: User, call_center: CallCenter
) -> None:
    assert "data-crm-connect-softphone-open" in render(agent)


def test_anonymous_users_get_nothing(make_call_center: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    make_call_center(connector_mode="window")
    assert render(AnonymousUser()) == ""


def test_the_window_size_comes_from_the_definition(call_center: CallCenter) -> None:
    assert window_size(with_size(call_center, "420", "700")) == (420, 700)
    assert window_size(with_size(call_center, " 500 ", "900")) == (500, 900)


@pytest.mark.parametrize("bad", ["", "wide", "-300", "12.5", "10", "99999"])
def test_an_unusable_size_is_the_vendors_default(call_center: CallCenter, bad: str) -> None:
    assert window_size(with_size(call_center, bad, bad)) == (300, 640)
    low, high = SIZE_RANGE
    assert low <= 300 <= high


def test_the_docked_tag_is_one_element_that_htmx_and_turbo_keep(
    agent: User, call_center: CallCenter
) -> None:
    html = render(agent)
    assert html.startswith(
        '<div id="crm-connect-connector" class="crm-connect-connector" hx-preserve'
        " data-turbo-permanent>"
    )
    assert html.endswith("</iframe></div>")
    assert "connector-persist.js" not in html


def test_a_persistent_page_says_so_and_loads_its_hooks(
    agent: User, call_center: CallCenter
) -> None:
    html = render(agent, "{% crm_connect_connector persistent=True %}")
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts[-2:] == [
        "/static/crm_connect/channel-page.js",
        "/static/crm_connect/connector-persist.js",
    ]
    match = re.search(r'id="crm-connect-connector-config" type="application/json">(.*?)<', html)
    assert match
    config = json.loads(match.group(1))
    assert config["crmData"]["capabilities"]["reloadsOnNavigation"] is False
    assert config["crmDataUrl"] == "/crm-connect/api/crm-data/?persistent=true"
    plain = render(agent)
    match = re.search(r'id="crm-connect-connector-config" type="application/json">(.*?)<', plain)
    assert match
    assert json.loads(match.group(1))["crmData"]["capabilities"]["reloadsOnNavigation"] is True


def test_a_boosted_request_gets_an_empty_element_in_place_of_the_kept_one(
    agent: User, call_center: CallCenter
) -> None:
    """htmx keeps the page's element (hx-preserve); a frame in the response would start
    loading the connector once swapped in, only to be thrown away."""
    for header in ("HTTP_HX_BOOSTED", "HTTP_HX_HISTORY_RESTORE_REQUEST"):
        request = RequestFactory().get("/", **{header: "true"})
        request.user = agent
        html = Template("{% load crm_connect %}{% crm_connect_connector persistent=True %}").render(
            Context({"request": request})
        )
        assert html == (
            '<div id="crm-connect-connector" class="crm-connect-connector" hx-preserve'
            " data-turbo-permanent></div>"
        )
        # A page that does not keep its connector renders it whole.
        request = RequestFactory().get("/", **{header: "true"})
        request.user = agent
        html = Template("{% load crm_connect %}{% crm_connect_connector %}").render(
            Context({"request": request})
        )
        assert "<iframe" in html
