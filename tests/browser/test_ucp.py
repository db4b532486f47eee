"""UCP tabs, end to end: CRM pages in the tabs of the sandbox UCP host, in Chromium.

The host is served from the sandbox origin (another origin of the CRM's site, so the
session cookie reaches the framed pages with SameSite=Lax, as in ``make demo``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Frame, Page, Route, expect

from example_project.crm.models import Contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONES = ["+1 555 010 0001", "+1 (555) 010-0002", "+44 20 7946 0003"]


@pytest.fixture
def contacts(db: Any) -> list[Contact]:
    return [
        Contact.objects.create(name=f"Contact {number}", phone=phone)
        for number, phone in enumerate(PHONES, start=1)
    ]


def allow_ucp(settings: Any, *origins: str, **extra: Any) -> None:
    """Set ``CRM_CONNECT["UCP_ORIGINS"]``, keeping the rest of ``CRM_CONNECT``."""
    settings.CRM_CONNECT = {**settings.CRM_CONNECT, "UCP_ORIGINS": list(origins), **extra}


@pytest.fixture
def ucp_allowed(settings: Any, sandbox_origin: str) -> None:
    # The sandbox host second: the script must pick the origin of its actual parent.
    allow_ucp(settings, "https://ucp.example.com", sandbox_origin)


def open_host(page: Page, host: str, crm: str, contacts: list[Contact]) -> list[Frame]:
    """Open the UCP host with a tab per contact; return the tabs' frames once loaded."""
    query = urlencode([("crm", crm), *(("tab", c.get_absolute_url()) for c in contacts)])
    page.goto(f"{host}/sandbox/ucp/?{query}")
    frames = []
    for number in range(1, len(contacts) + 1):
        frame = page.frame(url=lambda url, n=number: url.endswith(f"ucp_tab=tab-{n}"))
        assert frame is not None
        frame.wait_for_function("() => window.crmConnect && window.crmConnect.ucp")
        frames.append(frame)
    return frames


def tab(page: Page, tab_id: str) -> Any:
    page.click(f"#{tab_id}-button")
    return page.frame_locator(f'iframe[data-tab-id="{tab_id}"]')


def test_closing_the_middle_tab_from_its_own_page_closes_exactly_that_tab(
    agent_page: Page, crm: str, sandbox_origin: str, contacts: list[Contact], ucp_allowed: None
) -> None:
    open_host(agent_page, sandbox_origin, crm, contacts)
    assert agent_page.evaluate("sandbox.tabs()") == ["tab-1", "tab-2", "tab-3"]

    tab(agent_page, "tab-2").get_by_role("button", name="Close tab").click()

    agent_page.wait_for_function("sandbox.tabs().length < 3")
    assert agent_page.evaluate("sandbox.tabs()") == ["tab-1", "tab-3"]
    # No id in the message: the host found the tab by event.source.
    assert agent_page.evaluate("sandbox.log") == [
        {
            "origin": crm,
            "tab": "tab-2",
            "data": {"type": "CLOSE_CRM_TAB"},
            "verdict": "closed tab-2",
            "accepted": True,
        }
    ]


def test_the_payload_id_form_closes_the_named_tab(
    agent_page: Page, crm: str, sandbox_origin: str, contacts: list[Contact], ucp_allowed: None
) -> None:
    first, _, third = open_host(agent_page, sandbox_origin, crm, contacts)
    # A page learns its tab id from its URL; the first tab closes the third by id.
    third_id = third.evaluate("new URLSearchParams(location.search).get('ucp_tab')")
    assert first.evaluate("(id) => crmConnect.ucp.closeTab({id: id})", third_id) is True
    agent_page.wait_for_function("sandbox.tabs().length < 3")
    assert agent_page.evaluate("sandbox.tabs()") == ["tab-1", "tab-2"]

    # The declarative form: a control that names the tab.
    first.evaluate(
        """() => { const button = document.createElement('button');
        button.id = 'close-second';
        button.dataset.crmConnectUcp = 'close-tab';
        button.dataset.crmConnectUcpTabId = 'tab-2';
        document.body.appendChild(button); }"""
    )
    tab(agent_page, "tab-1").locator("#close-second").click()
    agent_page.wait_for_function("sandbox.tabs().length < 2")
    assert agent_page.evaluate("sandbox.tabs()") == ["tab-1"]
    assert [(e["tab"], e["data"]) for e in agent_page.evaluate("sandbox.log")] == [
        ("tab-1", {"type": "CLOSE_CRM_TAB", "payload": {"id": "tab-3"}}),
        ("tab-1", {"type": "CLOSE_CRM_TAB", "payload": {"id": "tab-2"}}),
    ]


def test_make_call_reaches_the_host_with_the_number(
    agent_page: Page, crm: str, sandbox_origin: str, contacts: list[Contact], ucp_allowed: None
) -> None:
    """Issue 12, point 13: the button and the tel: link of one contact send one format,
    E.164 (the button used to send ``+1 (555) 010-0002`` as displayed)."""
    frames = open_host(agent_page, sandbox_origin, crm, contacts)
    second = tab(agent_page, "tab-2")
    second.get_by_role("button", name="Call").click()
    agent_page.wait_for_function("sandbox.calls.length === 1")
    second.get_by_role("link", name=PHONES[1]).click()
    agent_page.wait_for_function("sandbox.calls.length === 2")
    # A phone link marked for UCP: its tel: number, and the link does not navigate.
    third = tab(agent_page, "tab-3")
    third.get_by_role("link", name=PHONES[2]).click()
    agent_page.wait_for_function("sandbox.calls.length === 3")

    calls = agent_page.evaluate("sandbox.calls")
    assert calls == [
        {"tab": "tab-2", "number": "+15550100002", "payload": {"phoneNumber": "+15550100002"}},
        {"tab": "tab-2", "number": "+15550100002", "payload": {"phoneNumber": "+15550100002"}},
        {"tab": "tab-3", "number": "+442079460003", "payload": {"phoneNumber": "+442079460003"}},
    ]
    expect(agent_page.locator("#calls")).to_contain_text("Calling +15550100002 (from tab-2)")
    expect(third.get_by_role("heading", name="Contact 3")).to_be_visible()
    assert agent_page.evaluate("sandbox.tabs()") == ["tab-1", "tab-2", "tab-3"]
    # makeCall(n) from page code still sends what it is given.
    assert frames[2].evaluate("crmConnect.ucp.makeCall('+1 (555) 010-0003')") is True
    agent_page.wait_for_function("sandbox.calls.length === 4")
    assert agent_page.evaluate("sandbox.calls[3].number") == "+1 (555) 010-0003"


def test_the_make_call_field_is_configurable_and_extra_fields_pass_through(
    agent_page: Page, crm: str, sandbox_origin: str, contacts: list[Contact], settings: Any
) -> None:
    allow_ucp(settings, sandbox_origin, UCP_MAKE_CALL_FIELD="number")
    (first,) = open_host(agent_page, sandbox_origin, crm, contacts[:1])
    sent = first.evaluate(
        "crmConnect.ucp.makeCall(' +15550100 ', {contactId: '7', number: 'not this one'})"
    )
    assert sent is True
    agent_page.wait_for_function("sandbox.calls.length === 1")
    assert agent_page.evaluate("sandbox.log[0].data") == {
        "type": "MAKE_CALL",
        "payload": {"contactId": "7", "number": "+15550100"},
    }


def test_outside_any_frame_the_api_does_nothing_and_says_so(
    agent_page: Page, crm: str, contacts: list[Contact], ucp_allowed: None
) -> None:
    errors: list[str] = []
    console: list[str] = []
    agent_page.on("pageerror", lambda error: errors.append(str(error)))
    agent_page.on("console", lambda message: console.append(message.text))
    agent_page.goto(crm + contacts[0].get_absolute_url())
    agent_page.evaluate(
        """() => { window.__notFramed = [];
        document.addEventListener('crm-connect:ucp:not-framed',
          (event) => window.__notFramed.push(event.detail.data)); }"""
    )
    results = agent_page.evaluate(
        "[crmConnect.ucp.isFramed(), crmConnect.ucp.closeTab(), "
        "crmConnect.ucp.closeTab({id: 'tab-1'}), crmConnect.ucp.makeCall('+15550100')]"
    )
    assert results == [False, False, False, False]
    assert agent_page.evaluate("window.__notFramed") == [
        {"type": "CLOSE_CRM_TAB"},
        {"type": "CLOSE_CRM_TAB", "payload": {"id": "tab-1"}},
        {"type": "MAKE_CALL", "payload": {"phoneNumber": "+15550100"}},
    ]
    assert sum("not in a UCP tab" in text for text in console) == 3
    expect(agent_page.get_by_role("button", name="Close tab")).to_be_hidden()
    expect(agent_page.get_by_role("button", name="Call")).to_be_hidden()
    assert errors == []


def test_a_message_without_a_type_is_refused(
    agent_page: Page, crm: str, sandbox_origin: str, contacts: list[Contact], ucp_allowed: None
) -> None:
    (first,) = open_host(agent_page, sandbox_origin, crm, contacts[:1])
    refused = first.evaluate(
        """() => { const reasons = [];
        crmConnect.ucp.on('refused', (detail) => reasons.push(detail.reason));
        const results = [crmConnect.ucp.send(''), crmConnect.ucp.send(undefined, {a: 1}),
          crmConnect.ucp.send('X', 'not an object'), crmConnect.ucp.makeCall('  ')];
        return {results, reasons}; }"""
    )
    assert refused["results"] == [False, False, False, False]
    assert len(refused["reasons"]) == 4
    # Then a good one: it is the first and only message the host got.
    assert first.evaluate("crmConnect.ucp.send('PING', {n: 1})") is True
    agent_page.wait_for_function("sandbox.log.length > 0")
    assert [e["data"] for e in agent_page.evaluate("sandbox.log")] == [
        {"type": "PING", "payload": {"n": 1}}
    ]


@pytest.mark.parametrize("allowed", [True, False], ids=["allowed host", "host not allowed"])
def test_only_an_allowed_host_can_frame_the_page(
    agent_page: Page,
    crm: str,
    sandbox_origin: str,
    other_origin: str,
    contacts: list[Contact],
    settings: Any,
    allowed: bool,
) -> None:
    # Same host page both times (so the session cookie reaches the frame either way);
    # only UCP_ORIGINS differs.
    allow_ucp(settings, sandbox_origin if allowed else other_origin)
    query = urlencode({"crm": crm, "tab": contacts[0].get_absolute_url()})
    url = f"{sandbox_origin}/sandbox/ucp/?{query}"
    contact = agent_page.frame_locator('iframe[data-tab-id="tab-1"]').get_by_role(
        "heading", name="Contact 1"
    )
    if allowed:
        refused: list[str] = []
        agent_page.on("console", lambda message: refused.append(message.text))
        agent_page.goto(url)
        expect(contact).to_be_visible()
        assert not any("frame-ancestors" in text for text in refused)
        return
    with agent_page.expect_console_message(
        lambda message: "frame-ancestors" in message.text
    ) as message:
        agent_page.goto(url)
    assert crm in message.value.text
    assert "blocked" in message.value.text
    expect(contact).to_have_count(0)
    frame = agent_page.locator('iframe[data-tab-id="tab-1"]').element_handle().content_frame()
    assert frame is not None
    assert not frame.url.startswith(crm)
    assert frame.evaluate("typeof window.crmConnect") == "undefined"


@pytest.mark.parametrize(
    ("configured", "delivered"),
    [(False, True), (True, False)],
    ids=["no UCP origin configured: '*'", "parent is not a configured UCP origin"],
)
def test_messages_go_only_to_a_configured_parent_unless_none_is_configured(
    agent_page: Page,
    crm: str,
    sandbox_origin: str,
    contacts: list[Contact],
    settings: Any,
    configured: bool,
    delivered: bool,
) -> None:
    # The host served from the CRM's own origin: 'self' may always frame the page.
    allow_ucp(settings, *([sandbox_origin] if configured else []))
    (first,) = open_host(agent_page, crm, crm, contacts[:1])
    assert first.evaluate("crmConnect.ucp.targetOrigins()") == ([] if configured else ["*"])
    assert first.evaluate("crmConnect.ucp.send('PING')") is delivered
    # A marker posted after it by the same window: once the host has it, it would have
    # had the first message too.
    first.evaluate("window.parent.postMessage({type: 'MARKER'}, window.location.origin)")
    agent_page.wait_for_function("sandbox.log.some((entry) => entry.data.type === 'MARKER')")
    types = [entry["data"]["type"] for entry in agent_page.evaluate("sandbox.log")]
    assert types == (["PING", "MARKER"] if delivered else ["MARKER"])
    close = agent_page.frame_locator('iframe[data-tab-id="tab-1"]').get_by_role(
        "button", name="Close tab"
    )
    expect(close).to_be_visible() if delivered else expect(close).to_be_hidden()


def test_without_its_make_call_field_make_call_is_refused_not_defaulted(
    agent_page: Page, crm: str, contacts: list[Contact], ucp_allowed: None
) -> None:
    """The script keeps no default of its own for the MAKE_CALL field (issue 14): a block
    without one is a configuration error, reported once, and no call goes out under a
    field name the server did not choose."""
    agent_page.goto(crm + contacts[0].get_absolute_url())
    result = agent_page.evaluate(
        """async () => {
        const element = document.getElementById('crm-connect-ucp-config');
        const config = JSON.parse(element.textContent);
        delete config.makeCallField;
        element.textContent = JSON.stringify(config);
        delete window.crmConnect.ucp;
        const errors = [];
        const original = console.error;
        console.error = (...args) => errors.push(args.join(' '));
        const loaded = document.querySelector('script[src*="ucp.js"]');
        const again = document.createElement('script');
        again.src = loaded.src + (loaded.src.includes('?') ? '&' : '?') + 'again';
        again.nonce = loaded.nonce;
        await new Promise((done) => { again.onload = done; again.onerror = done;
          document.head.append(again); });
        console.error = original;
        const reasons = [];
        crmConnect.ucp.on('refused', (detail) => reasons.push(detail.reason));
        return {errors, field: crmConnect.ucp.makeCallField,
          sent: crmConnect.ucp.makeCall('+15550100'), reasons};
        }"""
    )
    assert len(result["errors"]) == 1
    assert "invalid configuration (makeCallField)" in result["errors"][0]
    assert result["field"] is None
    assert result["sent"] is False
    assert result["reasons"] == ["invalid configuration (makeCallField)"]


# --- one click dispatcher: UCP before the connector, whatever the scripts' order ----------


def click_to_dial_on_from_the_start(page: Page, crm: str, agent: Any) -> None:
    """Click-to-dial on in the CRM tab's session: connector.js loads its features with the
    page, and ucp.js (deferred) runs only 0.4 s later: the connector's handler is there
    first."""
    page.add_init_script(
        f"""if (location.origin === {crm!r}) {{
          sessionStorage.setItem("crmConnect.clickToDial.{agent.pk}", '{{"enabled": true}}');
        }}"""
    )

    def slow(route: Route) -> None:
        script = route.fetch().text()
        route.fulfill(
            body="setTimeout(function () {\n" + script + "\n}, 400);",
            content_type="text/javascript",
        )

    page.route("**/crm_connect/ucp.js*", slow)


@pytest.mark.parametrize("order", ["connector first", "ucp first"])
def test_a_ucp_phone_link_calls_through_ucp_whichever_script_sets_up_first(
    agent_page: Page,
    crm: str,
    sandbox_origin: str,
    contacts: list[Contact],
    ucp_allowed: None,
    connector_call_center: Any,
    agent: Any,
    order: str,
) -> None:
    """{% crm_connect_tel contact ucp=True %} carries both data-crm-connect-dial (the
    connector's click-to-dial) and data-crm-connect-ucp="make-call". Inside UCP with
    click-to-dial on, UCP dials it: the dispatcher asks UCP before the connector. It used
    to be whichever click listener was added first."""
    if order == "connector first":
        click_to_dial_on_from_the_start(agent_page, crm, agent)
    (tab_frame,) = open_host(agent_page, sandbox_origin, crm, contacts[:1])
    if order == "ucp first":
        # ucp.js is set up (open_host waits for it); the connector's handler comes later.
        assert tab_frame.evaluate("crmConnect.connector.setClickToDial(true)") is True
    expect(tab_frame.locator("html")).to_have_attribute("data-crm-connect-click-to-dial", "on")
    tab_frame.wait_for_function("() => crmConnect.ucp && crmConnect.ucp.inUcp()")
    connector = next(f for f in agent_page.frames if "/sandbox/connector/" in f.url)
    connector.wait_for_function("() => window.sandbox")

    tab(agent_page, "tab-1").get_by_role("link", name=PHONES[0]).click()

    agent_page.wait_for_function("sandbox.calls.length === 1")
    assert agent_page.evaluate("sandbox.calls") == [
        {"tab": "tab-1", "number": "+15550100001", "payload": {"phoneNumber": "+15550100001"}}
    ]
    tab_frame.wait_for_timeout(300)  # what a second dialler would have posted meanwhile
    assert connector.evaluate("sandbox.received('clickToDialResponse')") == []
