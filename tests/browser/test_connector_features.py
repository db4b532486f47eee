"""Connector features after the handshake, end to end through the sandbox connector:
directory, click-to-dial, screen pop, interaction logs, custom fields, notifications,
reports."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from playwright.sync_api import Frame, FrameLocator, Page, Route, expect

from crm_connect.connector.schemas.click_to_dial import ClickToDialResponse
from crm_connect.connector.schemas.interaction_logs import CreateHistoryItem
from crm_connect.connector.schemas.notifications import Notification
from crm_connect.connector.schemas.records import CrmDirectory
from crm_connect.models import AbandonedInteractionLog, InteractionLog
from example_project.crm.models import Contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOGS_API = "**/crm-connect/api/interaction-logs/"


@pytest.fixture
def contacts(connector_call_center: Any) -> dict[str, Contact]:
    return {
        "ada": Contact.objects.create(
            name="Ada Lovelace", phone="+1 (555) 010-0199", email="ada@x.io"
        ),
        "grace": Contact.objects.create(name="Grace Hopper", phone="+1 555 010 0142"),
        "grace2": Contact.objects.create(name="Grace Twin", phone="5550100142"),
        "mail": Contact.objects.create(name="Mail Only", email="mail@x.io"),
    }


@pytest.fixture(autouse=True)
def _vendor_strict_sandbox(agent_page: Page) -> Iterator[None]:
    """After every test: the sandbox connector, which checks each reply as the vendor's
    sample client builds it, found nothing the vendor's code would not take."""
    yield
    frame = agent_page.frame(url=lambda url: "/sandbox/connector/" in url)
    if frame is not None:
        assert frame.evaluate("window.sandbox ? sandbox.violations : []") == []


def sandbox(page: Page) -> FrameLocator:
    return page.frame_locator("#crmConnectIframeId")


def connected(page: Page, path: str | None = None, crm: str = "") -> Frame:
    """(Open ``path`` and) wait until the sandbox connector has its crmData."""
    if path is not None:
        page.goto(crm + path)
    expect(sandbox(page).locator("#status")).to_have_text("connected")
    frame = page.frame(url=lambda url: "/sandbox/connector/" in url)
    assert frame is not None
    return frame


def reply(frame: Frame, action: str, count: int = 1) -> Any:
    """The data of the ``count``-th ``action`` the sandbox received."""
    frame.wait_for_function(f"sandbox.received({action!r}).length >= {count}")
    return frame.evaluate(f"sandbox.received({action!r})[{count - 1}].message.data")


def listen(page: Page, *names: str) -> None:
    """Count the connector's DOM events ``crm-connect:connector:<name>`` on the page."""
    page.evaluate(
        """(names) => { window.__events = window.__events || {};
        for (const name of names) { window.__events[name] = [];
          document.addEventListener('crm-connect:connector:' + name,
            (e) => window.__events[name].push(e.detail.data)); } }""",
        list(names),
    )


# --- directory ---------------------------------------------------------------------------


def test_the_directory_lists_reachable_records(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    frame = connected(agent_page, "/", crm)
    sandbox(agent_page).get_by_role("button", name="requestGetCrmDirectory", exact=True).click()
    data = reply(frame, "crmDirectory")
    CrmDirectory.model_validate(data)
    assert data["count"] == "4"
    assert [entry["name"] for entry in data["results"]] == [
        "Ada Lovelace",
        "Grace Hopper",
        "Grace Twin",
        "Mail Only",
    ]
    expect(sandbox(agent_page).locator('[data-reply="crmDirectory"]')).to_contain_text(
        "Ada Lovelace"
    )


def test_the_directory_answers_the_vendors_prose_spelling_too(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    """Vendor: the sample's crm.js handles requestGetCrmDirectory; its prose (README,
    documentation) spells it requestGetCRMDirectory. Both get the directory."""
    frame = connected(agent_page, "/", crm)
    sandbox(agent_page).get_by_role("button", name="requestGetCRMDirectory", exact=True).click()
    data = reply(frame, "crmDirectory")
    CrmDirectory.model_validate(data)
    assert data["count"] == "4"
    assert frame.evaluate("sandbox.violations") == []


# --- click-to-dial -----------------------------------------------------------------------

RECORD_CLICKS = """() => { window.__clicks = [];
  window.addEventListener('click', (event) => {
    if (event.target.closest('a[data-crm-connect-dial]')) {
      window.__clicks.push(event.defaultPrevented);
      event.preventDefault();  // the test browser has no phone app
    }
  }); }"""


def test_click_to_dial_is_switched_by_the_connector_and_sends_the_record(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    grace = contacts["grace"]
    frame = connected(agent_page, "/", crm)
    agent_page.evaluate(RECORD_CLICKS)
    link = agent_page.locator(f'a[data-crm-connect-dial][data-record-id="{grace.pk}"]')
    html = agent_page.locator("html")

    # Off: an ordinary tel: link.
    expect(html).to_have_attribute("data-crm-connect-click-to-dial", "off")
    plain_background = link.evaluate("(a) => getComputedStyle(a).backgroundColor")
    link.click()
    assert agent_page.evaluate("window.__clicks") == [False]

    # On: visibly different, and a click goes to the connector.
    sandbox(agent_page).get_by_role("button", name="click-to-dial on").click()
    expect(html).to_have_attribute("data-crm-connect-click-to-dial", "on")
    assert link.evaluate("(a) => getComputedStyle(a).backgroundColor") != plain_background
    link.click()
    data = reply(frame, "clickToDialResponse")
    assert agent_page.evaluate("window.__clicks") == [False, True]
    ClickToDialResponse.model_validate(data)
    assert data["onClickToDialResponse"] == {
        "number": "+15550100142",
        "objectType": "Contact",
        "recordId": str(grace.pk),
        "recordName": "Grace Hopper",
        "email": "",
        "url": f"{crm}/contacts/{grace.pk}/",
    }
    assert data["crmPhones"] == ["+15550100142"]
    assert data["pageInfo"]["recordId"] == str(grace.pk)
    assert frame.evaluate("sandbox.violations") == []

    # requestNavigateToClickToDialResult opens that record.
    expect(sandbox(agent_page).locator("#nav-record-id")).to_have_value(str(grace.pk))
    sandbox(agent_page).get_by_role("button", name="requestNavigateToClickToDialResult").click()
    agent_page.wait_for_url(f"{crm}/contacts/{grace.pk}/")

    # The setting survives the navigation; off again means plain links again.
    connected(agent_page)
    expect(html).to_have_attribute("data-crm-connect-click-to-dial", "on")
    sandbox(agent_page).get_by_role("button", name="click-to-dial off").click()
    expect(html).to_have_attribute("data-crm-connect-click-to-dial", "off")


def test_click_to_dial_sends_the_vendors_shape(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    """Vendor: createCTDMessage in the sample's src/javascripts/utils/utils.js: crmEmails
    is the e-mail (a string), personAccount true, relatedToObjects[0] isName false and
    isRelatedTo true, pageInfo the whole result (number and email included)."""
    ada = contacts["ada"]
    frame = connected(agent_page, "/", crm)
    agent_page.evaluate(RECORD_CLICKS)
    sandbox(agent_page).get_by_role("button", name="click-to-dial on").click()
    expect(agent_page.locator("html")).to_have_attribute("data-crm-connect-click-to-dial", "on")
    agent_page.locator(f'a[data-crm-connect-dial][data-record-id="{ada.pk}"]').click()
    data = reply(frame, "clickToDialResponse")
    ClickToDialResponse.model_validate(data)
    result = {
        "number": "+15550100199",
        "objectType": "Contact",
        "recordId": str(ada.pk),
        "recordName": "Ada Lovelace",
        "email": "ada@x.io",
        "url": f"{crm}/contacts/{ada.pk}/",
    }
    assert data == {
        "onClickToDialResponse": result,
        "clickToDialLogDetails": {
            "id": str(ada.pk),
            "name": "Ada Lovelace",
            "personAccount": True,
            "type": "Contact",
        },
        "softphoneItems": [],
        "doNotCall": False,
        "crmEmails": "ada@x.io",
        "crmPhones": ["+15550100199"],
        "nameObjects": None,
        "relatedToObjects": [
            {
                "isName": False,
                "isRelatedTo": True,
                "pageInfo": {k: result[k] for k in ("recordId", "url", "recordName", "objectType")},
            }
        ],
        "pageInfo": result,
    }
    assert frame.evaluate("sandbox.violations") == []


def test_navigating_to_a_record_not_clicked_on_this_tab_asks_the_api(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    ada = contacts["ada"]
    frame = connected(agent_page, "/", crm)
    frame.evaluate(f"sandbox.send('requestNavigateToClickToDialResult', {{recordId: '{ada.pk}'}})")
    agent_page.wait_for_url(f"{crm}/contacts/{ada.pk}/")


# --- screen pop --------------------------------------------------------------------------


def test_screen_pop_with_one_match_opens_it_once(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    ada = contacts["ada"]
    frame = connected(agent_page, "/", crm)
    frame.evaluate("sandbox.screenPop(['15550100199'], 'call-1')")
    agent_page.wait_for_url(f"{crm}/contacts/{ada.pk}/")

    # The connector on the new page asks again for the same interaction: no second pop.
    frame = connected(agent_page)
    agent_page.goto(f"{crm}/")
    frame = connected(agent_page)
    listen(agent_page, "screenPopSuppressed", "screenPop")
    frame.evaluate("sandbox.screenPop(['+1 555 010 0199'], 'call-1')")
    agent_page.wait_for_function("window.__events.screenPopSuppressed.length === 1")
    assert agent_page.evaluate("window.__events.screenPop") == []
    assert agent_page.url == f"{crm}/"

    # Another interaction from the same number pops again.
    frame.evaluate("sandbox.screenPop(['+1 555 010 0199'], 'call-2')")
    agent_page.wait_for_url(f"{crm}/contacts/{ada.pk}/")


def test_screen_pop_with_several_matches_shows_a_chooser(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    frame = connected(agent_page, "/", crm)
    sandbox(agent_page).get_by_label("ANI").fill("(555) 010-0142")
    sandbox(agent_page).get_by_label("interaction").first.fill("call-3")
    sandbox(agent_page).get_by_role("button", name="requestPerformInteractionScreenPop").click()
    dialog = agent_page.get_by_role("dialog", name="Several records match +15550100142")
    expect(dialog).to_be_visible()
    links = dialog.get_by_role("link")
    expect(links).to_have_text(["Grace Hopper", "Grace Twin"])
    expect(links.first).to_be_focused()
    assert agent_page.url == f"{crm}/"
    # Record names are text, never markup.
    assert dialog.locator("script, img").count() == 0
    links.nth(1).click()
    agent_page.wait_for_url(f"{crm}/contacts/{contacts['grace2'].pk}/")
    # The example keeps its connector across pages (htmx): the chosen record opened as a
    # boosted visit, the dialog went with the old page.
    assert not frame.is_detached()
    expect(dialog).to_have_count(0)


def test_screen_pop_without_a_match_offers_to_create_the_contact(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    frame = connected(agent_page, "/", crm)
    frame.evaluate("sandbox.screenPop(['+1 555 010 0000'], 'call-4')")
    dialog = agent_page.get_by_role("dialog", name="No record for +15550100000")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(agent_page.locator("dialog")).to_have_count(0)
    frame.evaluate("sandbox.screenPop(['+1 555 010 0000'], 'call-5')")
    dialog.get_by_role("link", name="Create a contact with this number").click()
    agent_page.wait_for_url(re.compile(r"/contacts/new/\?phone=%2B15550100000$"))
    expect(agent_page.get_by_label("Phone")).to_have_value("+15550100000")


# --- interaction logs --------------------------------------------------------------------


def test_a_saved_log_is_stored_linked_and_answered_with_its_id(
    agent_page: Page, crm: str, contacts: dict[str, Contact], agent: Any
) -> None:
    ada = contacts["ada"]
    frame = connected(agent_page, "/", crm)
    form = sandbox(agent_page)
    form.locator("#log-interaction").fill("log-1")
    form.locator("#log-subject").fill("Refund")
    form.locator("#log-case").fill("C-42")
    form.get_by_role("button", name="requestSaveInteractionLog").click()
    data = reply(frame, "createHistoryItem")
    item = CreateHistoryItem.model_validate(data)
    log = InteractionLog.objects.get()
    assert item.task_id == "log-1"
    assert (log.interaction_id, log.subject, log.user) == ("log-1", "Refund", agent)
    assert log.custom_fields == {"caseNumber": "C-42"}
    assert log.record_id == str(ada.pk)
    assert log.started_at is not None
    sent = frame.evaluate("sandbox.received('createHistoryItem')")
    assert data["data"]["message"]["body"]["interactionId"] == "log-1"
    assert data["data"]["msgData"]["header"]["source"] == "sandbox"
    assert len(sent) == 1
    assert frame.evaluate("sandbox.violations") == []

    # Saved again: the same row, updated.
    form.locator("#log-subject").fill("Refund granted")
    form.get_by_role("button", name="requestSaveInteractionLog").click()
    assert reply(frame, "createHistoryItem", 2)["taskId"] == "log-1"
    assert InteractionLog.objects.get().subject == "Refund granted"

    # Visible on the record's page and on the reports page.
    agent_page.goto(f"{crm}/contacts/{ada.pk}/")
    expect(agent_page.locator('.interaction-log[data-interaction-id="log-1"]')).to_contain_text(
        "Refund granted"
    )
    sandbox(agent_page).get_by_role("button", name="requestOpenReports").click()
    agent_page.wait_for_url(f"{crm}/interaction-logs/")
    expect(agent_page.locator('tr[data-interaction-id="log-1"]')).to_contain_text("Refund granted")


def test_a_saved_log_is_answered_in_the_vendors_shape(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    """Vendor: processSaveInteractionLog in the sample's src/javascripts/integration/crm.js
    and composeInteractionLog in src/javascripts/utils/utils.js. The request's header
    is data.header, a sibling of data.message, and goes back as msgData.header; taskId
    is the interaction id the log was saved under (external_id); logParameters are the
    flat saved fields, one key per custom field; START_TIME is a time of day."""
    frame = connected(agent_page, "/", crm)
    frame.evaluate(
        """sandbox.saveLog({interactionId: 'shape-1', subject: 'Refund', comments: 'ok',
        from: '+15550100199', to: '+15550100000', topic: 'Billing', seconds: 125,
        customFields: {caseNumber: 'C-7', outcome: 'Solved'}})"""
    )
    data = reply(frame, "createHistoryItem")
    CreateHistoryItem.model_validate(data)
    sent = frame.evaluate(
        "sandbox.log.find((e) => e.direction === 'out' "
        "&& e.message.action === 'requestSaveInteractionLog').message.data"
    )
    assert "header" not in sent["message"]  # the vendor's shape
    assert data["taskId"] == "shape-1"
    assert data["data"]["msgData"] == {"message": sent["message"], "header": sent["header"]}
    assert data["data"]["header"] == sent["header"]
    parameters = data["data"]["logParameters"]
    intrinsics = sent["message"]["body"]["interactionData"]["interaction"]["intrinsics"]
    assert re.fullmatch(r"\d\d:\d\d:\d\d", intrinsics["START_TIME"])
    duration = parameters.pop("duration")
    assert re.fullmatch(r"\d+-", duration)
    assert 120 <= int(duration[:-1]) <= 180
    assert parameters == {
        "interaction_type": "Refund",
        "caller": "+15550100199",
        "called": "+15550100000",
        "start_time": intrinsics["START_TIME"],
        "start_date": intrinsics["START_DATE"],
        "topic": "Billing",
        "comments": "ok",
        "caseNumber": "C-7",
        "outcome": "Solved",
    }
    log = InteractionLog.objects.get(interaction_id="shape-1")
    assert log.started_at is not None
    assert frame.evaluate("sandbox.violations") == []


def test_a_header_inside_the_message_is_still_read(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    """The shape this project read before (data.message.header) stays a fallback."""
    frame = connected(agent_page, "/", crm)
    frame.evaluate(
        """sandbox.send('requestSaveInteractionLog', {message: {header: {old: 'place'},
        body: {interactionId: 'old-1', interactionData: {}}}})"""
    )
    data = reply(frame, "createHistoryItem")
    assert data["taskId"] == "old-1"
    assert data["data"]["msgData"]["header"] == {"old": "place"}


@override_settings(CRM_CONNECT={**settings.CRM_CONNECT, "LOG_RETRY_DELAY": 20})
def test_a_failed_save_is_retried(agent_page: Page, crm: str, contacts: dict[str, Contact]) -> None:
    failures = {"left": 2}

    def flaky(route: Route) -> None:
        if route.request.method == "POST" and failures["left"] > 0:
            failures["left"] -= 1
            route.fulfill(status=503, body="unavailable")
        else:
            route.continue_()

    agent_page.route(LOGS_API, flaky)
    frame = connected(agent_page, "/", crm)
    listen(agent_page, "logRetry")
    frame.evaluate("sandbox.saveLog({interactionId: 'retry-1', subject: 'flaky', from: '+1'})")
    data = reply(frame, "createHistoryItem")
    assert failures["left"] == 0
    assert agent_page.evaluate("window.__events.logRetry.length") == 2
    assert data["taskId"] == "retry-1"
    assert InteractionLog.objects.filter(interaction_id="retry-1").exists()
    assert InteractionLog.objects.count() == 1
    assert frame.evaluate("sandbox.received('displayErrorNotification').length") == 0
    assert agent_page.evaluate("crmConnect.connector.pendingLogs()") == []


@override_settings(
    CRM_CONNECT={**settings.CRM_CONNECT, "LOG_RETRY_ATTEMPTS": 2, "LOG_RETRY_DELAY": 20}
)
def test_a_save_that_keeps_failing_is_reported_and_sent_on_the_next_page(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    attempts: list[str] = []

    def down(route: Route) -> None:
        attempts.append(route.request.method)
        route.abort("connectionrefused")

    agent_page.route(LOGS_API, down)
    frame = connected(agent_page, "/", crm)
    frame.evaluate("sandbox.saveLog({interactionId: 'lost-1', subject: 'kept'})")
    notification = reply(frame, "displayErrorNotification")
    Notification.model_validate(notification)
    assert notification["severity"] == "ERROR"
    assert "lost-1" in notification["textArray"][0]
    assert attempts == ["POST", "POST"]
    assert InteractionLog.objects.count() == 0
    assert agent_page.evaluate("crmConnect.connector.pendingLogs()") == ["lost-1"]

    # The server is back: the next page load sends it.
    agent_page.unroute(LOGS_API)
    frame = connected(agent_page, "/", crm)
    data = reply(frame, "createHistoryItem")
    assert data["taskId"] == "lost-1"
    assert InteractionLog.objects.filter(interaction_id="lost-1").exists()
    agent_page.wait_for_function("crmConnect.connector.pendingLogs().length === 0")


def test_a_refused_log_is_reported_not_retried(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    frame = connected(agent_page, "/", crm)
    frame.evaluate("sandbox.send('requestSaveInteractionLog', {message: {body: {}}})")
    notification = reply(frame, "displayErrorNotification")
    assert "interactionId" in notification["textArray"][0]
    # Dropped from this browser once the abandoned logs (the admin) have it.
    agent_page.wait_for_function("crmConnect.connector.pendingLogs().length === 0")
    assert InteractionLog.objects.count() == 0
    assert "interactionId" in AbandonedInteractionLog.objects.get().reason


# --- custom fields, notifications --------------------------------------------------------


def test_custom_fields_come_from_configuration_as_a_json_string(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    """Vendor: getCustomFieldsValues in the sample's src/javascripts/integration/zendesk.js
    lower-cases the requested names, drops empty ones and matches the CRM's fields
    case-insensitively, answering with the CRM's own key. The sandbox asks for
    ['CaseNumber', 'OUTCOME', ''] and ['casenumber']."""
    frame = connected(agent_page, "/", crm)
    sandbox(agent_page).get_by_role("button", name="requestCustomFieldsValues").click()
    data = reply(frame, "customFieldsDataResponse")
    assert isinstance(data, str)
    assert json.loads(data) == {
        "voice": {
            "caseNumber": {
                "customFieldInfo": {"customFieldType": "STRING", "customFieldLabel": "Case number"}
            },
            "outcome": {
                "customFieldInfo": {"customFieldType": "PICKLIST", "customFieldLabel": "Outcome"}
            },
        },
        "digital": {
            "caseNumber": {
                "customFieldInfo": {"customFieldType": "STRING", "customFieldLabel": "Case number"}
            }
        },
    }
    frame.evaluate(
        "sandbox.send('requestCustomFieldsValues', {object: {voice: ['Outcome', 'nope', '']}})"
    )
    assert json.loads(reply(frame, "customFieldsDataResponse", 2)) == {
        "voice": {
            "outcome": {
                "customFieldInfo": {"customFieldType": "PICKLIST", "customFieldLabel": "Outcome"}
            }
        },
        "digital": {
            "caseNumber": {
                "customFieldInfo": {"customFieldType": "STRING", "customFieldLabel": "Case number"}
            }
        },
    }


def test_notify_sends_validated_notifications(
    agent_page: Page, crm: str, contacts: dict[str, Contact]
) -> None:
    frame = connected(agent_page, "/", crm)
    agent_page.evaluate(
        """crmConnect.connector.notify({type: 'okDialog', severity: 'WARNING', title: 'Heads up',
        textArray: ['Line 1', 'Line 2'], dialogId: 7, persist: true})"""
    )
    data = reply(frame, "displayErrorNotification")
    assert Notification.model_validate(data).model_dump(mode="json") == data
    assert data == {
        "type": "okDialog",
        "textArray": ["Line 1", "Line 2"],
        "title": "Heads up",
        "dialogId": 7,
        "persist": True,
        "store": False,
        "severity": "WARNING",
    }
    # notify() returns a Promise (the feature module may still be loading): bad options
    # reject it with a TypeError.
    errors = agent_page.evaluate(
        """async () => { const results = [];
        for (const bad of [{type: 'popup', text: 'x'}, {severity: 'LOUD', text: 'x'},
                           {textArray: []}, {text: 'x', dialogId: 1.5}, null]) {
          try { await crmConnect.connector.notify(bad); results.push('sent'); }
          catch (error) { results.push(error.name); } }
        return results; }"""
    )
    assert errors == ["TypeError"] * 5
    agent_page.evaluate("crmConnect.connector.notify({text: 'after the bad ones'})")
    assert reply(frame, "displayErrorNotification", 2)["textArray"] == ["after the bad ones"]
    assert frame.evaluate("sandbox.received('displayErrorNotification').length") == 2
