"""The connector first (issue 14): on a page with the connector, UCP and Skylight, the
other two set themselves up only after the connector has sent ``crmData``, so that
nothing the connector does not need holds the page's main thread during its handshake."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from crm_connect.models import CallCenter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What happens, in order: the connector's crmData (its "connected" event is emitted right
# after it is posted), each module's "started", and Skylight's cross-tab bus being made.
RECORD_ORDER = """
window.__order = [];
for (const name of ['connector:connected', 'skylight:started', 'ucp:started']) {
  document.addEventListener('crm-connect:' + name, () => __order.push(name));
}
const Original = window.BroadcastChannel;
window.BroadcastChannel = function (name) {
  if (String(name).startsWith('crm-connect:skylight')) __order.push('skylight:bus');
  return new Original(name);
};
"""


@pytest.fixture
def all_three(make_call_center: Any, sandbox_origin: str) -> CallCenter:
    return make_call_center(
        connector_url=f"{sandbox_origin}/sandbox/connector/",
        skylight_url=f"{sandbox_origin}/sandbox/skylight/",
    )


@pytest.fixture
def silent_connector(make_call_center: Any, other_origin: str, sandbox_origin: str) -> CallCenter:
    """A connector that never answers (a page that is not one), with Skylight."""
    return make_call_center(
        connector_url=f"{other_origin}/no-connector-here/",
        skylight_url=f"{sandbox_origin}/sandbox/skylight/",
    )


def test_skylight_and_ucp_set_up_after_the_connector_has_sent_crm_data(
    agent_page: Page, crm: str, all_three: CallCenter
) -> None:
    agent_page.add_init_script(RECORD_ORDER)
    agent_page.goto(crm + "/")
    # Both scripts are deferred: they never hold the parser.
    for script in ("ucp.js", "skylight.js"):
        assert agent_page.locator(f'script[src$="{script}"]').evaluate("(s) => s.defer")
    assert not agent_page.locator('script[src$="channel.js"]').evaluate("(s) => s.defer")
    agent_page.wait_for_function("() => __order.length >= 4")
    order = agent_page.evaluate("__order")
    assert order[0] == "connector:connected", order
    assert sorted(order[1:]) == ["skylight:bus", "skylight:started", "ucp:started"]
    assert agent_page.evaluate("crmConnect.connector.state().crmDataSent") == 1
    # And Skylight works as before.
    with agent_page.expect_popup():
        agent_page.click("[data-skylight-open]")
    expect(agent_page.locator("[data-skylight-status]")).to_have_attribute(
        "data-skylight-status", "ready"
    )


def test_without_a_live_connector_they_start_after_a_short_wait(
    agent_page: Page, crm: str, silent_connector: CallCenter
) -> None:
    """A connector that never answers (here a page that is not one) must not keep Skylight
    and UCP from working: they start after ``CONNECTOR_FIRST_WAIT`` ms."""
    agent_page.add_init_script(RECORD_ORDER)
    agent_page.goto(crm + "/")
    agent_page.wait_for_function("() => __order.includes('skylight:started')")
    agent_page.wait_for_function("() => __order.includes('ucp:started')")
    assert "connector:connected" not in agent_page.evaluate("__order")
    assert agent_page.evaluate("crmConnect.connector.state().status") == "waiting"


def test_a_click_before_the_connectors_turn_opens_skylight_at_once(
    agent_page: Page,
    crm: str,
    silent_connector: CallCenter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The launcher is live from the start: a click sets Skylight up in the click itself
    (popup blockers need the gesture), without waiting for the connector."""
    monkeypatch.setattr("crm_connect.skylight.rendering.CONNECTOR_FIRST_WAIT", 60_000)
    agent_page.add_init_script(RECORD_ORDER)
    with override_settings(CRM_CONNECT_TEST_MARK=1):  # the cached Skylight config is rebuilt
        agent_page.goto(crm + "/", wait_until="domcontentloaded")
        assert "skylight:started" not in agent_page.evaluate("__order")
        wait = "JSON.parse(document.getElementById('crm-connect-skylight-config').textContent)"
        assert agent_page.evaluate(wait + ".connectorWait") == 60_000
        with agent_page.expect_popup():
            agent_page.click("[data-skylight-open]")
    assert agent_page.evaluate("__order")[0] == "skylight:bus"
    expect(agent_page.locator("[data-skylight-status]")).to_have_attribute(
        "data-skylight-status", "ready"
    )


def test_skylight_events_sent_while_it_waits_for_the_connector_are_not_lost(
    agent_page: Page,
    crm: str,
    silent_connector: CallCenter,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    """A page that navigated while Skylight stays open sets Skylight up only after its
    connector's turn (here ``CONNECTOR_FIRST_WAIT``, a connector that never answers);
    what the popup sends meanwhile is held and delivered, not dropped."""
    # A wait long enough that the click below surely falls inside it, on a busy machine.
    monkeypatch.setattr("crm_connect.skylight.rendering.CONNECTOR_FIRST_WAIT", 5000)
    settings.CRM_CONNECT = dict(settings.CRM_CONNECT)  # built configs are rebuilt
    agent_page.goto(crm + "/")
    with agent_page.expect_popup() as opened:
        agent_page.click("[data-skylight-open]")
    popup = opened.value
    status = agent_page.locator("[data-skylight-status]")
    expect(status).to_have_attribute("data-skylight-status", "ready")
    agent_page.add_init_script(
        "window.__heard = []; window.__startedFirst = null;"
        "document.addEventListener('crm-connect:skylight:started', () => {"
        "  if (__startedFirst === null) __startedFirst = __heard.length; });"
        "document.addEventListener("
        "  'crm-connect:skylight:cxengage/interactions/work-offer-received',"
        "  (event) => __heard.push(event.detail.data.topic));"
    )
    agent_page.goto(crm + "/?again")
    assert agent_page.evaluate("__startedFirst") is None  # still waiting for the connector
    popup.get_by_role("button", name="Work offer").click()
    agent_page.wait_for_function("() => __heard.length === 1")
    # Heard when the set-up replayed what it held, before its "started" event.
    assert agent_page.evaluate("__startedFirst") == 1
    expect(status).to_have_attribute("data-skylight-status", "ready")
