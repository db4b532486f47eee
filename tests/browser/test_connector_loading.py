"""connector.js loads the feature code (connector-features.js) only when it is needed:
never on a page that uses no feature, once on the first feature action, with the CSP
nonce, and again after a failed load."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, Request, Route

from crm_connect.models import InteractionLog
from tests.browser.test_connector_features import connected, listen, reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FEATURES = "connector-features.js"
NONCE = "t3st-n0nce"


def feature_loads(page: Page, script: str = FEATURES) -> list[str]:
    """The URLs of every request for the feature module (or ``script``), as they happen."""
    loads: list[str] = []

    def record(request: Request) -> None:
        if script in request.url:
            loads.append(request.url)

    page.on("request", record)
    return loads


def with_nonce_only_csp(route: Route) -> None:
    """Serve the CRM page under ``script-src 'nonce-…'`` (no 'strict-dynamic'): a
    script element the loader creates runs only if it carries the nonce."""
    response = route.fetch()
    body = response.text().replace("<script src=", f'<script nonce="{NONCE}" src=')
    headers = {**response.headers, "content-security-policy": f"script-src 'nonce-{NONCE}'"}
    route.fulfill(response=response, body=body, headers=headers)


def test_the_feature_module_is_loaded_once_on_first_use_with_the_nonce(
    agent_page: Page, crm: str, connector_call_center: Any
) -> None:
    loads = feature_loads(agent_page)
    page_core_loads = feature_loads(agent_page, "channel-page.js")
    agent_page.route(f"{crm}/", with_nonce_only_csp)
    frame = connected(agent_page, "/", crm)
    # The loader decides at once whether the page needs the module: nothing was fetched.
    assert loads == []

    # Three actions back to back, before the module is there: queued, one load, answered
    # in the order they came.
    frame.evaluate(
        """sandbox.send('requestCustomFieldsValues', {object: {voice: ['outcome'], digital: []}});
        sandbox.send('requestCustomFieldsValues', {object: {voice: ['caseNumber'], digital: []}});
        sandbox.send('requestCustomFieldsValues', {object: {voice: [], digital: []}});"""
    )
    answers = [json.loads(reply(frame, "customFieldsDataResponse", n)) for n in (1, 2, 3)]
    assert [list(answer["voice"]) for answer in answers] == [["outcome"], ["caseNumber"], []]

    # Loaded now: later actions and API calls use it without another request.
    agent_page.evaluate("crmConnect.connector.notify({text: 'loaded'})")
    assert reply(frame, "displayErrorNotification")["textArray"] == ["loaded"]
    assert len(loads) == 1
    assert agent_page.evaluate("crmConnect.connector.state().lastError") is None
    # The core's page side the features use came with UCP's tag on this page: the
    # loader did not fetch it again.
    assert len(page_core_loads) == 1
    assert agent_page.evaluate("typeof crmConnect.channel.page.handle") == "function"


# The module's last file, or one of the parts it puts together (then it does not register).
@pytest.mark.parametrize("missing", [FEATURES, "connector-logs.js"])
def test_a_failed_load_is_reported_and_what_waits_is_handled_after_the_next_attempt(
    agent_page: Page, crm: str, connector_call_center: Any, missing: str
) -> None:
    loads = feature_loads(agent_page, missing)
    outage = {"on": True}

    def unreachable(route: Route) -> None:
        if outage["on"]:
            route.abort("connectionreset")
        else:
            route.continue_()

    agent_page.route(f"**/{missing}*", unreachable)
    frame = connected(agent_page, "/", crm)
    listen(agent_page, "error")

    # The first action's load fails: reported (DOM event and state), nothing thrown, no
    # reply; the action waits.
    frame.evaluate("sandbox.saveLog({interactionId: 'during-outage', subject: 'kept'})")
    agent_page.wait_for_function("window.__events.error.length === 1")
    error = agent_page.evaluate("window.__events.error[0].message")
    assert missing in error
    assert agent_page.evaluate("crmConnect.connector.state().lastError") == error
    # A page API call tries again (and fails again); its Promise waits too.
    agent_page.evaluate(
        "() => { window.__dial = 'waiting';"
        " crmConnect.connector.setClickToDial(true).then((on) => { window.__dial = on; }); }"
    )
    agent_page.wait_for_function("window.__events.error.length === 2")
    assert agent_page.evaluate("window.__dial") == "waiting"
    assert frame.evaluate("sandbox.received('createHistoryItem').length") == 0

    # Back: the next action loads it, and everything is handled in arrival order.
    outage["on"] = False
    frame.evaluate("sandbox.send('requestCustomFieldsValues', {object: {voice: ['outcome']}})")
    data = reply(frame, "createHistoryItem")
    assert data["taskId"] == "during-outage"  # the interaction id, as the vendor sends it
    assert InteractionLog.objects.filter(interaction_id="during-outage").exists()
    assert "outcome" in json.loads(reply(frame, "customFieldsDataResponse"))["voice"]
    agent_page.wait_for_function("window.__dial === true")
    assert agent_page.locator("html").get_attribute("data-crm-connect-click-to-dial") == "on"
    assert len(loads) == 3  # two failed loads, then one that worked


@pytest.mark.urls("tests.urls")
def test_a_connector_only_page_fetches_the_page_core_with_the_features_and_dials(
    agent_page: Page, crm: str, connector_call_center: Any
) -> None:
    """A page with the connector tag alone downloads channel.js and connector.js; the
    core's page side (the click dispatcher, the tel: number rule) comes only with the
    features, before them, with the nonce. A hand-written link's number is sent as the
    RFC 3966 rule reads it, the same number UCP and Skylight dial."""
    loads = feature_loads(agent_page)
    page_core_loads = feature_loads(agent_page, "channel-page.js")
    agent_page.route(f"{crm}/tests/connector-only/", with_nonce_only_csp)
    frame = connected(agent_page, "/tests/connector-only/", crm)
    assert (loads, page_core_loads) == ([], [])

    assert agent_page.evaluate("crmConnect.connector.setClickToDial(true)") is True
    assert (len(loads), len(page_core_loads)) == (1, 1)
    agent_page.evaluate(
        """() => { const link = document.body.appendChild(document.createElement('a'));
        link.href = 'tel:+1 (555) 010-0199;ext=7';
        link.dataset.crmConnectDial = '';
        link.dataset.recordId = '9';
        link.textContent = 'Call Ada'; }"""
    )
    agent_page.get_by_role("link", name="Call Ada").click()
    data = reply(frame, "clickToDialResponse")
    assert data["onClickToDialResponse"]["number"] == "+15550100199"
    assert data["crmPhones"] == ["+15550100199"]
    assert agent_page.url == f"{crm}/tests/connector-only/"  # the tel: link was not followed
