"""Skylight as the vendors' code behaves (issue 12, points 9 to 12), in Chromium.

The sandbox Skylight follows agent-desktop ``app/containers/App/index.js`` (the bridge)
and cxengage-javascript-sdk (``src/cljs/cxengage_javascript_sdk/modules/*.cljs``, the
commands, their reply topics and required parameters): what it accepts, the real SDK
accepts.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from crm_connect.models import CallCenter
from crm_connect.skylight.schemas import SkylightEvent
from example_project.crm.models import Contact

from .test_skylight import call, open_skylight, status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN_POP = "cxengage/interactions/screen-pop-received"


@pytest.fixture
def connected(agent_page: Page, crm: str, skylight_call_center: CallCenter) -> tuple[Page, Page]:
    agent_page.goto(crm + "/")
    return agent_page, open_skylight(agent_page)


def errors_heard(page: Page) -> None:
    page.evaluate(
        "() => { window.__errors = [];"
        " crmConnect.skylight.on('error', (error) => __errors.push(error)); }"
    )


# --- point 11: commands, reply topics and required parameters from the SDK ---------------


def test_go_ready_without_an_extension_gets_1003_as_from_the_real_sdk(
    connected: tuple[Page, Page],
) -> None:
    """cxengage-javascript-sdk modules/session.cljs: ``::go-ready-spec`` requires
    ``extensionValue``; def-sdk-fn publishes error 1003 on the command's topic."""
    page, _ = connected
    result = call(page, "command", "session", "goReady", {})
    assert result["ok"] is False
    assert result["error"]["code"] == 1003
    assert result["error"]["topic"] == "cxengage/session/state-change-request-acknowledged"
    result = call(page, "command", "session", "goReady", {"extensionValue": "sandbox-ext"})
    assert result["ok"] is True
    assert result["value"]["state"] == "ready"


@pytest.mark.parametrize(
    ("module", "command", "data"),
    [
        ("interactions", "reject", {"interactionId": "i-1"}),
        ("interactions", "cancelQueueTransfer", {"interactionId": "i-1", "transferQueueId": "q"}),
        ("interactions", "assignContact", {"interactionId": "i-1", "contactId": "c-1"}),
        ("interactions.voice", "resourceHold", {"interactionId": "i-1"}),
        ("interactions.voice", "resumeAll", {"interactionId": "i-1"}),
        ("session", "setActiveTenant", {"tenantId": "t-1"}),
        ("authentication", "updateDefaultTenant", {"tenantId": "t-1"}),
    ],
)
def test_commands_the_old_table_lacked_get_their_reply(
    connected: tuple[Page, Page], module: str, command: str, data: dict[str, Any]
) -> None:
    """cxengage-javascript-sdk modules/interaction.cljs, voice.cljs, session.cljs,
    authentication.cljs: each command's ``:topic-key``. They used to time out."""
    page, _ = connected
    result = call(page, "command", module, command, data, {"timeout": 3000})
    assert result == {"ok": True, "value": data}


def test_a_command_the_sdk_publishes_nothing_for_resolves_without_waiting(
    connected: tuple[Page, Page],
) -> None:
    """cxengage-javascript-sdk modules/zendesk.cljs: ``dump-state`` publishes no topic;
    the bridge discards what it returns."""
    page, _ = connected
    started = time.monotonic()
    assert call(page, "command", "zendesk", "dumpState", {}) == {"ok": True, "value": None}
    assert time.monotonic() - started < 2


# --- point 10: skylight/closed from a cancelled unload ---------------------------------------


def test_a_real_beforeunload_that_the_agent_cancels_keeps_skylight_connected(
    connected: tuple[Page, Page],
) -> None:
    """agent-desktop app/containers/App/index.js: ``skylight/closed`` is posted from
    ``beforeunload``, which sets ``returnValue`` while interactions are open."""
    page, popup = connected
    assert call(page, "dial", "+15555550199")["ok"] is True  # an open interaction
    popup.on("dialog", lambda dialog: dialog.dismiss())  # the agent stays
    popup.click("body")  # Chromium asks only on a page the user has interacted with
    popup.close(run_before_unload=True)
    page.wait_for_function("crmConnect.skylight.state().reason === 'already-connected'")
    assert not popup.is_closed()
    status(page).to_have_attribute("data-skylight-status", "ready")
    assert call(page, "dial", "+15555550100")["ok"] is True


# --- point 9: sizes that fit what the vendor sends; never silent -----------------------------


def test_dump_state_with_1500_past_interactions_is_answered(connected: tuple[Page, Page]) -> None:
    """cxengage-javascript-sdk state.cljs keeps ``:interactions {:past ...}`` in full and
    agent-desktop answers dumpState with all of it. It used to end in COMMAND_TIMEOUT."""
    page, popup = connected
    assert popup.evaluate("skylightSandbox.addPastInteractions(1500)") == 1500
    result = page.evaluate(
        """() => { const started = performance.now();
        return crmConnect.skylight.dumpState({timeout: 20000}).then(
          (state) => ({past: Object.keys(state.interactions.past).length,
                       ms: performance.now() - started}),
          (error) => ({error: error.toJSON()})); }"""
    )
    assert result.get("past") == 1500, result
    elapsed = result["ms"] / 1000
    size = popup.evaluate("JSON.stringify(skylightSandbox.sent.at(-1)).length")
    print(f"dumpState of 1500 past interactions: {size / 1e6:.1f} MB in {elapsed:.2f} s")
    assert size > 1_048_576  # over the channel's default character limit


def test_a_second_tab_gets_the_large_dump_state_through_the_holder_tab(
    connected: tuple[Page, Page], crm: str
) -> None:
    """The holder tab relays the reply over BroadcastChannel: the other tab reads it within
    the same limits, instead of dropping it and timing out."""
    page, popup = connected
    popup.evaluate("skylightSandbox.addPastInteractions(1500)")
    tab = page.context.new_page()
    tab.goto(crm + "/")
    status(tab).to_have_attribute("data-skylight-status", "ready")
    assert tab.evaluate("crmConnect.skylight.state().role") == "relay"
    result = tab.evaluate(
        """() => crmConnect.skylight.dumpState({timeout: 20000}).then(
          (state) => Object.keys(state.interactions.past).length,
          (error) => error.code)"""
    )
    assert result == 1500


# Builds, in the popup, a response at 10x the channel's default limits (crmConnect.channel
# .limits): ten times the values, or one string ten times the longest.
BIG = """([topic, kind, withError]) => {
  const limits = {depth: 20, nodes: 20000, stringLength: 262144, characters: 1048576};
  let response;
  if (kind === 'nodes') {
    response = [];
    for (let i = 0; i < limits.nodes; i++) response.push([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  } else {
    response = {text: 'x'.repeat(limits.stringLength * 10)};
  }
  skylightSandbox.emit(topic, response, withError ? undefined : null);
  return true;
}"""


@pytest.mark.parametrize("kind", ["nodes", "characters"])
@pytest.mark.parametrize(
    ("topic", "read"),
    [
        ("cxengage/state", True),  # the dumpState reply
        ("cxengage/interactions/messaging/transcript-received", True),
        ("cxengage/contacts/search-contacts-response", False),  # any other reply
        ("cxengage/interactions/work-offer-received", False),  # an event
    ],
)
def test_each_message_type_at_10x_the_default_limits_is_read_or_reported(
    connected: tuple[Page, Page], kind: str, topic: str, read: bool
) -> None:
    """Point 9: a message from the genuine peer that is over its limits is never dropped
    silently: the command waiting for it rejects with MESSAGE_TOO_LARGE, and an "error"
    event names its topic. Types that carry a vendor's bulk (dumpState, transcripts) are
    read."""
    page, popup = connected
    errors_heard(page)
    page.evaluate(
        "(topic) => { window.__heardTopic = 0;"
        " crmConnect.skylight.on(topic, () => { window.__heardTopic++; });"
        " window.__waiting = crmConnect.skylight.command('contacts', 'lookUp', {},"
        " {topic, timeout: 30000}).then((value) => 'read', (error) => error.code); }",
        topic,
    )
    popup.evaluate(BIG, [topic, kind, False])
    assert page.evaluate("__waiting") == ("read" if read else "MESSAGE_TOO_LARGE")
    if read:
        assert page.evaluate("__heardTopic") == 1
        assert page.evaluate("__errors") == []
    else:
        errors = page.evaluate("__errors")
        assert [(e["code"], e["topic"]) for e in errors] == [("MESSAGE_TOO_LARGE", topic)]
        assert page.evaluate("__heardTopic") == 0
    # The channel stays up.
    assert call(page, "dial", "+15555550199")["ok"] is True


# --- point 12: screen pops ---------------------------------------------------------------


@pytest.fixture
def contacts(db: Any) -> dict[str, Contact]:
    return {
        "ada": Contact.objects.create(name="Ada Lovelace", phone="+1 (555) 010-0199"),
        "grace": Contact.objects.create(name="Grace Hopper", phone="+1 555 010 0142"),
        "grace2": Contact.objects.create(name="Grace Twin", phone="5550100142"),
    }


def pop(popup: Page, interaction: str, **response: Any) -> None:
    message = {"interactionId": interaction, "popType": "search-pop", "newWindow": False}
    popup.evaluate(
        "([topic, response]) => skylightSandbox.emit(topic, response)",
        [SCREEN_POP, {**message, **response}],
    )


def test_screen_pop_with_one_match_opens_the_record(
    connected: tuple[Page, Page], crm: str, contacts: dict[str, Contact]
) -> None:
    """agent-desktop app/containers/App/index.js: a ``search-pop`` carries ``terms``
    (``searchType: fuzzy``) or a ``filter`` (``strict``)."""
    page, popup = connected
    SkylightEvent.model_validate({"error": None, "topic": SCREEN_POP, "response": {}})
    pop(popup, "i-1", searchType="fuzzy", filterType="or", terms=["+1 555 010 0199"])
    page.wait_for_url(f"{crm}/contacts/{contacts['ada'].pk}/")


def test_screen_pop_with_several_matches_shows_a_choice(
    connected: tuple[Page, Page], crm: str, contacts: dict[str, Contact]
) -> None:
    page, popup = connected
    pop(popup, "i-2", searchType="strict", filterType="or", filter={"phone": "(555) 010-0142"})
    dialog = page.get_by_role("dialog", name="Several records match +15550100142")
    expect(dialog).to_be_visible()
    links = dialog.get_by_role("link")
    expect(links).to_have_text(["Grace Hopper", "Grace Twin"])
    links.nth(1).click()
    page.wait_for_url(f"{crm}/contacts/{contacts['grace2'].pk}/")


def test_screen_pop_without_a_match_offers_to_create(
    connected: tuple[Page, Page], contacts: dict[str, Contact]
) -> None:
    page, popup = connected
    pop(popup, "i-3", searchType="fuzzy", terms=["+1 555 010 0000", ""])
    dialog = page.get_by_role("dialog", name="No record for +15550100000")
    expect(dialog).to_be_visible()
    dialog.get_by_role("link", name="Create a contact with this number").click()
    page.wait_for_url(re.compile(r"/contacts/new/\?phone=%2B15550100000$"))


def test_screen_pops_are_switched_off_by_setting(
    settings: Any, agent_page: Page, crm: str, skylight_call_center: CallCenter,
    contacts: dict[str, Contact],
) -> None:  # fmt: skip
    settings.CRM_CONNECT = {**settings.CRM_CONNECT, "SKYLIGHT_SCREEN_POP": False}
    agent_page.goto(crm + "/")
    popup = open_skylight(agent_page)
    agent_page.evaluate(
        "() => { window.__pops = 0; crmConnect.skylight.on('"
        + SCREEN_POP
        + "', () => { window.__pops++; }); }"
    )
    pop(popup, "i-4", searchType="fuzzy", terms=["+1 555 010 0199"])
    agent_page.wait_for_function("window.__pops === 1")  # page code still hears it
    agent_page.wait_for_timeout(300)
    assert agent_page.url == crm + "/"
    expect(agent_page.locator("dialog")).to_have_count(0)
