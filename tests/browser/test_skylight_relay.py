"""skylight-relay.js, the cross-tab relay, loaded only when a tab needs it (issue 14).

A tab needs the relay when it takes up the popup (open(), or its next page reconnecting:
other tabs may ask for it at once), when it finds another tab recorded as the holder (it
must read that tab's answer), or when another tab's Skylight speaks on the bus (a status
other than closed, or an event). Any other page never requests the file.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request, Route, expect

from crm_connect.models import CallCenter

from .test_skylight import call, open_skylight, open_windows, status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RELAY = "skylight-relay.js"

# What the page reports through the "error" event, from its first script on.
RECORD_ERRORS = """window.__errors = [];
document.addEventListener('crm-connect:skylight:error',
  (event) => __errors.push(event.detail.data.code));
document.addEventListener('crm-connect:skylight:started', () => { window.__started = true; });"""


def relay_requests(page: Page) -> list[str]:
    """The URLs of the page's requests for the relay, as they are made."""
    requested: list[str] = []

    def on_request(request: Request) -> None:
        if RELAY in request.url:
            requested.append(request.url)

    page.on("request", on_request)
    page.add_init_script(RECORD_ERRORS)
    return requested


def test_a_page_that_neither_holds_nor_hears_skylight_never_requests_the_relay(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    requested = relay_requests(agent_page)
    agent_page.goto(crm + "/")
    agent_page.wait_for_function("window.__started === true")
    # What works without another tab: the state, handlers, a command refused while closed.
    assert agent_page.evaluate("crmConnect.skylight.state().status") == "closed"
    agent_page.evaluate("crmConnect.skylight.on('*', () => {})")
    assert call(agent_page, "dial", "+15555550100")["error"]["code"] == "CLOSED"
    # Another tab that also only looks: its hello is for holders, not for this page.
    other = agent_page.context.new_page()
    other_requested = relay_requests(other)
    other.goto(crm + "/")
    other.wait_for_function("window.__started === true")
    agent_page.wait_for_timeout(300)
    assert requested == []
    assert other_requested == []
    assert agent_page.evaluate("document.querySelector('script[src*=\"skylight-relay\"]')") is None
    assert agent_page.evaluate("__errors") == []


def test_the_opener_loads_the_relay_and_a_tab_that_hears_its_skylight_does_too(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    listener = agent_page
    listened = relay_requests(listener)
    listener.goto(crm + "/")
    listener.wait_for_function("window.__started === true")
    assert listened == []

    opener = listener.context.new_page()
    opened = relay_requests(opener)
    opener.goto(crm + "/")
    opener.wait_for_function("window.__started === true")
    assert opened == []
    open_skylight(opener)
    assert len(opened) == 1
    assert opener.evaluate("crmConnect.skylight.state().role") == "popup"
    # The first tab heard the opener's Skylight, loaded the relay, and follows it.
    status(listener).to_have_attribute("data-skylight-status", "ready")
    assert len(listened) == 1
    assert listener.evaluate("crmConnect.skylight.state().role") == "relay"
    assert call(listener, "dial", "+15555550101")["ok"]
    assert listener.evaluate("__errors") == opener.evaluate("__errors") == []


def test_a_tab_that_finds_a_recorded_holder_loads_the_relay_at_once(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    """localStorage names a holder tab that is gone without a word: the page loads the
    relay for its answer, and after the discovery second counts it as gone."""
    requested = relay_requests(agent_page)
    agent_page.goto(crm + "/")
    agent_page.wait_for_function("window.__started === true")
    assert requested == []
    agent_page.evaluate(
        "() => { const s = crmConnect.skylight;"
        " localStorage.setItem('crm-connect:skylight-holder:' + s.origin + ':' + s.windowName,"
        " JSON.stringify('a-tab-gone')); }"
    )
    agent_page.reload()
    agent_page.wait_for_function("window.__started === true")
    result = call(agent_page, "dumpState")  # waits for the holder, then gives up
    assert result["error"]["code"] == "CLOSED"
    assert "No tab holds Skylight" in result["error"]["message"]
    assert len(requested) == 1
    assert agent_page.evaluate("localStorage.length") == 0
    assert agent_page.evaluate("crmConnect.skylight.state().role") is None
    assert agent_page.evaluate("__errors") == []


# Commands sent while the tab still waits for the recorded holder (the relay not loaded).
QUEUE_AT_ONCE = """document.addEventListener('DOMContentLoaded', () => {
  crmConnect.channel.loaded().then(({ skylight }) => {
    window.__queued = skylight.state().queued;
    window.__dump = skylight.dumpState().then(() => 'ok', (error) => error.code);
    window.__open = skylight.open().then(() => 'ok', (error) => error.code);
    window.__waiting = skylight.state().queued;
  });
});"""


def test_a_relay_that_does_not_load_fails_what_waited_for_it_and_leaves_the_tab_closed(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    agent_page.goto(crm + "/")
    popup = open_skylight(agent_page)
    tab = agent_page.context.new_page()
    requested = relay_requests(tab)
    tab.add_init_script(QUEUE_AT_ONCE)
    held: list[Route] = []
    tab.route(f"**/{RELAY}", lambda route: held.append(route))
    # The relay is requested as the page starts; it fails only once commands wait for it
    # (as long as it takes: the holder's answer waits for the relay, not for a timer).
    tab.goto(crm + "/", wait_until="domcontentloaded")
    tab.wait_for_function("window.__waiting !== undefined")
    tab.wait_for_timeout(1200)  # past the second a silent holder is given
    assert tab.evaluate("crmConnect.skylight.state().queued") == 1
    assert len(held) == 1
    held[0].fulfill(status=404)

    assert tab.evaluate("[__queued, __waiting]") == [0, 1]
    assert tab.evaluate("__dump") == "RELAY_UNAVAILABLE"
    assert tab.evaluate("__open") == "RELAY_UNAVAILABLE"
    assert len(requested) == 1
    state = tab.evaluate("crmConnect.skylight.state()")
    assert (state["status"], state["role"], state["reason"]) == (
        "closed",
        None,
        "relay-unavailable",
    )
    assert (state["queued"], state["pending"]) == (0, 0)
    assert state["lastError"]["code"] == "RELAY_UNAVAILABLE"
    assert tab.evaluate("__errors") == ["RELAY_UNAVAILABLE"]
    expect(tab.locator("[data-skylight-error]")).to_contain_text(RELAY)
    # Not stuck: a command now is refused at once, it does not wait for a holder.
    assert call(tab, "dumpState")["error"]["code"] == "CLOSED"
    assert len(open_windows(agent_page.context)) == 3  # no second Skylight
    # The holder and its popup are untouched.
    assert agent_page.evaluate("crmConnect.skylight.state().status") == "ready"
    assert popup.evaluate("skylightSandbox.commands('dumpState')") == []


def test_a_relay_slower_than_the_holders_second_still_reads_its_answer(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    """A tab gives a recorded holder a second to answer; an answer that came in time but
    waits for a slow relay still counts."""
    agent_page.goto(crm + "/")
    popup = open_skylight(agent_page)
    tab = agent_page.context.new_page()
    tab.add_init_script(RECORD_ERRORS + QUEUE_AT_ONCE)
    held: list[Route] = []
    tab.route(f"**/{RELAY}", lambda route: held.append(route))
    tab.goto(crm + "/", wait_until="domcontentloaded")
    tab.wait_for_function("window.__waiting !== undefined")
    tab.wait_for_timeout(1200)
    assert len(held) == 1
    held[0].continue_()

    assert tab.evaluate("__dump") == "ok"
    assert tab.evaluate("__open") == "ok"
    state = tab.evaluate("crmConnect.skylight.state()")
    assert (state["status"], state["role"]) == ("ready", "relay")
    assert tab.evaluate("__errors") == []
    assert len(popup.evaluate("skylightSandbox.commands('dumpState')")) == 1
    assert tab.evaluate("localStorage.length") == 1  # the holder's record stays


def test_a_holder_whose_relay_did_not_load_keeps_its_popup_and_loads_it_when_asked(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    requested = relay_requests(agent_page)
    failed: list[str] = []

    def fail_once(route: Route) -> None:
        if failed:
            route.continue_()
        else:
            failed.append(route.request.url)
            route.fulfill(status=503)

    agent_page.route(f"**/{RELAY}", fail_once)
    agent_page.goto(crm + "/")
    open_skylight(agent_page)
    assert agent_page.evaluate("__errors") == ["RELAY_UNAVAILABLE"]
    state = agent_page.evaluate("crmConnect.skylight.state()")
    assert (state["status"], state["role"]) == ("ready", "popup")
    assert call(agent_page, "dial", "+15555550102")["ok"]

    # Another tab asks for the popup: the holder loads the relay again and answers.
    tab = agent_page.context.new_page()
    tab.goto(crm + "/")
    status(tab).to_have_attribute("data-skylight-status", "ready")
    assert tab.evaluate("crmConnect.skylight.state().role") == "relay"
    assert call(tab, "dial", "+15555550103")["ok"]
    assert len(failed) == 1
    assert len(requested) == 2
