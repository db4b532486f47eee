"""The JavaScript core, piece by piece, in Chromium: channel.js's emitter (prefix
matching) and storage that never throws; channel-page.js's tel: number rule (RFC 3966) and
its one click dispatcher (priorities, one preventDefault).

Each test loads the static files into a page that renders no tag, and drives the core's
API directly: what every protocol module builds on.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def core(page: Page, crm: str) -> Page:
    """A page without any tag, with channel.js and channel-page.js loaded."""
    page.goto(crm + "/accounts/login/")
    assert page.evaluate("() => window.crmConnect === undefined")
    for script in ("channel.js", "channel-page.js"):
        page.add_script_tag(url=f"{crm}/{settings.STATIC_URL}crm_connect/{script}")
    page.wait_for_function("() => window.crmConnect && window.crmConnect.channel.page")
    return page


# --- the emitter --------------------------------------------------------------------------

EMIT = """() => {
  const events = crmConnect.channel.emitter("test");
  const calls = [];
  const record = (name) => (data, extra) => calls.push([name, data, extra]);
  const dom = [];
  document.addEventListener("crm-connect:test:a/b", (event) => dom.push(event.detail));
  events.on("a/", record("a/"));
  events.on("*", record("*"));
  events.on("a/b", record("a/b"));
  events.on("a", record("a"));
  events.on("a/b/", record("a/b/"));
  events.on("b/", record("b/"));
  const unsubscribe = events.on("a/b", record("gone"));
  const removed = record("removed");
  events.on("a/", removed);
  events.off("a/", removed);
  unsubscribe();
  events.on("a/", () => { throw new Error("a broken handler"); });
  events.on("a/", record("after the broken one"));
  events.emit("a/b", 1, "x");
  events.emit("a", 2);
  events.emit("ab", 3);
  events.emit("a/b/c", 4);
  const refused = [[], ["", () => {}], [1, () => {}], ["a", "not a function"]].map((args) => {
    try { events.on(...args); return "accepted"; } catch (error) { return error.name; }
  });
  return {calls, dom, refused};
}"""


def test_the_emitter_matches_keys_exactly_by_prefix_and_star(core: Page) -> None:
    """Skylight's documented matching, now every module's: a key, a prefix ending in
    "/" ("a/" gets "a/b", not "ab"), and "*" for every key; in the order registered."""
    result: dict[str, Any] = core.evaluate(EMIT)
    assert result["calls"] == [
        ["a/", 1, "x"],
        ["*", 1, "x"],
        ["a/b", 1, "x"],
        ["after the broken one", 1, "x"],
        ["*", 2, None],
        ["a", 2, None],
        ["*", 3, None],
        ["a/", 4, None],
        ["*", 4, None],
        ["a/b/", 4, None],
        ["after the broken one", 4, None],
    ]
    # Then the DOM event, with the same data, whatever the handlers did.
    assert result["dom"] == [{"key": "a/b", "data": 1, "extra": "x"}]
    assert result["refused"] == ["TypeError"] * 4


def test_the_modules_on_and_off_match_prefixes_too(
    agent_page: Page, crm: str, connector_call_center: Any
) -> None:
    """crmConnect.connector.on and crmConnect.ucp.on are the core's emitter: "*" and
    prefixes work there as on Skylight; off() and the returned function remove."""
    agent_page.goto(crm + "/")
    # After the handshake: no connector message arrives while the handlers listen.
    agent_page.wait_for_function(
        "() => window.crmConnect && crmConnect.ucp && crmConnect.connector"
        " && crmConnect.connector.state().status === 'connected'"
    )
    seen = agent_page.evaluate(
        """() => {
          const seen = [];
          const every = (data) => seen.push(["*", data && data.type]);
          crmConnect.ucp.on("*", every);
          const stop = crmConnect.ucp.on("not-", () => seen.push(["not-"]));
          crmConnect.ucp.on("not-framed", (data) => seen.push(["not-framed", data.type]));
          crmConnect.ucp.closeTab();
          crmConnect.ucp.off("*", every);
          stop();
          crmConnect.ucp.closeTab();
          crmConnect.connector.on("*", (data) => seen.push(["connector *", Object.keys(data)]));
          crmConnect.connector.on("click", () => seen.push(["never: not a prefix"]));
          crmConnect.connector.setClickToDial(false);
          return new Promise((resolve) => setTimeout(() => resolve(seen), 500));
        }"""
    )
    assert seen == [
        ["*", "CLOSE_CRM_TAB"],
        ["not-framed", "CLOSE_CRM_TAB"],
        ["not-framed", "CLOSE_CRM_TAB"],
        ["connector *", ["enabled"]],
    ]


# --- storage ------------------------------------------------------------------------------

STORAGE = """() => {
  const core = crmConnect.channel;
  const result = {};
  result.roundTrip = [
    core.write("localStorage", "k", {a: [1, "b"]}), core.read("localStorage", "k")];
  localStorage.setItem("not-json", "{oops");
  result.notJson = core.read("localStorage", "not-json");
  result.missing = core.read("sessionStorage", "missing");
  result.removed = [core.write("localStorage", "k", null), localStorage.getItem("k")];
  const saved = {get: Storage.prototype.getItem, set: Storage.prototype.setItem};
  Storage.prototype.getItem = () => { throw new DOMException("denied", "SecurityError"); };
  Storage.prototype.setItem = () => { throw new DOMException("full", "QuotaExceededError"); };
  result.throwing = [core.read("localStorage", "k"), core.write("sessionStorage", "k", {a: 1})];
  Storage.prototype.getItem = saved.get;
  Storage.prototype.setItem = saved.set;
  // Storage disabled altogether: reading the property itself throws.
  Object.defineProperty(window, "localStorage", {
    get() { throw new DOMException("no", "SecurityError"); }});
  result.disabled = [core.read("localStorage", "k"), core.write("localStorage", "k", 1)];
  return result;
}"""


def test_storage_never_throws(core: Page) -> None:
    assert core.evaluate(STORAGE) == {
        "roundTrip": [True, {"a": [1, "b"]}],
        "notJson": None,
        "missing": None,
        "removed": [True, None],
        "throwing": [None, False],
        "disabled": [None, False],
    }


# --- the number of a tel: link --------------------------------------------------------------

NUMBERS = [
    # RFC 3966 visual separators, and the white space people write
    ("tel:+1-555-010-0199", "+15550100199"),
    ("tel:+1 (555) 010-0199", "+15550100199"),
    ("TEL:+1.555.010.0199", "+15550100199"),
    ("tel:+44 20 7946 0003", "+442079460003"),
    ("tel:+1%20(555)%20010-0199", "+15550100199"),
    ("tel:%2B15550100199", "+15550100199"),
    ("  tel:+15550100199  ", "+15550100199"),
    # parameters are not part of the number
    ("tel:+15550100199;ext=12", "+15550100199"),
    ("tel:7042;phone-context=example.com", "7042"),
    ("tel:+1-555-010-0199;isub=1;ext=2", "+15550100199"),
    # local numbers and service codes
    ("tel:555.0100", "5550100"),
    ("tel:*67#", "*67#"),
    # the number alone, as in data-crm-connect-ucp-number or data-skylight-dial
    ("+1 (555) 010-0199", "+15550100199"),
    # no number: left to the browser
    ("tel:", ""),
    ("tel:;ext=1", ""),
    ("tel:555-CALL-NOW", ""),
    ("tel:1+2", ""),
    ("tel:++1", ""),
    ("tel:+", ""),
    ("tel:*#", ""),
    ("tel:+1%2", ""),
    ("mailto:ada@example.com", ""),
    ("https://example.com/", ""),
    ("", ""),
]


@pytest.mark.parametrize(("text", "number"), NUMBERS)
def test_the_number_rule(core: Page, text: str, number: str) -> None:
    assert core.evaluate("(text) => crmConnect.channel.page.number(text)", text) == number


def test_the_number_an_element_dials(core: Page) -> None:
    """Its attribute when set (through the same rule), else its href when that is a tel:
    URI: never a relative link that happens to look like digits."""
    got = core.evaluate(
        """() => {
          const make = (attributes) => {
            const a = document.createElement("a");
            Object.entries(attributes).forEach(([name, value]) => a.setAttribute(name, value));
            return a;
          };
          const numberOf = crmConnect.channel.page.numberOf;
          return [
            numberOf(make({href: "tel:+1 555 010 0199;ext=9"})),
            numberOf(make({href: "tel:+15550100199", "data-n": "+44 20 7946 0003"}), "data-n"),
            numberOf(make({href: "tel:+15550100199", "data-n": ""}), "data-n"),
            numberOf(make({"data-n": "(555) 010-0100"}), "data-n"),
            numberOf(make({href: "5550100199"})),
            numberOf(make({href: "/contacts/5550100199"}), "data-n"),
            numberOf(make({})),
          ];
        }"""
    )
    assert got == ["+15550100199", "+442079460003", "+15550100199", "5550100100", "", "", ""]


# --- the click dispatcher -------------------------------------------------------------------

DISPATCH = """() => {
  const page = crmConnect.channel.page;
  const asked = [];
  let prevented = 0;
  const original = Event.prototype.preventDefault;
  Event.prototype.preventDefault = function () { prevented++; return original.call(this); };
  const link = document.body.appendChild(document.createElement("a"));
  link.href = "tel:+15550100199";
  link.textContent = "call";
  const handler = (name, takes) => () => { asked.push(name); return takes(); };
  let connectorTakes = true;
  let ucpTakes = false;
  const stops = [
    page.handle(page.priority.connector, handler("connector", () => connectorTakes)),
    page.handle(page.priority.ucp, handler("ucp", () => ucpTakes)),
    page.handle(page.priority.ucp, handler("ucp, second", () => false)),
    page.handle(5, () => { asked.push("broken"); throw new Error("a broken handler"); }),
    page.handle(page.priority.skylight, handler("skylight", () => false)),
    page.handle(99, handler("last", () => true)),
  ];
  const rounds = [];
  const click = (init) => {
    asked.length = 0;
    prevented = 0;
    const event = new MouseEvent("click", Object.assign({bubbles: true, cancelable: true}, init));
    link.dispatchEvent(event);
    rounds.push({asked: asked.slice(), prevented, defaultPrevented: event.defaultPrevented});
  };
  click({});                                  // the connector takes it
  ucpTakes = true;
  click({});                                  // UCP comes first
  ucpTakes = false;
  connectorTakes = false;
  click({});                                  // the last one takes it
  stops[5]();
  click({});                                  // nobody: the browser's
  click({ctrlKey: true});                     // a modifier: the browser's
  click({button: 1});                         // another button: the browser's
  link.addEventListener("click", (event) => event.preventDefault(), {once: true});
  prevented = 0;
  click({});                                  // page code prevented it first
  Event.prototype.preventDefault = original;
  return {priority: page.priority, rounds};
}"""


def test_the_dispatcher_asks_in_priority_order_and_prevents_the_default_once(
    core: Page,
) -> None:
    result: dict[str, Any] = core.evaluate(DISPATCH)
    assert result["priority"] == {"skylight": 10, "ucp": 20, "connector": 30}
    order = ["broken", "skylight", "ucp", "ucp, second", "connector"]
    assert result["rounds"] == [
        {"asked": order, "prevented": 1, "defaultPrevented": True},
        {"asked": order[:3], "prevented": 1, "defaultPrevented": True},
        {"asked": [*order, "last"], "prevented": 1, "defaultPrevented": True},
        {"asked": order, "prevented": 0, "defaultPrevented": False},
        {"asked": [], "prevented": 0, "defaultPrevented": False},
        {"asked": [], "prevented": 0, "defaultPrevented": False},
        {"asked": [], "prevented": 1, "defaultPrevented": True},
    ]


def test_one_document_click_listener_however_often_the_page_core_loads(
    core: Page, crm: str
) -> None:
    """channel-page.js comes with UCP's tag and with the connector's features: a second
    copy adds no second dispatcher (a click would be dialled twice)."""
    core.add_script_tag(url=f"{crm}/{settings.STATIC_URL}crm_connect/channel-page.js")
    asked = core.evaluate(
        """() => {
          let asked = 0;
          crmConnect.channel.page.handle(1, () => { asked++; return false; });
          document.body.click();
          return asked;
        }"""
    )
    assert asked == 1
