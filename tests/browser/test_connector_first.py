"""The connector first (issue 14): on a page with the connector, UCP and Skylight, the
page downloads and runs nothing but the core and the connector's script until the connector
has its ``crmData``; ``channel-lazy.js`` (the core's loader) then runs UCP's and Skylight's
scripts, which set themselves up at once. Clicks and Skylight's messages that come
meanwhile are held and handed over, not lost."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Page, Route, expect

from crm_connect.models import CallCenter
from crm_connect.skylight.rendering import SKYLIGHT_SCRIPTS
from crm_connect.ucp.rendering import UCP_SCRIPTS
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

# When the connector posted crmData (its "connected" event comes right after the post),
# and when each script element was added to the page, on the page's clock.
RECORD_TIMES = """
if (location.pathname.indexOf('/sandbox/') !== 0) {
  window.__times = { connected: null, scripts: [] };
  document.addEventListener('crm-connect:connector:connected', () => {
    if (__times.connected === null) __times.connected = performance.now();
  });
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.tagName === 'SCRIPT' && node.src) {
          __times.scripts.push([node.src.split('/').pop().split('?')[0], performance.now()]);
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
}
"""

# What the loader runs later: UCP's and Skylight's scripts (channel-page.js, named by both, once).
LATER = tuple(dict.fromkeys(Path(path).name for path in (*UCP_SCRIPTS, *SKYLIGHT_SCRIPTS)))
# What a page that keeps its docked connector across navigations loads with the connector
# (deferred): the core's page side and the connector's hooks for boosted navigations.
PERSISTENT = ("channel-page.js", "connector-persist.js")

# When each of those was requested (Resource Timing: the fetch's start), and when the
# sandbox connector received crmData, both as absolute times.
REQUESTED = """(names) => performance.getEntriesByType('resource')
  .map((entry) => [entry.name.split('/').pop().split('?')[0], entry.startTime])
  .filter(([name]) => names.includes(name))
  .map(([name, start]) => [name, performance.timeOrigin + start])"""
CRM_DATA_RECEIVED = """() => {
  const entry = sandbox.log.find((e) => e.direction === 'in' && e.message.action === 'crmData');
  return performance.timeOrigin + entry.t;
}"""
# The sandbox's log stamped with performance.now() (its own `at` is in whole ms).
STAMP_SANDBOX_LOG = """(() => {
  if (!location.pathname.startsWith('/sandbox/connector')) return;
  let box;
  Object.defineProperty(window, 'sandbox', {
    configurable: true,
    get() { return box; },
    set(value) {
      const push = value.log.push;
      value.log.push = function (entry) {
        entry.t = performance.now();
        return push.call(this, entry);
      };
      box = value;
    },
  });
})();"""


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


def test_the_page_runs_only_the_core_and_the_connector_until_crm_data_is_sent(
    agent_page: Page, crm: str, all_three: CallCenter
) -> None:
    agent_page.add_init_script(RECORD_ORDER)
    agent_page.add_init_script(RECORD_TIMES)
    agent_page.add_init_script(STAMP_SANDBOX_LOG)
    agent_page.goto(crm + "/")
    # The tags' scripts (in the page's body; the loader adds to its head): the core and
    # the connector, and the core's loader (deferred); UCP's and Skylight's scripts are only
    # named in their blocks. The example keeps its connector across boosted navigations
    # (persistent=True), so the connector's own hooks for that come with it, deferred.
    tags = agent_page.evaluate(
        "[...document.querySelectorAll('body script[src*=\"/crm_connect/\"]')]"
        ".map((s) => [s.src.split('/').pop(), s.defer])"
    )
    agent_page.evaluate("crmConnect.channel.loaded().then(() => true)")
    assert sorted(tags) == sorted(
        [["channel.js", False], ["channel-lazy.js", True], ["connector.js", False]]
        + [[name, True] for name in PERSISTENT]
    )

    order = agent_page.evaluate("__order")
    assert order[0] == "connector:connected", order
    assert sorted(order[1:4]) == ["skylight:bus", "skylight:started", "ucp:started"]
    times = agent_page.evaluate("__times")
    late = [name for name in LATER if name not in PERSISTENT]
    # (The example CRM's own scripts, htmx and its event feed, are not the app's.)
    later = [[name, at] for name, at in times["scripts"] if name in late]
    assert sorted(name for name, _ in later) == sorted(late), times  # each once
    assert all(at > times["connected"] for _, at in later), times
    # Requested (each once) after the connector had posted crmData; the sandbox had it.
    requested = agent_page.evaluate(REQUESTED, late)
    sent = agent_page.evaluate("performance.timeOrigin + __times.connected")
    frame = agent_page.frame(url=lambda url: "/sandbox/connector/" in url)
    assert frame is not None
    received = frame.evaluate(CRM_DATA_RECEIVED)
    assert sorted(name for name, _ in requested) == sorted(late), requested
    assert all(at > sent for _, at in requested), (sent, received, requested)
    assert agent_page.evaluate("crmConnect.connector.state().crmDataSent") == 1
    # And Skylight works as before.
    with agent_page.expect_popup():
        agent_page.click("[data-skylight-open]")
    expect(agent_page.locator("[data-skylight-status]")).to_have_attribute(
        "data-skylight-status", "ready"
    )


def test_without_the_connector_they_load_at_once(
    agent_page: Page,
    crm: str,
    make_call_center: Any,
    sandbox_origin: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Nothing to wait for: UCP's and Skylight's scripts load as the page is parsed,
    however long the connector's turn would be."""
    make_call_center(connector_url="", skylight_url=f"{sandbox_origin}/sandbox/skylight/")
    monkeypatch.setattr("crm_connect.rendering.CONNECTOR_FIRST_WAIT", 60_000)
    agent_page.add_init_script(RECORD_ORDER)
    with override_settings(CRM_CONNECT_TEST_MARK=1):  # the cached configurations are rebuilt
        agent_page.goto(crm + "/", wait_until="domcontentloaded")
        agent_page.wait_for_function("() => __order.includes('skylight:started')")
    block = "JSON.parse(document.getElementById('crm-connect-skylight-config').textContent)"
    assert agent_page.evaluate(block + ".load.wait") == 60_000
    assert "ucp:started" in agent_page.evaluate("__order")
    assert agent_page.evaluate("Object.keys(crmConnect).sort()") == ["channel", "skylight", "ucp"]


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


# Before any script: each window.open() with whether the page had the user's activation
# then (what popup blockers look at); each click as it comes (trusted or not, Skylight's
# script there or not), and what the page's own click handlers then see of it (trusted or
# not, its default prevented or not).
RECORD_OPENS = """
window.__opens = [];
window.__clicks = [];
window.__seen = [];
const open = window.open;
window.open = function (...args) {
  __opens.push(navigator.userActivation.isActive);
  return open.apply(this, args);
};
window.addEventListener('click', (event) => {
  __clicks.push([event.isTrusted, !!(window.crmConnect && crmConnect.skylight)]);
}, true);
window.addEventListener('click', (event) => {
  __seen.push([event.isTrusted, event.defaultPrevented]);
});
"""


def test_a_click_before_the_connectors_turn_opens_skylight_at_once(
    agent_page: Page,
    crm: str,
    silent_connector: CallCenter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The launcher is live from the start: a click before Skylight's script has run
    loads it at once (the connector's turn is not waited for) and is dispatched again once
    it has, within the click's user activation: the popup opens, as a user gesture."""
    monkeypatch.setattr("crm_connect.rendering.CONNECTOR_FIRST_WAIT", 60_000)

    def slow(route: Route) -> None:
        time.sleep(0.3)  # surely after the click, on any machine
        route.continue_()

    agent_page.route("**/crm_connect/skylight.js*", slow)
    agent_page.add_init_script(RECORD_ORDER)
    agent_page.add_init_script(RECORD_OPENS)
    with override_settings(CRM_CONNECT_TEST_MARK=1):  # the cached configurations are rebuilt
        agent_page.goto(crm + "/", wait_until="domcontentloaded")
        assert "skylight:started" not in agent_page.evaluate("__order")
        block = "JSON.parse(document.getElementById('crm-connect-{}-config').textContent)"
        assert agent_page.evaluate(block.format("skylight") + ".load.wait") == 60_000
        assert agent_page.evaluate(block.format("ucp") + ".load.wait") == 60_000
        with agent_page.expect_popup():
            agent_page.click("[data-skylight-open]")
    order = agent_page.evaluate("__order")
    assert [name for name in order if name.startswith("skylight")] == [
        "skylight:bus",
        "skylight:started",
    ]
    assert "connector:connected" not in order
    # The agent's click, before skylight.js; then the same click dispatched again, once:
    # the page's own handlers see that one only.
    assert agent_page.evaluate("__clicks") == [[True, False], [False, True]]
    assert agent_page.evaluate("__seen") == [[False, False]]
    assert agent_page.evaluate("__opens") == [True]
    expect(agent_page.locator("[data-skylight-status]")).to_have_attribute(
        "data-skylight-status", "ready"
    )


def test_a_dial_link_clicked_before_the_connectors_turn_dials_once_loaded(
    agent_page: Page,
    crm: str,
    silent_connector: CallCenter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Skylight dial link clicked before Skylight's script has run is not followed by
    the browser (no tel: navigation): Skylight opens and dials it once loaded."""
    monkeypatch.setattr("crm_connect.rendering.CONNECTOR_FIRST_WAIT", 60_000)
    agent_page.add_init_script(RECORD_OPENS)
    with override_settings(CRM_CONNECT_TEST_MARK=1):
        agent_page.goto(crm + "/", wait_until="domcontentloaded")
        agent_page.evaluate(
            """() => {
              const link = Object.assign(document.createElement('a'), {
                href: 'tel:+15550100199', textContent: 'Call Ada',
              });
              link.setAttribute('data-skylight-dial', '+15550100199');
              document.body.prepend(link);
            }"""
        )
        assert agent_page.evaluate("!crmConnect.skylight")
        with agent_page.expect_popup() as opened:
            agent_page.click("text=Call Ada")
    link = agent_page.locator("a[data-skylight-dial]")
    expect(link).to_have_attribute("data-skylight-dial-state", "dialed")
    assert len(opened.value.evaluate("skylightSandbox.commands('dial')")) == 1
    assert agent_page.evaluate("__opens") == [True]
    # The browser did not follow the link: the click it saw was Skylight's, prevented.
    assert agent_page.evaluate("__seen") == [[False, True]]
    assert agent_page.url == crm + "/"


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
    monkeypatch.setattr("crm_connect.rendering.CONNECTOR_FIRST_WAIT", 5000)
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

# Before any script: the click listeners the site's scripts have on the document (or
# window), Playwright's own left out (the loader's, which holds early clicks, is removed
# once the modules it waited for have run), and the priorities given to
# channel.page.handle, in the order they are registered.
INSTRUMENT = """
const clickListeners = new Map();
window.__clickListeners = () => [...clickListeners.values()];
window.__handled = [];
const addListener = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function (type, listener, options) {
  const stack = String(new Error().stack);
  const ours = this === document || this === window;
  if (type === 'click' && ours && stack.includes(location.origin)) {
    clickListeners.set(listener, stack);
  }
  return addListener.call(this, type, listener, options);
};
const removeListener = EventTarget.prototype.removeEventListener;
EventTarget.prototype.removeEventListener = function (type, listener, options) {
  if (type === 'click') clickListeners.delete(listener);
  return removeListener.call(this, type, listener, options);
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
    agent_page.evaluate("crmConnect.channel.loaded().then(() => true)")
    listeners = agent_page.evaluate("__clickListeners()")
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
    assert len(agent_page.evaluate("__clickListeners()")) == 1
