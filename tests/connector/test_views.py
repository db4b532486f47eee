"""The softphone window's page (crm_connect/connector/views.py): signed-in users whose
call center is in window mode, their own data only, the frame held back until the lock."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from crm_connect.models import CallCenter
from crm_connect.render_state import render_state

pytestmark = pytest.mark.django_db

URL = "/crm-connect/softphone/"


@pytest.fixture
def window_call_center(make_call_center: Any) -> CallCenter:
    call_center: CallCenter = make_call_center(connector_mode="window")
    return call_center


def block(html: str, element_id: str) -> dict[str, Any]:
    match = re.search(
        rf'<script[^>]* id="{element_id}" type="application/json">(.*?)</script>', html
    )
    assert match, element_id
    value: dict[str, Any] = json.loads(match.group(1))
    return value


def test_a_signed_out_visitor_is_sent_to_the_login_page(
    client: Client, window_call_center: CallCenter
) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/crm-connect/softphone/")


def test_the_window_holds_the_connector_for_the_signed_in_agent(
    client: Client, agent: User, other_agent: User, window_call_center: CallCenter
) -> None:
    client.force_login(agent)
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    html = response.content.decode()
    connector = block(html, "crm-connect-connector-config")
    assert connector["mode"] == "window"
    assert connector["crmData"]["currentUser"]["Id"] == str(agent.pk)
    assert connector["crmData"]["capabilities"]["reloadsOnNavigation"] is False
    assert str(other_agent.pk) != connector["userId"] == str(agent.pk)
    window = block(html, "crm-connect-softphone-config")
    assert window["lock"] == f"crm-connect:softphone:{agent.pk}"
    assert window["sessionUrl"] == "/crm-connect/api/softphone-session/"
    assert window["connectorUrl"] == "/static/crm_connect/connector.js"
    assert window["sessionCheck"] > 0
    # The frame waits in a <template> until this window holds the lock; connector.js
    # is loaded then, not with the page.
    assert re.search(r"<template data-crm-connect-softphone-frame><iframe id=", html)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts == [
        "/static/crm_connect/channel.js",
        "/static/crm_connect/channel-page.js",
        "/static/crm_connect/connector-window.js",
    ]
    # The connector's origin goes into this page's frame-src (CrmConnectMiddleware).
    assert render_state(response.wsgi_request).frame_src == ["https://connector.example.com"]


def test_each_agent_gets_their_own_data(
    client: Client, agent: User, other_agent: User, window_call_center: CallCenter
) -> None:
    client.force_login(other_agent)
    html = client.get(URL).content.decode()
    assert block(html, "crm-connect-connector-config")["crmData"]["currentUser"]["Id"] == str(
        other_agent.pk
    )
    assert block(html, "crm-connect-softphone-config")["userId"] == str(other_agent.pk)
    assert f'"Id":"{agent.pk}"' not in html


def test_a_docked_call_center_has_no_window(
    client: Client, agent: User, call_center: CallCenter
) -> None:
    client.force_login(agent)
    assert client.get(URL).status_code == 404


def test_no_call_center_no_window(client: Client, agent: User) -> None:
    client.force_login(agent)
    assert client.get(URL).status_code == 404


def test_a_group_s_docked_call_center_wins_for_its_members(
    client: Client, agent: User, window_call_center: CallCenter, make_call_center: Any
) -> None:
    group = Group.objects.create(name="docked")
    docked: CallCenter = make_call_center(name="Docked", is_default=False, connector_mode="docked")
    docked.groups.add(group)
    agent.groups.add(group)
    client.force_login(agent)
    assert client.get(URL).status_code == 404
