"""Skylight end to end: CRM pages <-> the sandbox Skylight popup (another origin) in Chromium.

The CRM is the live server; the sandbox Skylight is served by the second live server, so
the popup is cross-origin exactly as CxEngage's is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import BrowserContext, Page, Route, expect

from crm_connect.models import CallCenter
from crm_connect.skylight.schemas import DialData, ScreenPop, SkylightCommand, SkylightEvent
from example_project.crm.models import Contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIAL_ACK = "cxengage/interactions/voice/dial-send-acknowledged"
WORK_OFFER = "cxengage/interactions/work-offer-received"

# Run a crmConnect.skylight call in the page; settle it into {ok, value} or {ok, error}.
SETTLE = """([method, args]) => crmConnect.skylight[method](...args).then(
  (value) => ({ok: true, value}),
  (error) => ({ok: false, error: error.toJSON ? error.toJSON() : String(error)}))"""

# Record what the page hears: on() handlers (exact, prefix, "*") and DOM events.
RECORD = """(topic) => {
  window.__heard = {exact: [], prefix: [], all: [], dom: [], relayed: []};
  const skylight = crmConnect.skylight;
  window.__offExact = skylight.on(topic, (message) => __heard.exact.push(message));
  skylight.on('cxengage/interactions/', (message) => __heard.prefix.push(message.topic));
  skylight.on('*', (message, info) => {
    __heard.all.push(message.topic);
    if (info && info.relayed) __heard.relayed.push(message.topic);
  });
  document.addEventListener('crm-connect:skylight:' + topic,
    (event) => __heard.dom.push(event.detail.data.topic));
}"""


# The keys of sessionStorage but htmx's own (the example boosts its pages with htmx,
# which remembers the current path there).
OURS_IN_SESSION_STORAGE = "Object.keys(sessionStorage).filter((key) => !key.startsWith('htmx-'))"


def status(page: Page) -> Any:
    return expect(page.locator("[data-skylight-status]"))


def call(page: Page, method: str, *args: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(SETTLE, [method, list(args)])
    return result


def open_skylight(page: Page) -> Page:
    """Click the launcher; return the popup once the handshake is complete."""
    with page.expect_popup() as popup_info:
        page.click("[data-skylight-open]")
    popup = popup_info.value
    status(page).to_have_attribute("data-skylight-status", "ready")
    return popup


def open_windows(context: BrowserContext) -> list[Page]:
    return [page for page in context.pages if not page.is_closed()]


@pytest.fixture
def connected(agent_page: Page, crm: str, skylight_call_center: CallCenter) -> tuple[Page, Page]:
    """A CRM page with Skylight open and connected: (CRM page, Skylight popup)."""
    agent_page.goto(crm + "/")
    return agent_page, open_skylight(agent_page)


def test_handshake_goes_through_visible_states(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    agent_page.goto(crm + "/")
    agent_page.evaluate(
        "window.__states = [];"
        "crmConnect.skylight.on('state', (state) => __states.push(state.status));"
        "document.addEventListener('crm-connect:skylight:state',"
        " (event) => __states.push('dom:' + event.detail.data.status));"
    )
    assert agent_page.evaluate("crmConnect.skylight.state().status") == "closed"
    popup = open_skylight(agent_page)

    states = agent_page.evaluate("__states")
    assert states == ["opening", "dom:opening", "loaded", "dom:loaded", "ready", "dom:ready"]
    assert popup.url.endswith("/sandbox/skylight/?standalonePopup=true&skylightController=true")
    assert popup.evaluate("skylightSandbox.targetOrigin()") == crm
    assert popup.evaluate("skylightSandbox.received") == [
        {"skylightController": True, "controllerInit": True}
    ]
    sent = popup.evaluate("skylightSandbox.sent")
    assert [SkylightEvent.model_validate(message).topic for message in sent] == [
        "skylight/loaded",
        "skylight/target-origin-defined",
    ]
    state = agent_page.evaluate("crmConnect.skylight.state()")
    assert state["role"] == "popup"
    assert state["reason"] == "connected"
    expect(agent_page.locator("[data-skylight-status]")).to_have_text("Skylight connected")


def test_dial_resolves_with_the_acknowledgement(connected: tuple[Page, Page]) -> None:
    page, popup = connected
    result = call(page, "dial", "+15555550199", {"campaignId": "5738012"})
    assert result["ok"], result
    assert result["value"]["phoneNumber"] == "+15555550199"
    interaction_id = result["value"]["interactionId"]
    assert popup.evaluate("skylightSandbox.interactions[0].interactionId") == interaction_id

    sent = SkylightCommand.model_validate(popup.evaluate("skylightSandbox.commands('dial')[0]"))
    assert (sent.module, sent.sub_module, sent.command) == ("interactions", "voice", "dial")
    assert DialData.model_validate(sent.data) == DialData(
        phone_number="+15555550199",
        direction="agent-initiated",
        interaction_metadata={"campaignId": "5738012"},
    )
    # command() with the subModule in options reaches the same SDK function.
    data = {"phoneNumber": "+1555"}
    result = call(page, "command", "interactions", "dial", data, {"subModule": "voice"})
    assert result["ok"], result
    assert pending(page) == 0


def pending(page: Page) -> int:
    pending: int = page.evaluate("crmConnect.skylight.state().pending")
    return pending


def test_bad_parameters_reject_with_the_sdk_error(connected: tuple[Page, Page]) -> None:
    page, _popup = connected
    result = call(page, "command", "interactions.voice", "dial", {"phoneNumber": "not a number"})
    assert not result["ok"]
    error = result["error"]
    assert error["name"] == "SkylightError"
    assert error["code"] == 1003
    assert error["level"] == "error"
    assert error["topic"] == DIAL_ACK
    assert error["sdk"]["code"] == 1003
    assert error["sdk"]["message"]
    # goNotReady with a bad reasonId: its own reply topic carries the error.
    result = call(page, "command", "session", "goNotReady", {"reasonId": 7})
    assert result["error"]["code"] == 1003
    assert result["error"]["topic"] == "cxengage/session/state-change-request-acknowledged"
    assert pending(page) == 0


def test_unknown_command_rejects_on_timeout(connected: tuple[Page, Page]) -> None:
    page, popup = connected
    result = call(page, "command", "interactions", "frobnicate", {}, {"timeout": 300})
    assert not result["ok"]
    assert result["error"]["code"] == "COMMAND_TIMEOUT"
    assert "options.topic" in result["error"]["message"]
    # It was delivered; Skylight just never answers an unknown command.
    assert popup.evaluate("skylightSandbox.commands('frobnicate').length") == 1
    # A known topic that does not come also times out, naming the topic.
    result = call(
        page, "command", "contacts", "search", {}, {"timeout": 300, "topic": "cxengage/x/y"}
    )
    assert result["error"]["code"] == "COMMAND_TIMEOUT"
    assert result["error"]["topic"] == "cxengage/x/y"
    assert pending(page) == 0


def test_commands_before_the_handshake_are_queued(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    agent_page.goto(crm + "/")
    with agent_page.expect_popup() as popup_info:
        agent_page.evaluate(
            """() => {
            const skylight = crmConnect.skylight;
            skylight.open();
            window.__statusAtCall = skylight.state().status;
            window.__results = Promise.all([
              skylight.dumpState(),
              skylight.command('session', 'goReady', {extensionValue: 'sandbox-extension'}),
              skylight.command('interactions.voice', 'dial', {phoneNumber: '+15555550123'}),
            ]);
            window.__queued = skylight.state().queued;
        }"""
        )
    popup = popup_info.value
    assert agent_page.evaluate("__statusAtCall") == "opening"
    assert agent_page.evaluate("__queued") == 3
    dumped, ready, dialed = agent_page.evaluate("__results")
    assert set(dumped) == {"interactions", "session", "user"}
    assert ready["state"] == "ready"
    assert dialed["phoneNumber"] == "+15555550123"
    received = popup.evaluate("skylightSandbox.received")
    assert received[0] == {"skylightController": True, "controllerInit": True}
    assert [message.get("command") for message in received[1:]] == [
        "dumpState",
        "goReady",
        "dial",
    ]


SDK_TABLE = "**/crm_connect/skylight-sdk.json"


def test_the_sdk_table_is_fetched_once_when_skylight_opens_not_with_the_page(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    fetched: list[str] = []
    agent_page.on(
        "request",
        lambda request: fetched.append(request.url) if "skylight-sdk" in request.url else None,
    )
    agent_page.goto(crm + "/")
    agent_page.wait_for_load_state("networkidle")
    assert fetched == []  # a page that never opens Skylight never downloads the table
    open_skylight(agent_page)
    assert call(agent_page, "dial", "+15555550199")["ok"]
    assert call(agent_page, "command", "session", "goReady", {"extensionValue": "x"})["ok"]
    topic = agent_page.evaluate("crmConnect.skylight.replyTopic('session', null, 'goReady')")
    assert topic == "cxengage/session/state-change-request-acknowledged"
    assert fetched == [crm + "/static/crm_connect/skylight-sdk.json"]


def test_a_sdk_table_that_does_not_load_rejects_waiting_commands_with_a_typed_error(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    agent_page.route(SDK_TABLE, lambda route: route.fulfill(status=503, body="down"))
    agent_page.goto(crm + "/")
    with agent_page.expect_popup():
        agent_page.evaluate("window.__dial = crmConnect.skylight.open().then(() => 1)")
        agent_page.evaluate(
            "window.__dial = crmConnect.skylight.dial('+15555550199').then("
            "(value) => ({ok: true, value}), (error) => ({ok: false, error: error.toJSON()}))"
        )
    result = agent_page.evaluate("__dial")
    assert not result["ok"]
    assert result["error"]["name"] == "SkylightError"
    assert result["error"]["code"] == "SDK_TABLE_UNAVAILABLE"
    assert "HTTP 503" in result["error"]["message"]
    status(agent_page).to_have_attribute("data-skylight-status", "ready")
    assert pending(agent_page) == 0
    assert agent_page.evaluate("crmConnect.skylight.state().queued") == 0
    # A command naming its topic does not need the table.
    ack = "cxengage/interactions/voice/dial-send-acknowledged"
    assert call(agent_page, "dial", "+15555550199", {}, {"topic": ack})["ok"]
    # The table comes back: the next command loads it.
    agent_page.unroute(SDK_TABLE)
    assert call(agent_page, "dial", "+15555550199")["ok"]


STATIC_HOST = "http://static.crm-cdn.test"


def serve_static(route: Route) -> None:
    """The static host of a CDN: the app's files, with the CORS header a fetch needs."""
    from django.contrib.staticfiles import finders

    found = finders.find(route.request.url.split("/static/", 1)[1].split("?")[0])
    if not found:
        route.fulfill(status=404)
        return
    path = Path(str(found))
    types = {".js": "text/javascript", ".json": "application/json", ".css": "text/css"}
    route.fulfill(
        body=path.read_bytes(),
        content_type=types.get(path.suffix, "application/octet-stream"),
        headers={"Access-Control-Allow-Origin": "*"},
    )


@override_settings(STATIC_URL=STATIC_HOST + "/static/")
def test_the_sdk_table_comes_from_a_static_host_on_another_origin(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    agent_page.context.route(STATIC_HOST + "/**", serve_static)  # the popup uses it too
    agent_page.goto(crm + "/")
    assert agent_page.evaluate(
        "JSON.parse(document.getElementById('crm-connect-skylight-config').textContent).sdkUrl"
    ) == (STATIC_HOST + "/static/crm_connect/skylight-sdk.json")
    open_skylight(agent_page)
    result = call(agent_page, "dial", "+15555550199")
    assert result["ok"], result


@override_settings(STATIC_URL=STATIC_HOST + "/static/")
def test_a_static_host_without_cors_gives_a_typed_error_that_says_so(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    def no_cors(route: Route) -> None:
        if route.request.url.endswith(".json"):
            route.fulfill(body="{}", content_type="application/json")  # no CORS header
        else:
            serve_static(route)

    agent_page.context.route(STATIC_HOST + "/**", no_cors)
    agent_page.goto(crm + "/")
    open_skylight(agent_page)
    result = call(agent_page, "dial", "+15555550199")
    assert result["error"]["code"] == "SDK_TABLE_UNAVAILABLE"
    assert "Access-Control-Allow-Origin" in result["error"]["message"]


def test_events_reach_on_handlers_and_dom_events(connected: tuple[Page, Page]) -> None:
    page, popup = connected
    page.evaluate(RECORD, WORK_OFFER)
    for button in ("Work offer", "Accepted", "Screen pop", "Ended"):
        popup.get_by_role("button", name=button).click()
    page.wait_for_function("__heard.prefix.length === 4")
    heard = page.evaluate("__heard")
    assert [message["topic"] for message in heard["exact"]] == [WORK_OFFER]
    assert heard["exact"][0]["response"]["customer"] == "+15555550142"
    assert heard["prefix"] == [
        WORK_OFFER,
        "cxengage/interactions/work-accepted-received",
        "cxengage/interactions/screen-pop-received",
        "cxengage/interactions/work-ended-received",
    ]
    # (the screen pop also searched the CRM: "*" hears the script's screenPop event too)
    assert [topic for topic in heard["all"] if topic] == heard["prefix"]
    assert heard["dom"] == [WORK_OFFER]
    assert heard["relayed"] == []

    # off() stops a handler; the others keep hearing.
    page.evaluate("__offExact()")
    popup.get_by_role("button", name="Work offer").click()
    page.wait_for_function("__heard.prefix.length === 5")
    assert len(page.evaluate("__heard.exact")) == 1
    assert page.evaluate("__heard.dom.length") == 2

    pops = [m for m in popup.evaluate("skylightSandbox.sent") if "screen-pop" in m["topic"]]
    pop = ScreenPop.model_validate(pops[0]["response"])
    assert pop.pop_type == "search-pop"
    assert pop.terms == ["+15555550142"]


def test_skylight_closed_from_a_cancelled_unload_is_only_a_warning(
    connected: tuple[Page, Page],
) -> None:
    """Issue 12, point 10. agent-desktop app/containers/App/index.js sends
    ``skylight/closed`` from ``beforeunload`` and asks the agent to confirm while
    interactions are open: a cancelled unload leaves Skylight open and connected."""
    page, popup = connected
    page.evaluate(
        "() => { window.__states = []; crmConnect.skylight.on('state', (s) => __states.push(s));"
        " window.__waiting = crmConnect.skylight.command('contacts', 'lookUp', {},"
        " {topic: 'cxengage/contacts/search-response', timeout: 60000})"
        ".then(() => 'answered', (error) => error.code); }"
    )
    popup.evaluate("skylightSandbox.cancelledUnload()")
    page.wait_for_function("__states.some((s) => s.reason === 'unloading')")
    status(page).to_have_attribute("data-skylight-status", "ready")
    assert [(s["status"], s["reason"]) for s in page.evaluate("__states")] == [
        ("loaded", "unloading"),
        ("ready", "already-connected"),
    ]
    # It handshook again; the live Skylight answered that it is connected already.
    assert (
        popup.evaluate("skylightSandbox.received").count(
            {"skylightController": True, "controllerInit": True}
        )
        == 2
    )
    # The command sent before is still waiting for its reply, and gets it.
    popup.evaluate("skylightSandbox.emit('cxengage/contacts/search-response', [])")
    assert page.evaluate("__waiting") == "answered"
    assert call(page, "dial", "+15555550199")["ok"] is True

    # When the window does go, commands fail with CLOSED.
    page.evaluate(
        "() => { window.__waiting = crmConnect.skylight.command('contacts', 'lookUp', {},"
        " {topic: 'cxengage/contacts/search-response', timeout: 60000})"
        ".catch((error) => error.code); }"
    )
    popup.close()
    status(page).to_have_attribute("data-skylight-status", "closed")
    assert page.evaluate("__waiting") == "CLOSED"


def test_skylight_closed_from_a_window_that_went_means_closed(
    connected: tuple[Page, Page],
) -> None:
    page, popup = connected
    page.evaluate(
        "() => { window.__waiting = crmConnect.skylight.command('contacts', 'lookUp', {},"
        " {topic: 'cxengage/contacts/search-response', timeout: 60000})"
        ".catch((error) => error.code); }"
    )
    popup.evaluate("skylightSandbox.silentClose = true")
    popup.close()  # the page learns it from the message, or from its poll
    status(page).to_have_attribute("data-skylight-status", "closed")
    assert page.evaluate("__waiting") == "CLOSED"


def test_popup_closed_without_a_word_is_noticed(connected: tuple[Page, Page]) -> None:
    page, popup = connected
    page.evaluate(
        "() => { window.__states = []; crmConnect.skylight.on('state', (s) => __states.push(s)); }"
    )
    popup.evaluate("skylightSandbox.silentClose = true")
    popup.close()
    status(page).to_have_attribute("data-skylight-status", "closed")
    assert page.evaluate("__states")[-1]["reason"] == "window-closed"
    assert page.evaluate(OURS_IN_SESSION_STORAGE) == []
    result = call(page, "dial", "+15555550199")
    assert result["error"]["code"] == "CLOSED"


def test_opener_navigating_reconnects_to_the_open_popup(
    connected: tuple[Page, Page], crm: str
) -> None:
    page, popup = connected
    contact = Contact.objects.create(name="Ada Lovelace", phone="+1 555 010 0199")
    popup.evaluate("window.__notReloaded = true")
    page.goto(f"{crm}/?q=Ada")
    # A whole page load, as a click is on a site that does not boost its links (the
    # example's links are boosted: the page, and Skylight's connection, would stay).
    page.goto(crm + contact.get_absolute_url())
    status(page).to_have_attribute("data-skylight-status", "ready")

    assert page.evaluate("crmConnect.skylight.state().reason") == "already-connected"
    assert popup.evaluate("window.__notReloaded") is True
    assert open_windows(page.context) == [page, popup]
    topics = [message["topic"] for message in popup.evaluate("skylightSandbox.sent")]
    assert topics.count("skylight/target-origin-already-defined") == 2
    result = call(page, "dial", "+15555550199")
    assert result["ok"], result
    # Events reach the new page, through the popup's window.opener.
    page.evaluate(RECORD, WORK_OFFER)
    popup.get_by_role("button", name="Work offer").click()
    page.wait_for_function("__heard.exact.length === 1")


def test_no_window_is_opened_where_none_was_open(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    agent_page.add_init_script(
        "window.__opened = 0; const open = window.open;"
        "window.open = function () { window.__opened++; return open.apply(this, arguments); };"
    )
    agent_page.goto(crm + "/")
    status(agent_page).to_have_attribute("data-skylight-status", "closed")
    assert agent_page.evaluate("__opened") == 0
    # This tab believes it holds a Skylight window, but there is none by that name
    # (it was closed, or a page with another opener policy cut the link).
    agent_page.evaluate(
        "sessionStorage.setItem('crm-connect:skylight:skylight', "
        "JSON.stringify({at: Date.now(), loaded: true}))"
    )
    agent_page.reload()
    expect(agent_page.locator("[data-skylight-error]")).to_be_visible()
    assert agent_page.evaluate("crmConnect.skylight.state().lastError.code") == "UNREACHABLE"
    assert agent_page.evaluate("__opened") == 1
    assert open_windows(agent_page.context) == [agent_page]
    assert agent_page.evaluate(OURS_IN_SESSION_STORAGE) == []


def test_a_second_tab_receives_events_and_can_dial(connected: tuple[Page, Page], crm: str) -> None:
    page, popup = connected
    tab = page.context.new_page()
    tab.goto(crm + "/")
    status(tab).to_have_attribute("data-skylight-status", "ready")
    assert tab.evaluate("crmConnect.skylight.state().role") == "relay"
    tab.evaluate(RECORD, WORK_OFFER)
    popup.get_by_role("button", name="Work offer").click()
    tab.wait_for_function("__heard.exact.length === 1")
    assert tab.evaluate("__heard.relayed") == [WORK_OFFER]
    assert tab.evaluate("__heard.dom") == [WORK_OFFER]

    result = call(tab, "dial", "+15555550177", {"source": "second tab"})
    assert result["ok"], result
    dial = popup.evaluate("skylightSandbox.commands('dial')[0]")
    assert dial["data"]["interactionMetadata"] == {"source": "second tab"}
    result = call(tab, "command", "interactions.voice", "dial", {"phoneNumber": "x"})
    assert result["error"]["code"] == 1003
    assert result["error"]["name"] == "SkylightError"
    # Opening from the second tab uses the open popup, never a second one.
    assert call(tab, "open")["value"]["status"] == "ready"
    assert len(open_windows(page.context)) == 3

    # Clicks the moment a page loads, before that tab has heard from the holder: they
    # must neither open a second Skylight nor lose the call.
    contact = Contact.objects.create(name="Grace Hopper", phone="+1 555 010 0142")
    third = page.context.new_page()
    # Keep the holder tab busy for a moment, so that the new tab's clicks come before its
    # answer (under the 1 s after which a silent holder counts as gone).
    page.evaluate("setTimeout(() => { const t = Date.now(); while (Date.now() - t < 800); })")
    third.goto(crm + contact.get_absolute_url(), wait_until="commit")
    third.locator("[data-skylight-open]").click()
    third.locator("a[data-crm-connect-dial]").click()
    popup.wait_for_function("skylightSandbox.commands('dial').length === 3")
    assert popup.evaluate("skylightSandbox.commands('dial')[2].data.phoneNumber") == "+15550100142"
    assert len(open_windows(page.context)) == 4


@pytest.mark.parametrize("which", ["other origin", "other window of Skylight's origin"])
def test_messages_not_from_the_popup_are_ignored(
    connected: tuple[Page, Page], sandbox_origin: str, other_origin: str, which: str
) -> None:
    page, popup = connected
    page.evaluate(RECORD, WORK_OFFER)
    page.evaluate(
        "() => { window.__reply = crmConnect.skylight.command('contacts', 'lookUp', {},"
        " {topic: 'cxengage/contacts/search-response'}); }"
    )
    origin = other_origin if which == "other origin" else sandbox_origin
    page.evaluate(
        """(origin) => new Promise((resolve) => {
        const frame = document.createElement('iframe');
        frame.src = origin + '/sandbox/';
        frame.addEventListener('load', () => resolve());
        document.body.appendChild(frame);
    })""",
        origin,
    )
    spoofer = page.frame(url=lambda url: url.startswith(origin) and url.endswith("/sandbox/"))
    assert spoofer is not None
    for message in (
        {"error": None, "topic": WORK_OFFER, "response": {"interactionId": "spoofed"}},
        {"error": None, "topic": "cxengage/contacts/search-response", "response": "spoofed"},
        {"error": None, "topic": "skylight/closed"},
        {"error": None, "topic": "skylight/loaded"},
    ):
        spoofer.evaluate("(message) => window.parent.postMessage(message, '*')", message)
    # A genuine event after the spoofed ones: once it is handled, they were too.
    popup.get_by_role("button", name="Work offer").click()
    page.wait_for_function("__heard.all.length >= 1")
    assert page.evaluate("__heard.all") == [WORK_OFFER]
    assert page.evaluate("__heard.exact[0].response.interactionId") != "spoofed"
    state = page.evaluate("crmConnect.skylight.state()")
    assert (state["status"], state["pending"]) == ("ready", 1)
    assert popup.evaluate("skylightSandbox.received.length") == 2  # controllerInit + search


def test_a_blocked_popup_is_reported(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    agent_page.goto(crm + "/")
    agent_page.evaluate(
        "() => { window.open = () => null; window.__errors = [];"
        " crmConnect.skylight.on('error', (error) => __errors.push(error.code)); }"
    )
    agent_page.click("[data-skylight-open]")
    error = agent_page.locator("[data-skylight-error]")
    expect(error).to_be_visible()
    expect(error).to_contain_text("blocked")
    assert agent_page.evaluate("__errors") == ["POPUP_BLOCKED"]
    assert call(agent_page, "open")["error"]["code"] == "POPUP_BLOCKED"
    state = agent_page.evaluate("crmConnect.skylight.state()")
    assert (state["status"], state["reason"]) == ("closed", "popup-blocked")


@override_settings(CRM_CONNECT={"SKYLIGHT_HANDSHAKE_TIMEOUT": 300, "DEBUG": True})
def test_a_handshake_that_does_not_complete_fails_with_a_typed_error(
    agent_page: Page, crm: str, make_call_center: Any, sandbox_origin: str
) -> None:
    # Not Skylight: a page of another origin that never answers (and sends no COOP).
    make_call_center(connector_url="", skylight_url=f"{sandbox_origin}/static/sandbox/sandbox.css")
    agent_page.goto(crm + "/")
    with agent_page.expect_popup():
        result = agent_page.evaluate(
            """() => { const skylight = crmConnect.skylight;
            const opened = skylight.open().catch((error) => error.code);
            const queued = skylight.dumpState().catch((error) => error.code);
            return Promise.all([opened, queued]); }"""
        )
    assert result == ["HANDSHAKE_TIMEOUT", "HANDSHAKE_TIMEOUT"]
    status(agent_page).to_have_attribute("data-skylight-status", "closed")
    expect(agent_page.locator("[data-skylight-error]")).to_contain_text("handshake")


INJECT_DIAL_LINK = """() => {
  const link = document.createElement('a');
  link.href = 'tel:+1 (555) 010-0142';
  link.textContent = 'Call Grace';
  link.setAttribute('data-skylight-dial', '');
  link.setAttribute('data-skylight-meta-contact-id', '7');
  link.setAttribute('data-skylight-metadata', '{"campaignId": "42", "customer": {"zip": "85310"}}');
  document.querySelector('main').appendChild(link);
}"""


def test_click_to_dial_opens_skylight_and_dials(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    agent_page.goto(crm + "/")
    agent_page.evaluate(INJECT_DIAL_LINK)
    link = agent_page.get_by_role("link", name="Call Grace")
    with agent_page.expect_popup() as popup_info:
        link.click()
    popup = popup_info.value
    expect(link).to_have_attribute("data-skylight-dial-state", "dialed")
    assert agent_page.url == crm + "/"  # the tel: link was not followed
    sent = popup.evaluate("skylightSandbox.commands('dial')")
    assert len(sent) == 1
    assert sent[0]["data"] == {
        "phoneNumber": "+15550100142",
        "direction": "agent-initiated",
        "interactionMetadata": {"campaignId": "42", "customer": {"zip": "85310"}, "contactId": "7"},
    }
    # Once connected, another click dials without opening anything.
    link.click()
    popup.wait_for_function("skylightSandbox.commands('dial').length === 2")
    assert len(open_windows(agent_page.context)) == 2


def test_record_phone_links_dial_through_skylight_while_it_runs(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    """{% crm_connect_tel %} links: left alone while Skylight is closed (they belong to the
    connector's click-to-dial then), dialled through Skylight while it runs."""
    contact = Contact.objects.create(name="Grace Hopper", phone="+1 (555) 010-0142")
    agent_page.goto(crm + contact.get_absolute_url())
    agent_page.evaluate(
        """() => { window.__defaultPrevented = [];
        document.addEventListener('click', (event) => {
          if (event.target.closest('a[href^="tel:"]')) {
            __defaultPrevented.push(event.defaultPrevented);
            event.preventDefault();
          }
        }); }"""
    )
    link = agent_page.locator("a[data-crm-connect-dial]")
    link.click()
    assert agent_page.evaluate("__defaultPrevented") == [False]
    assert len(open_windows(agent_page.context)) == 1

    popup = open_skylight(agent_page)
    link.click()
    expect(link).to_have_attribute("data-skylight-dial-state", "dialed")
    assert agent_page.evaluate("__defaultPrevented") == [False, True]
    sent = popup.evaluate("skylightSandbox.commands('dial')")
    assert [message["data"] for message in sent] == [
        {
            "phoneNumber": "+15550100142",
            "direction": "agent-initiated",
            "interactionMetadata": {
                "recordId": str(contact.pk),
                "objectType": "Contact",
                "recordName": "Grace Hopper",
                "recordUrl": crm + contact.get_absolute_url(),
            },
        }
    ]


def test_a_popup_cut_off_by_its_opener_policy_is_reported(
    agent_page: Page, crm: str, make_call_center: Any, sandbox_origin: str
) -> None:
    """A Skylight URL whose page sends its own Cross-Origin-Opener-Policy (here the
    sandbox index, which gets the site's same-origin-allow-popups): the browser puts it
    in another browsing context group, and to this page the window looks closed."""
    make_call_center(connector_url="", skylight_url=f"{sandbox_origin}/sandbox/")
    agent_page.goto(crm + "/")
    with agent_page.expect_popup() as popup_info:
        result = call(agent_page, "open")
    assert result["error"]["code"] == "CLOSED"
    expect(agent_page.locator("[data-skylight-error]")).to_contain_text(
        "Cross-Origin-Opener-Policy"
    )
    assert not popup_info.value.is_closed()  # the window is there, unreachable


def test_with_the_connector_too_each_click_dials_once(
    agent_page: Page, crm: str, make_call_center: Any, sandbox_origin: str
) -> None:
    """Connector click-to-dial on and Skylight open: Skylight dials, the connector hears
    nothing; with Skylight closed again, the connector dials."""
    make_call_center(
        connector_url=f"{sandbox_origin}/sandbox/connector/",
        skylight_url=f"{sandbox_origin}/sandbox/skylight/",
    )
    grace = Contact.objects.create(name="Grace Hopper", phone="+1 (555) 010-0142")
    ada = Contact.objects.create(name="Ada Lovelace", phone="+1 (555) 010-0199")
    agent_page.goto(crm + "/")
    connector = agent_page.frame_locator("#crmConnectIframeId")
    expect(connector.locator("#status")).to_have_text("connected")
    connector.get_by_role("button", name="click-to-dial on").click()
    expect(agent_page.locator("html")).to_have_attribute("data-crm-connect-click-to-dial", "on")
    frame = agent_page.frame(url=lambda url: "/sandbox/connector/" in url)
    assert frame is not None

    popup = open_skylight(agent_page)
    grace_link = agent_page.locator(f'a[data-crm-connect-dial][data-record-id="{grace.pk}"]')
    grace_link.click()
    expect(grace_link).to_have_attribute("data-skylight-dial-state", "dialed")
    agent_page.evaluate("() => { crmConnect.skylight.close(); }")
    agent_page.locator(f'a[data-crm-connect-dial][data-record-id="{ada.pk}"]').click()
    frame.wait_for_function("sandbox.received('clickToDialResponse').length >= 1")
    # Messages arrive in order: had Grace's click reached the connector, it would be first.
    dialled = frame.evaluate(
        "sandbox.received('clickToDialResponse')"
        ".map((entry) => entry.message.data.onClickToDialResponse.recordName)"
    )
    assert dialled == ["Ada Lovelace"]
    assert popup.is_closed()
    assert agent_page.url == crm + "/"


# Runs the tag's script again on the page after removing `drop` from its configuration
# block: {"errors": console errors while it ran, "started": whether it set its API}.
RERUN_WITHOUT = """async ([script, block, drop]) => {
  const element = document.getElementById(block);
  const config = JSON.parse(element.textContent);
  delete config[drop];
  element.textContent = JSON.stringify(config);
  const api = script.replace('.js', '');
  delete window.crmConnect[api];
  const errors = [];
  const original = console.error;
  console.error = (...args) => errors.push(args.join(' '));
  const loaded = document.querySelector(`script[src*="${script}"]`);
  const again = document.createElement('script');
  again.src = loaded.src + (loaded.src.includes('?') ? '&' : '?') + 'again';
  again.nonce = loaded.nonce;
  await new Promise((done) => {
    again.onload = done; again.onerror = done; document.head.append(again);
  });
  console.error = original;
  return {errors, started: !!window.crmConnect[api]};
}"""


@pytest.mark.parametrize(
    "missing",
    ["windowName", "windowFeatures", "handshakeTimeout", "pollInterval", "sdkUrl", "relayUrl"],
)
def test_without_a_configured_value_the_script_reports_it_once_and_does_not_start(
    agent_page: Page, crm: str, skylight_call_center: CallCenter, missing: str
) -> None:
    """The script keeps no defaults of its own (issue 14): every value is the server's, and
    a block without one is a configuration error, not a silent fallback."""
    agent_page.goto(crm)
    result = agent_page.evaluate(
        RERUN_WITHOUT, ["skylight.js", "crm-connect-skylight-config", missing]
    )
    assert result["started"] is False
    assert len(result["errors"]) == 1
    assert "invalid configuration" in result["errors"][0]
    assert missing in result["errors"][0]
    # The same block, intact, starts it: the test above is about the missing value.
    agent_page.goto(crm)
    intact = agent_page.evaluate(
        RERUN_WITHOUT, ["skylight.js", "crm-connect-skylight-config", "no-such-key"]
    )
    assert intact == {"errors": [], "started": True}


def test_without_the_cores_page_side_the_script_says_so_and_does_not_start(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    """skylight.js dials through channel-page.js (its click dispatcher, number rule and
    record dialog): a page that lacks it gets one console error, not a half-working
    Skylight."""
    agent_page.goto(crm)
    agent_page.evaluate("() => { delete crmConnect.channel.page; }")
    result = agent_page.evaluate(
        RERUN_WITHOUT, ["skylight.js", "crm-connect-skylight-config", "no-such-key"]
    )
    assert result == {
        "errors": ["[crm-connect:skylight] not started: channel-page.js is not loaded"],
        "started": False,
    }


def test_without_one_of_its_parts_the_script_names_it_and_does_not_start(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    """skylight.js puts together the parts loaded before it (SKYLIGHT_SCRIPTS): one that is
    missing is named once on the console, not met later as a half-working Skylight."""
    agent_page.goto(crm)
    agent_page.evaluate("() => { delete crmConnect.channel._parts.skylight.tabs; }")
    result = agent_page.evaluate(
        RERUN_WITHOUT, ["skylight.js", "crm-connect-skylight-config", "no-such-key"]
    )
    assert result == {
        "errors": ["[crm-connect:skylight] not started: not loaded: skylight-tabs.js"],
        "started": False,
    }
