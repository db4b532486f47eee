"""Size limits per message type (channel.js): what the vendors really send fits, and what
does not is never dropped silently.

The connector sends a log with a whole chat transcript; channel.js's default limits
(20,000 values, 1 MiB of text) refused one of 2,500 entries without a trace. Logs now
have limits of their own (``MESSAGE_LIMITS``), and a message from the genuine connector
beyond its limits is an error event with a typed ``MessageRejected``; a log is also kept
for export and the agent is told (``displayErrorNotification``).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Frame, Page

from crm_connect.connector.schemas.connector import FEATURE_ACTIONS, MESSAGE_LIMITS
from crm_connect.connector.schemas.notifications import Notification
from crm_connect.models import InteractionLog
from example_project.crm.models import Contact
from tests.browser.test_connector_features import connected, listen, reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEFAULT_CHARACTERS = 1_048_576
BAD_REQUEST = "<!doctype html><title>Bad Request (400)</title><h1>Bad Request (400)</h1>"
DEFAULT_NODES = 20_000


@pytest.fixture
def contacts(connector_call_center: Any) -> None:
    Contact.objects.create(name="Ada Lovelace", phone="+1 (555) 010-0199", email="ada@x.io")


def test_a_log_with_a_2500_entry_transcript_is_saved(
    agent_page: Page, crm: str, contacts: None
) -> None:
    """Fails on the old channel.js: 2,500 entries of a dozen values each are more than
    its 20,000 values, and the log vanished: no save, no pending log, no notice."""
    frame = connected(agent_page, "/", crm)
    listen(agent_page, "rejected", "error")
    frame.evaluate(
        "sandbox.saveLog({interactionId: 'chat-1', subject: 'Chat', from: '+15550100199', "
        "transcript: 2500})"
    )
    data = reply(frame, "createHistoryItem")
    assert data["taskId"] == "chat-1"
    sent = frame.evaluate(
        "sandbox.log.find((e) => e.message.action === 'requestSaveInteractionLog')"
        ".message.data.message.body.interactionData.transcript"
    )
    assert len(sent) == 2500
    nodes = frame.evaluate(
        """(t) => { let n = 0; const walk = (v) => { if (v && typeof v === 'object') {
        const keys = Object.keys(v); n += keys.length; keys.forEach((k) => walk(v[k])); } };
        walk(t); return n; }""",
        sent,
    )
    assert nodes > DEFAULT_NODES  # what the old limits refused
    log = InteractionLog.objects.get(interaction_id="chat-1")
    assert len(log.payload["message"]["body"]["interactionData"]["transcript"]) == 2500
    assert agent_page.evaluate("window.__events") == {"rejected": [], "error": []}
    assert agent_page.evaluate("crmConnect.connector.pendingLogs()") == []
    assert frame.evaluate("sandbox.violations") == []


HUGE = """([action, id, characters]) => {
  const piece = 'x'.repeat(262144);  // one string within every stringLength limit
  const big = Array.from({length: Math.ceil(characters / piece.length)}, () => piece);
  const data = action === 'requestSaveInteractionLog'
    ? {message: {body: {interactionId: id, interactionData: {transcript: big}}},
       header: {source: 'sandbox'}}
    : {big: big};
  sandbox.send(action, data);
}"""


def test_every_message_type_at_10x_the_old_limits_is_an_error_the_page_sees(
    agent_page: Page, crm: str, contacts: None
) -> None:
    """Each action the connector sends, with ten times the old limit of text: none is
    dropped silently. The page gets an error event and a typed MessageRejected for each;
    for the log the agent is told, and it is kept for export."""
    frame: Frame = connected(agent_page, "/", crm)
    listen(agent_page, "error", "logTooLarge")
    agent_page.evaluate(
        """() => { window.__typed = [];
        document.addEventListener('crm-connect:connector:rejected', (event) => {
          const error = event.detail.data;
          window.__typed.push({name: error.name, code: error.code, key: error.key,
                               isError: error instanceof Error, reason: error.reason}); }); }"""
    )
    actions = ["ready", "requestCrmData", *FEATURE_ACTIONS]
    characters = 10 * DEFAULT_CHARACTERS
    assert characters > MESSAGE_LIMITS["requestSaveInteractionLog"]["characters"]
    for action in actions:
        frame.evaluate(HUGE, [action, "huge-1", characters])
    agent_page.wait_for_function(f"window.__typed.length >= {len(actions)}")
    typed = agent_page.evaluate("window.__typed")
    assert [entry["key"] for entry in typed] == actions
    for entry in typed:
        assert entry["name"] == "MessageRejected"
        assert entry["isError"] is True
        assert entry["code"] == "too-large"
        assert "characters" in entry["reason"]
    assert len(agent_page.evaluate("window.__events.error")) == len(actions)

    # The log: the agent is told, and it is kept (not saved, not lost).
    notification = reply(frame, "displayErrorNotification")
    Notification.model_validate(notification)
    assert notification["severity"] == "ERROR"
    assert "huge-1" in notification["textArray"][0]
    assert agent_page.evaluate("window.__events.logTooLarge") == [
        {
            "interactionId": "huge-1",
            "reason": typed[actions.index("requestSaveInteractionLog")]["reason"],
        }
    ]
    assert agent_page.evaluate("crmConnect.connector.pendingLogs()") == ["huge-1"]
    exported = agent_page.evaluate(
        "crmConnect.connector.exportLogs().map((e) => [e.interactionId, e.json.length, e.reason])"
    )
    assert len(exported) == 1
    assert exported[0][0] == "huge-1"
    assert exported[0][1] > characters
    assert InteractionLog.objects.count() == 0
    # Nothing else answered a rejected request.
    replies = frame.evaluate(
        "sandbox.log.filter((e) => e.direction === 'in').map((e) => e.message.action)"
    )
    assert replies.count("displayErrorNotification") == 1
    assert "crmDirectory" not in replies
    assert "customFieldsDataResponse" not in replies

    # The exported log can be forgotten; the connector's next log goes out as usual.
    assert agent_page.evaluate("crmConnect.connector.discardLog('huge-1')") is True
    assert agent_page.evaluate("crmConnect.connector.pendingLogs()") == []
    frame.evaluate("sandbox.saveLog({interactionId: 'after-1', subject: 'fine'})")
    assert reply(frame, "createHistoryItem")["taskId"] == "after-1"


CHANNEL_API = """() => new Promise((resolve) => {
  const channel = crmConnect.channel.create({
    name: 'sizes', origin: location.origin, target: () => window,
    accept: (data) => true, key: (data) => data.kind,
    limits: {roomy: {nodes: 100000}, constructor: {nodes: 1}},
  });
  const seen = {accepted: [], rejected: []};
  for (const kind of ['roomy', 'plain', 'constructor']) {
    channel.on(kind, () => seen.accepted.push(kind));
  }
  channel.on('rejected', (error) => seen.rejected.push(
    [error.key, error.code, error.name, error.message]));
  const many = Array.from({length: 30000}, (_, i) => i);
  window.postMessage({kind: 'roomy', many}, location.origin);
  window.postMessage({kind: 'plain', many}, location.origin);
  window.postMessage({kind: 'constructor', one: 1, two: 2}, location.origin);
  window.postMessage({kind: 'plain', when: new Date()}, location.origin);
  setTimeout(() => { channel.close(); resolve(seen); }, 200);
})"""


def test_the_channel_takes_limits_per_message_type(page: Page, crm: str) -> None:
    """The API the protocol modules use (channel.js's header comment)."""
    page.goto(crm + "/accounts/login/")
    page.add_script_tag(url="/static/crm_connect/channel.js")
    seen = page.evaluate(CHANNEL_API)
    assert seen["accepted"] == ["roomy"]
    assert seen["rejected"] == [
        ["plain", "too-large", "MessageRejected", "plain: more than 20000 values"],
        ["constructor", "too-large", "MessageRejected", "constructor: more than 1 values"],
        ["plain", "not-data", "MessageRejected", "plain: not plain data ([object Date])"],
    ]


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [(413, "Request Entity Too Large", "text/plain"), (400, BAD_REQUEST, "text/html")],
)
def test_a_log_the_server_refuses_as_too_large_is_kept_for_export(
    agent_page: Page, crm: str, contacts: None, status: int, body: str, content_type: str
) -> None:
    """Django answers a body over DATA_UPLOAD_MAX_MEMORY_SIZE with a 400 page, a proxy
    with 413: not the API's field errors. The log was dropped as refused; it is kept."""
    agent_page.route(
        "**/crm-connect/api/interaction-logs/",
        lambda route: route.fulfill(status=status, body=body, content_type=content_type),
    )
    frame = connected(agent_page, "/", crm)
    listen(agent_page, "logTooLarge", "logRejected")
    frame.evaluate("sandbox.saveLog({interactionId: 'refused-1', subject: 'big', transcript: 50})")
    notification = reply(frame, "displayErrorNotification")
    assert "refused-1" in notification["textArray"][0]
    assert agent_page.evaluate("window.__events.logTooLarge") == [
        {"interactionId": "refused-1", "reason": f"HTTP {status}"}
    ]
    assert agent_page.evaluate("window.__events.logRejected") == []
    exported = agent_page.evaluate("crmConnect.connector.exportLogs()")
    assert [entry["interactionId"] for entry in exported] == ["refused-1"]
    assert '"transcript"' in exported[0]["json"]

    # Not sent again by itself on the next page (it would be refused again), still kept.
    agent_page.unroute("**/crm-connect/api/interaction-logs/")
    frame = connected(agent_page, "/", crm)
    agent_page.wait_for_function("typeof crmConnect.connector.exportLogs === 'function'")
    agent_page.wait_for_timeout(300)
    assert agent_page.evaluate("crmConnect.connector.pendingLogs()") == ["refused-1"]
    assert InteractionLog.objects.count() == 0
