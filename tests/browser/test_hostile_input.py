"""1,000+ generated hostile messages at a connected CRM page: no uncaught error, no
reply to any of them, no change of state; what the genuine connector sent beyond the
limits is reported, never dropped silently.

Senders: the connector's own frame (right origin, right window: oversized, non-plain,
wrongly typed and prototype-polluting messages), a second frame of the connector's
origin (right origin, wrong window), a frame of another origin, the CRM page itself,
and the connector frame after it navigated to another origin (right window, wrong
origin). The generator is seeded (``hostile_messages.js``), so a failure replays.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Frame, Page, expect

from crm_connect.models import CallCenter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GENERATOR = (Path(__file__).parent / "hostile_messages.js").read_text()
SEED = 20261122

SNAPSHOT = """() => ({
  state: Object.assign(crmConnect.connector.state(), {lastError: null}),
  objectProto: Object.getOwnPropertyNames(Object.prototype).sort(),
  arrayProto: Object.getOwnPropertyNames(Array.prototype).sort(),
  polluted: ({}).polluted === undefined && [].polluted === undefined
    && window.polluted === undefined && Object.prototype.type === undefined,
  globals: Object.keys(window).filter((key) => !key.startsWith('__')).sort(),
  body: document.body.children.length,
})"""

WATCH = """() => {
  window.__errors = [];
  window.addEventListener('error', (event) => window.__errors.push(String(event.message)));
  window.addEventListener('unhandledrejection',
    (event) => window.__errors.push(String(event.reason)));
  // What handlers get for the accepted (unhandled) actions must be plain, own data.
  const plain = (value) => value === null || typeof value !== 'object' || (
    Object.getPrototypeOf(value) === (Array.isArray(value) ? Array.prototype : Object.prototype)
    && !Object.keys(value).some((key) => ['__proto__', 'constructor', 'prototype'].includes(key))
    && value.polluted === undefined && Object.values(value).every(plain));
  window.__unhandled = 0;
  window.__tainted = 0;
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf',
                      'noSuchAction']) {
    document.addEventListener('crm-connect:connector:' + name, (event) => {
      window.__unhandled++;
      if (!plain(event.detail.data)) window.__tainted++;
    });
  }
  window.__handled = 0;
  for (const name of ['ready', 'requestCrmData', 'connected', 'timeout']) {
    document.addEventListener('crm-connect:connector:' + name, () => window.__handled++);
  }
  // Beyond the limits from the connector's own window: an error the page sees, typed.
  window.__rejected = [];
  document.addEventListener('crm-connect:connector:rejected', (event) => window.__rejected.push(
    [event.detail.data.name, event.detail.data.code, event.detail.data instanceof Error]));
  window.__errors_seen = 0;
  document.addEventListener('crm-connect:connector:error', () => window.__errors_seen++);
}"""

ADD_FRAME = """(url) => new Promise((resolve) => {
  const frame = document.createElement('iframe');
  frame.src = url;
  frame.addEventListener('load', () => resolve(true));
  document.body.appendChild(frame);
})"""

# Anything a sending frame receives (a reply would be a leak).
RECORD_INBOX = """() => { window.__inbox = 0;
  window.addEventListener('message', () => window.__inbox++); }"""


def stats(page: Page) -> dict[str, Any]:
    return page.evaluate("crmConnect.channel.stats('connector')")  # type: ignore[no-any-return]


def inbound(connector: Frame) -> int:
    return connector.evaluate(  # type: ignore[no-any-return]
        "sandbox.log.filter((entry) => entry.direction === 'in').length"
    )


def send(frame: Frame, crm: str, count: int, kinds: list[str], seed: int) -> int:
    return frame.evaluate(  # type: ignore[no-any-return]
        GENERATOR, {"seed": seed, "count": count, "target": crm, "kinds": kinds}
    )


def connector_frame(page: Page) -> Frame | None:
    """The frame in the connector's iframe element, wherever it navigated."""
    for frame in page.main_frame.child_frames:
        element = frame.frame_element()
        if element.get_attribute("id") == "crmConnectIframeId":
            return frame
    return None


def add_frame(page: Page, url: str) -> Frame:
    page.evaluate(ADD_FRAME, url)
    frame = page.frame(url=url)
    assert frame is not None
    frame.evaluate(RECORD_INBOX)
    return frame


def test_a_thousand_hostile_messages_change_nothing(
    agent_page: Page,
    crm: str,
    connector_call_center: CallCenter,
    sandbox_origin: str,
    other_origin: str,
) -> None:
    page = agent_page
    uncaught: list[str] = []
    console: list[ConsoleMessage] = []
    page.on("pageerror", lambda error: uncaught.append(str(error)))
    page.on("console", lambda message: console.append(message))
    page.goto(crm + "/")
    expect(page.frame_locator("#crmConnectIframeId").locator("#status")).to_have_text("connected")
    connector = page.frame(url=lambda url: "/sandbox/connector/" in url)
    assert connector is not None
    connector.evaluate(RECORD_INBOX)
    page.evaluate(WATCH)

    same_origin_frame = add_frame(page, f"{sandbox_origin}/sandbox/")
    other_origin_frame = add_frame(page, f"{other_origin}/sandbox/")
    before = page.evaluate(SNAPSHOT)
    before_stats = stats(page)
    before_inbound = inbound(connector)
    console.clear()

    # Right origin, right window: everything but the real thing.
    unhandled = send(
        connector,
        crm,
        600,
        ["oversized", "wrongTypes", "random", "protoTricks", "random", "unhandled"],
        SEED,
    )
    # Right origin, wrong window; wrong origin; the page itself: the real thing too.
    mixed = ["genuine", "random", "oversized", "wrongTypes", "protoTricks"]
    send(same_origin_frame, crm, 250, mixed, SEED + 1)
    send(other_origin_frame, crm, 250, mixed, SEED + 2)
    send(page.main_frame, crm, 50, mixed, SEED + 3)
    total = 600 + 250 + 250 + 50
    page.wait_for_function(
        "(n) => crmConnect.channel.stats('connector').received >= n",
        arg=before_stats["received"] + total,
        timeout=60_000,
    )

    after = stats(page)
    assert after["received"] - before_stats["received"] == total
    assert after["accepted"] - before_stats["accepted"] == unhandled > 0
    rejected = {
        reason: count - before_stats["rejected"].get(reason, 0)
        for reason, count in after["rejected"].items()
    }
    assert sum(rejected.values()) == total - unhandled
    reasons = " | ".join(reason for reason, count in rejected.items() if count)
    for expected in [
        f"origin {other_origin} is not {sandbox_origin}",
        f"origin {crm} is not {sandbox_origin}",
        "not from the connector window",
        "string longer than",
        "more than 20000 values",
        "more than 1048576 characters",
        "key longer than",
        "nested deeper than",
        "not plain data",
        "non-finite number",
        "not a connector message",
    ]:
        assert expected in reasons
    assert "unexpected error" not in reasons

    # No reply to any of them, no change of state, nothing uncaught or logged as failed.
    assert inbound(connector) == before_inbound
    assert connector.evaluate("window.__inbox") == 0
    assert same_origin_frame.evaluate("window.__inbox") == 0
    assert other_origin_frame.evaluate("window.__inbox") == 0
    assert page.evaluate("window.__handled") == 0
    # Each oversized or non-data message of the genuine window (1 in 6 of its 600) is an
    # error event with a typed MessageRejected, and a warning in the console.
    rejected_events = page.evaluate("window.__rejected")
    assert len(rejected_events) == 100
    assert {(name, code, is_error) for name, code, is_error in rejected_events} == {
        ("MessageRejected", "too-large", True),
        ("MessageRejected", "not-data", True),
    }
    assert page.evaluate("window.__errors_seen") == 100
    assert page.evaluate("window.__unhandled") == unhandled
    assert page.evaluate("window.__tainted") == 0
    assert page.evaluate(SNAPSHOT) == before
    assert page.evaluate("window.__errors") == []
    assert uncaught == []
    warnings = [m.text for m in console if m.type in ("error", "warning")]
    assert len(warnings) == 100
    assert all(text.startswith("[crm-connect:connector] ") for text in warnings)
    assert not any("unexpected" in text for text in warnings)
    # Debug mode (CRM_CONNECT["DEBUG"]) said why each one was rejected.
    logged = [m.text for m in console if m.text.startswith("[crm-connect:connector] rejected: ")]
    assert len(logged) == total - unhandled

    # The channel still works: a genuine ready is answered, once.
    acks = connector.evaluate("sandbox.acks")
    connector.evaluate("sandbox.send('ready')")
    connector.wait_for_function(f"() => sandbox.acks === {acks + 1}")

    # Right window, wrong origin: the connector frame navigates to another origin.
    state = page.evaluate("crmConnect.connector.state()")
    received = stats(page)["received"]
    page.evaluate(
        "(url) => { document.getElementById('crmConnectIframeId').src = url; }",
        f"{other_origin}/sandbox/",
    )
    navigated = None
    for _ in range(200):
        navigated = connector_frame(page)
        if navigated is not None and navigated.url.startswith(other_origin):
            break
        page.wait_for_timeout(50)
    assert navigated is not None
    assert navigated.url.startswith(other_origin)
    navigated.wait_for_load_state()
    send(navigated, crm, 100, ["genuine"], SEED + 4)
    page.wait_for_function(
        f"() => crmConnect.channel.stats('connector').received >= {received + 100}"
    )
    assert page.evaluate("crmConnect.connector.state()") == state
    assert stats(page)["accepted"] == after["accepted"] + 1  # the genuine ready above
    assert uncaught == []


CORE_API = """() => {
  const results = {};
  const channel = crmConnect.channel;
  const target = () => window;
  const attempt = (fn) => { try { return fn(); } catch (error) { return error.name; } };
  const make = (origin) => attempt(() => channel.create({name: origin, origin, target}));
  results.wildcardWithoutOptIn = make('*');
  results.pathOrigin = make('https://x.example/');
  results.upperCaseOrigin = make('https://X.example');
  const exact = channel.create({name: 'd', origin: 'https://x.example', target});
  results.postElsewhere = exact.post({hello: 1}, '*');
  results.postOtherOrigin = exact.post({hello: 1}, 'https://y.example');
  const wildcard = channel.create({name: 'e', origin: '*', sendToAnyOrigin: true, target,
                                   accept: () => true, key: () => 'any'});
  results.wildcardPost = wildcard.post({hello: 1});
  results.sanitized = channel.sanitize(JSON.parse(
    '{"a": [1, null], "__proto__": {"x": 1}, "constructor": 2, "b": {"prototype": 3}}'));
  results.undefinedLikeJson = channel.sanitize({a: undefined, b: [undefined, 1]});
  results.sanitizedProto = Object.getPrototypeOf(results.sanitized) === Object.prototype;
  return new Promise((resolve) => {
    // The wildcard channel only sends: what it sent to this very window, and another
    // message from it, are refused.
    window.postMessage({hello: 2}, '*');
    setTimeout(() => { results.wildcardStats = channel.stats('e'); resolve(results); }, 100);
  });
}"""


def test_the_channel_core_sends_only_to_exact_origins(page: Page, crm: str) -> None:
    page.goto(crm + "/accounts/login/")
    page.add_script_tag(url="/static/crm_connect/channel.js")
    results = page.evaluate(CORE_API)
    assert results.pop("wildcardStats") == {
        "received": 2,
        "accepted": 0,
        "rejectedTotal": 2,
        "rejected": {"this channel only sends": 2},
    }
    assert results == {
        "wildcardWithoutOptIn": "TypeError",
        "pathOrigin": "TypeError",
        "upperCaseOrigin": "TypeError",
        "postElsewhere": False,
        "postOtherOrigin": False,
        "wildcardPost": True,
        "sanitized": {"a": [1, None], "b": {}},
        "undefinedLikeJson": {"b": [None, 1]},
        "sanitizedProto": True,
    }
