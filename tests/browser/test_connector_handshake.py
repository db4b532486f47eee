"""The connector handshake, end to end: CRM page <-> sandbox connector in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Frame, Page, expect

from crm_connect.connector.definition import with_defaults
from crm_connect.models import CallCenter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_crm(page: Page, crm: str, path: str = "/") -> Frame:
    """Open a CRM page and wait until the sandbox connector has its crmData."""
    page.goto(crm + path)
    frame = page.frame_locator("#crmConnectIframeId")
    expect(frame.locator("#status")).to_have_text("connected")
    connector = page.frame(url=lambda url: "/sandbox/connector/" in url)
    assert connector is not None
    return connector


def test_handshake_delivers_the_agents_crm_data(
    agent_page: Page, crm: str, connector_call_center: CallCenter
) -> None:
    connector = open_crm(agent_page, crm)
    expect(
        agent_page.frame_locator("#crmConnectIframeId").locator('[data-field="Name"]')
    ).to_have_text("Alice Agent")
    state = agent_page.evaluate("crmConnect.connector.state()")
    assert state["status"] == "connected"
    assert state["crmDataSent"] == 1
    assert connector.evaluate("sandbox.crmDataCount") == 1


def test_crm_data_matches_seed_002_shape_key_by_key(
    agent_page: Page, crm: str, connector_call_center: CallCenter, agent: Any
) -> None:
    connector = open_crm(agent_page, crm)
    data = connector.evaluate("sandbox.crmData")
    assert list(data) == ["callCenterSettings", "currentUser", "capabilities"]
    assert data["callCenterSettings"] == with_defaults(connector_call_center.settings)
    user = data["currentUser"]
    assert list(user) == ["attributes", "Name", "Username", "Id", "LanguageLocaleKey"]
    assert user == {
        "attributes": {"type": "User"},
        "Name": "Alice Agent",
        "Username": "agent",
        "Id": str(agent.pk),
        "LanguageLocaleKey": "en_US",
    }
    assert data["capabilities"] == {
        "directoryAvailable": True,
        "name": "Test CRM",
        # The example's pages keep the connector (htmx, persistent=True): no reload.
        "reloadsOnNavigation": False,
        "lightningComponentsAvailable": False,
    }


def test_every_ready_is_acknowledged(
    agent_page: Page, crm: str, connector_call_center: CallCenter
) -> None:
    connector = open_crm(agent_page, crm)
    before = connector.evaluate("sandbox.acks")
    for _ in range(3):
        connector.evaluate("sandbox.send('ready')")
    connector.wait_for_function(f"sandbox.acks === {before + 3}")
    assert agent_page.evaluate("crmConnect.connector.state().ready") >= before + 3


def test_every_request_crm_data_is_answered(
    agent_page: Page, crm: str, connector_call_center: CallCenter
) -> None:
    connector = open_crm(agent_page, crm)
    connector.evaluate("sandbox.send('requestCrmData'); sandbox.send('requestCrmData')")
    connector.wait_for_function("sandbox.crmDataCount === 3")
    assert agent_page.evaluate("crmConnect.connector.state().crmDataSent") == 3


@override_settings(CRM_CONNECT={"INLINE_CRM_DATA": False, "DEBUG": True})
def test_without_inline_data_the_endpoint_is_used(
    agent_page: Page, crm: str, connector_call_center: CallCenter
) -> None:
    requests: list[str] = []
    agent_page.on("request", lambda request: requests.append(request.url))
    connector = open_crm(agent_page, crm)
    assert connector.evaluate("sandbox.crmData.currentUser.Username") == "agent"
    # ?persistent=true: the example's pages keep the connector (reloadsOnNavigation false)
    assert any(url.endswith("/crm-connect/api/crm-data/?persistent=true") for url in requests)


SPOOF = """([origin, message]) => new Promise((resolve) => {
  const frame = document.createElement('iframe');
  frame.src = origin + '/sandbox/';
  frame.addEventListener('load', () => {
    resolve(true);
  });
  document.body.appendChild(frame);
  window.__spoofer = frame;
})"""


def spoof_from(page: Page, origin: str, message: dict[str, Any]) -> None:
    """Load a page of ``origin`` into a new iframe and post ``message`` to the CRM page."""
    page.evaluate(SPOOF, [origin, message])
    frame = page.frame(url=lambda url: url.startswith(origin) and url.endswith("/sandbox/"))
    assert frame is not None
    for _ in range(5):
        frame.evaluate("(message) => window.parent.postMessage(message, '*')", message)


@pytest.mark.parametrize("which", ["other origin", "other window of the connector's origin"])
def test_messages_not_from_the_connector_window_are_ignored(
    agent_page: Page,
    crm: str,
    connector_call_center: CallCenter,
    sandbox_origin: str,
    other_origin: str,
    which: str,
) -> None:
    connector = open_crm(agent_page, crm)
    agent_page.evaluate(
        """() => { window.__seen = 0;
        const count = () => window.__seen++;
        document.addEventListener('crm-connect:connector:ready', count);
        document.addEventListener('crm-connect:connector:requestCrmData', count); }"""
    )
    before = agent_page.evaluate("crmConnect.connector.state()")
    acks = connector.evaluate("sandbox.acks")
    origin = other_origin if which == "other origin" else sandbox_origin
    spoof_from(agent_page, origin, {"type": "CRMConnectMessage", "action": "ready"})
    spoof_from(agent_page, origin, {"type": "CRMConnectMessage", "action": "requestCrmData"})
    # A genuine message after the spoofed ones: once it is handled, they were too.
    connector.evaluate("sandbox.send('ready')")
    connector.wait_for_function(f"sandbox.acks === {acks + 1}")
    assert agent_page.evaluate("window.__seen") == 1
    after = agent_page.evaluate("crmConnect.connector.state()")
    assert after["ready"] == before["ready"] + 1
    assert after["crmDataSent"] == before["crmDataSent"]
    assert connector.evaluate("sandbox.crmDataCount") == 1


def test_the_connector_frame_navigated_to_another_origin_is_not_trusted(
    agent_page: Page, crm: str, connector_call_center: CallCenter, other_origin: str
) -> None:
    """Same window, other origin: the origin check alone must reject it."""
    open_crm(agent_page, crm)
    before = agent_page.evaluate("crmConnect.connector.state()")
    agent_page.evaluate(
        "(url) => { document.getElementById('crmConnectIframeId').src = url; }",
        f"{other_origin}/sandbox/",
    )
    frame = None
    for _ in range(50):
        frame = agent_page.frame(url=lambda url: url.startswith(other_origin))
        if frame is not None:
            break
        agent_page.wait_for_timeout(100)
    assert frame is not None
    frame.wait_for_load_state()
    for _ in range(5):
        frame.evaluate(
            "window.parent.postMessage({type: 'CRMConnectMessage', action: 'ready'}, '*');"
            "window.parent.postMessage({type: 'CRMConnectMessage', action: 'requestCrmData'}, '*');"
        )
    # Let the page handle them, then look: nothing counted, nothing sent.
    agent_page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 200))")
    assert agent_page.evaluate("crmConnect.connector.state()") == before
