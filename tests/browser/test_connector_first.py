"""The connector first (issue 14): on a page with the connector, UCP and Skylight, the
other two set themselves up only after the connector has sent ``crmData``, so that
nothing the connector does not need holds the page's main thread during its handshake."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Page, Route, expect

from crm_connect.models import CallCenter
from example_project.crm.models import Contact

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
    # UCP waits as long: on a slow machine its own 1 s turn could come before the click
    monkeypatch.setattr("crm_connect.skylight.rendering.CONNECTOR_FIRST_WAIT", 60_000)
    monkeypatch.setattr("crm_connect.ucp.rendering.CONNECTOR_FIRST_WAIT", 60_000)
    agent_page.add_init_script(RECORD_ORDER)
    with override_settings(CRM_CONNECT_TEST_MARK=1):  # the cached Skylight config is rebuilt
        agent_page.goto(crm + "/", wait_until="domcontentloaded")
        assert "skylight:started" not in agent_page.evaluate("__order")
        wait = "JSON.parse(document.getElementById('crm-connect-skylight-config').textContent)"
        assert agent_page.evaluate(wait + ".connectorWait") == 60_000
        ucp = "JSON.parse(document.getElementById('crm-connect-ucp-config').textContent)"
        assert agent_page.evaluate(ucp + ".connectorWait") == 60_000
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


# --- one click dispatcher for all three, Skylight first whatever the scripts' order ---------

# Before any script: counts the click listeners the site's scripts add to the document
# (or window), Playwright's own left out, and records the priorities given to
# channel.page.handle, in the order they are registered.
INSTRUMENT = """
window.__clickListeners = [];
window.__handled = [];
const addListener = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function (type, listener, options) {
  const stack = String(new Error().stack);
  const ours = this === document || this === window;
  if (type === 'click' && ours && stack.includes(location.origin)) {
    __clickListeners.push(stack);
  }
  return addListener.call(this, type, listener, options);
};
let channel;
window.crmConnect = Object.defineProperty({}, 'channel', {
  configurable: true, enumerable: true, get: () => channel,
  set(value) {
    channel = value;
    let page;
    Object.defineProperty(value, 'page', {
      configurable: true, enumerable: true, get: () => page,
      set(made) {
        const handle = made.handle;
        made.handle = (priority, handler) => {
          __handled.push(priority);
          return handle(priority, handler);
        };
        page = made;
      },
    });
  },
});
"""


@pytest.mark.parametrize("order", ["skylight first", "connector first"])
def test_one_click_listener_for_all_three_and_skylight_dials_a_link_both_could(
    agent_page: Page, crm: str, all_three: CallCenter, agent: Any, order: str
) -> None:
    """Skylight, UCP and the connector share channel-page.js's one document click
    listener (Skylight had a capture-phase listener of its own). A {% crm_connect_tel %}
    link while Skylight runs and click-to-dial is on is both Skylight's and the
    connector's: Skylight dials it, the connector hears nothing, whichever handler was
    registered first."""
    grace = Contact.objects.create(name="Grace Hopper", phone="+1 (555) 010-0142")
    agent_page.add_init_script(INSTRUMENT)
    if order == "connector first":
        # Click-to-dial on from the start: connector.js loads its features (and the
        # core's page side) with the page; skylight.js runs only once their handler is in.
        agent_page.add_init_script(
            f"""if (location.origin === {crm!r}) {{
              sessionStorage.setItem("crmConnect.clickToDial.{agent.pk}", '{{"enabled": true}}');
            }}"""
        )

        def late(route: Route) -> None:
            script = route.fetch().text()
            route.fulfill(
                body="(function wait() {\n"
                "  if (!__handled.includes(30)) return setTimeout(wait, 20);\n"
                + script
                + "\n})();",
                content_type="text/javascript",
            )

        agent_page.route("**/crm_connect/skylight.js*", late)
    agent_page.goto(crm + "/")
    connector = agent_page.frame_locator("#crmConnectIframeId")
    expect(connector.locator("#status")).to_have_text("connected")
    if order == "skylight first":
        connector.get_by_role("button", name="click-to-dial on").click()
    expect(agent_page.locator("html")).to_have_attribute("data-crm-connect-click-to-dial", "on")
    agent_page.wait_for_function("() => __handled.includes(10) && __handled.includes(30)")
    handled = agent_page.evaluate("__handled")
    first = handled.index(10) < handled.index(30)
    assert first == (order == "skylight first"), handled
    # each protocol once, and (0) the record chooser's links of a page that keeps its
    # connector (connector-persist.js: the example boosts its pages)
    assert sorted(handled) == [0, 10, 20, 30]
    listeners = agent_page.evaluate("__clickListeners")
    assert len(listeners) == 1, listeners
    assert "/crm_connect/channel-page.js" in listeners[0]

    with agent_page.expect_popup() as opened:
        agent_page.click("[data-skylight-open]")
    popup = opened.value
    expect(agent_page.locator("[data-skylight-status]")).to_have_attribute(
        "data-skylight-status", "ready"
    )
    link = agent_page.locator(f'a[data-crm-connect-dial][data-record-id="{grace.pk}"]')
    link.click()
    expect(link).to_have_attribute("data-skylight-dial-state", "dialed")
    assert len(popup.evaluate("skylightSandbox.commands('dial')")) == 1
    frame = agent_page.frame(url=lambda url: "/sandbox/connector/" in url)
    assert frame is not None
    agent_page.wait_for_timeout(300)  # what a second dialler would have posted meanwhile
    assert frame.evaluate("sandbox.received('clickToDialResponse')") == []
    assert agent_page.url == crm + "/"
    assert len(agent_page.evaluate("__clickListeners")) == 1
