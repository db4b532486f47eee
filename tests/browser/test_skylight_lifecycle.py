"""Skylight's lifecycle as data: the transition table of skylight.js, and every status
change a page goes through being one of its rows (issue 14).

The table is read from the static file as the browser runs it; the statuses and events
it may name are the ones crm-connect.d.ts declares.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import ConsoleMessage, Page

from crm_connect.models import CallCenter

from .test_skylight import open_skylight, status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent.parent
DECLARATIONS = ROOT / "crm_connect" / "static" / "crm_connect" / "crm-connect.d.ts"
STATUSES = ["closed", "opening", "loaded", "ready"]

# For each row and each status: what transition() answers.
EVERY_PAIR = """(statuses) => crmConnect.skylight.transitions().map((row) => ({
  event: row.event,
  answers: statuses.map((status) => crmConnect.skylight.transition(status, row.event)),
}))"""

# Every "state" event: (previous, status, reason).
RECORD_STATES = """() => {
  window.__moves = [];
  crmConnect.skylight.on('state', (state, extra) =>
    __moves.push([extra.previous, state.status, state.reason]));
}"""


# The BroadcastChannel the tabs of one CRM share for one Skylight.
BUS_NAME = "() => 'crm-connect:skylight:' + crmConnect.skylight.origin + ':'"
BUS_NAME += " + crmConnect.skylight.windowName"


def declared(type_name: str) -> set[str]:
    """The string literals of a union type of crm-connect.d.ts."""
    text = DECLARATIONS.read_text(encoding="utf-8")
    match = re.search(rf"type {type_name} =(.*?);", text, re.S)
    assert match, type_name
    return set(re.findall(r'"([a-z-]+)"', match.group(1)))


def test_the_table_names_declared_statuses_and_events_once_each(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    agent_page.goto(crm + "/")
    rows: list[dict[str, Any]] = agent_page.evaluate("crmConnect.skylight.transitions()")
    events = [row["event"] for row in rows]
    assert len(events) == len(set(events))
    assert set(events) == declared("SkylightTransitionEvent")
    assert declared("SkylightStatus") == set(STATUSES)
    for row in rows:
        assert row["to"] in STATUSES, row
        assert row["from"] == "*" or (row["from"] and set(row["from"]) <= set(STATUSES)), row

    # transition() is the table: the row's status where `from` allows it, null elsewhere.
    answers = agent_page.evaluate(EVERY_PAIR, STATUSES)
    for row, answer in zip(rows, answers, strict=True):
        expected = [
            row["to"] if row["from"] == "*" or status in row["from"] else None
            for status in STATUSES
        ]
        assert answer == {"event": row["event"], "answers": expected}

    # What the table says of the cases the code relies on.
    transition = "([status, event]) => crmConnect.skylight.transition(status, event)"
    assert agent_page.evaluate(transition, ["closed", "opened"]) == "opening"
    assert agent_page.evaluate(transition, ["ready", "loaded"]) == "loaded"  # Skylight reloads
    assert agent_page.evaluate(transition, ["closed", "connected"]) == "ready"  # a late answer
    assert agent_page.evaluate(transition, ["closed", "retry"]) == "loaded"
    assert agent_page.evaluate(transition, ["ready", "retry"]) is None
    assert agent_page.evaluate(transition, ["ready", "handshake-timeout"]) is None
    assert agent_page.evaluate(transition, ["closed", "relayed-closed"]) is None
    assert agent_page.evaluate(transition, ["closed", "no-such-event"]) is None
    assert agent_page.evaluate(transition, ["gone", "loaded"]) is None

    # transitions() is a copy: changing it changes nothing.
    agent_page.evaluate(
        "() => { const rows = crmConnect.skylight.transitions();"
        " rows[0].to = 'ready'; rows.length = 0; }"
    )
    assert agent_page.evaluate("crmConnect.skylight.transitions()") == rows


def test_every_status_change_of_a_session_is_a_row_of_the_table(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    agent_page.goto(crm + "/")
    agent_page.evaluate(RECORD_STATES)
    popup = open_skylight(agent_page)
    popup.evaluate("skylightSandbox.silentClose = true")
    popup.close()
    status(agent_page).to_have_attribute("data-skylight-status", "closed")

    moves = agent_page.evaluate("__moves")
    assert [move[1] for move in moves] == ["opening", "loaded", "ready", "closed"]
    for previous, current, reason in moves:
        answer = agent_page.evaluate(
            "([status, event]) => crmConnect.skylight.transition(status, event)",
            [previous, reason],
        )
        assert answer == current, (previous, reason, current)


@override_settings(CRM_CONNECT={"DEBUG": True})
def test_an_illegal_transition_is_logged_and_ignored(
    agent_page: Page, crm: str, skylight_call_center: CallCenter
) -> None:
    """Another tab announces a status this page does not know: no crash, no change, a
    debug line; the next status it knows is taken."""
    logged: list[str] = []
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        logged.append(message.text)

    agent_page.on("console", on_console)
    agent_page.on("pageerror", lambda error: errors.append(str(error)))
    agent_page.goto(crm + "/")
    agent_page.evaluate(RECORD_STATES)
    name = agent_page.evaluate(BUS_NAME)
    other = agent_page.context.new_page()
    other.goto(crm + "/")
    other.evaluate(
        "(name) => new BroadcastChannel(name).postMessage("
        "{kind: 'state', status: 'bogus', from: 'forged-tab'})",
        name,
    )
    agent_page.wait_for_function("crmConnect.skylight.state().role === 'relay'")
    agent_page.wait_for_timeout(100)
    assert any("ignored: relayed-bogus while closed" in line for line in logged), logged
    assert agent_page.evaluate("crmConnect.skylight.state().status") == "closed"
    assert agent_page.evaluate("__moves") == []

    other.evaluate(
        "(name) => new BroadcastChannel(name).postMessage("
        "{kind: 'state', status: 'ready', from: 'forged-tab'})",
        name,
    )
    status(agent_page).to_have_attribute("data-skylight-status", "ready")
    assert agent_page.evaluate("__moves") == [["closed", "ready", "relayed"]]
    assert errors == []
