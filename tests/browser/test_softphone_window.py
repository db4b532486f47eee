"""Window mode (docs/softphone-window.md): one softphone window holds the connector for
every tab of the signed-in agent; the CRM's pages show a status and "Open softphone",
and reach the window's connector over a BroadcastChannel."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import BrowserContext, Frame, Page, Request, expect

from crm_connect.connector import views
from crm_connect.models import CallCenter
from example_project.crm.models import Contact
from tests.browser.conftest import login
from tests.browser.test_connector_persist import page_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STATUS = "[data-crm-connect-softphone-status]"
OPEN = "[data-crm-connect-softphone-open]"


@pytest.fixture
def window_call_center(make_call_center: Any, sandbox_origin: str) -> CallCenter:
    call_center: CallCenter = make_call_center(
        connector_url=f"{sandbox_origin}/sandbox/connector/",
        connector_mode="window",
        settings={
            "ReqGeneralInfo": {"reqSoftphoneWidth": "420", "reqSoftphoneHeight": "700"},
            "ServerConfig": {"serverHostName": sandbox_origin},
        },
    )
    return call_center


@pytest.fixture
def ada(window_call_center: CallCenter) -> Contact:
    Contact.objects.create(name="Grace Hopper", phone="+1 555 010 0142")
    return Contact.objects.create(name="Ada Lovelace", phone="+1 (555) 010-0199")


def connector_loads(context: BrowserContext) -> list[str]:
    """Every request, in any page or window of ``context``, for the connector page or
    connector.js."""
    loads: list[str] = []

    def record(request: Request) -> None:
        if "/sandbox/connector/" in request.url or request.url.endswith(
            "/crm_connect/connector.js"
        ):
            loads.append(request.url)

    context.on("request", record)
    return loads


def open_softphone(page: Page) -> tuple[Page, Frame]:
    """Click "Open softphone" on ``page``; the window, and its connector once connected."""
    with page.context.expect_page() as opened:
        page.click(OPEN)
    window = opened.value
    window.set_default_timeout(10_000)
    expect(window.frame_locator("iframe").locator("#status")).to_have_text("connected")
    frame = window.frame(url=lambda url: "/sandbox/connector/" in url)
    assert frame is not None
    expect(page.locator(STATUS)).to_have_text("Softphone connected")
    return window, frame


def used(page: Page) -> None:
    """The agent uses ``page``: it comes to the front (a focus event)."""
    page.bring_to_front()
    page.evaluate("window.dispatchEvent(new Event('focus'))")


def test_one_window_serves_two_tabs_through_ten_navigations(
    agent_page: Page, crm: str, ada: Contact
) -> None:
    first = agent_page
    context = first.context
    loads = connector_loads(context)
    first.goto(crm + "/")
    # A page in window mode frames no connector and loads no connector.js.
    expect(first.locator(STATUS)).to_have_text("Softphone closed")
    assert first.locator("iframe[data-crm-connect-connector]").count() == 0
    assert loads == []
    assert first.evaluate("crmConnect.connector.mode") == "window"

    window, frame = open_softphone(first)
    assert window.url == crm + "/crm-connect/softphone/"
    # The window's size is the definition's.
    assert window.evaluate("[innerWidth, innerHeight]") == [420, 700]
    # The promise resolves for a window that is open already (it raises it).
    assert first.evaluate("crmConnect.connector.openWindow().then(() => 'connected')") == (
        "connected"
    )

    second = context.new_page()
    second.set_default_timeout(10_000)
    second.goto(crm + "/interaction-logs/")
    expect(second.locator(STATUS)).to_have_text("Softphone connected")

    # Ten navigations in the two tabs: the softphone is untouched.
    for number in range(10):
        page = first if number % 2 else second
        page.goto(crm + ("/" if number % 3 else f"/contacts/{ada.pk}/"))
        expect(page.locator(STATUS)).to_have_text("Softphone connected")

    # Click-to-dial, turned on by the connector, from the second tab.
    frame.evaluate("sandbox.send('requestEnableClickToDial', {isEnabled: true})")
    second.goto(crm + f"/contacts/{ada.pk}/")
    expect(second.locator("html")).to_have_attribute("data-crm-connect-click-to-dial", "on")
    second.click("a[data-crm-connect-dial]")
    frame.wait_for_function("sandbox.received('clickToDialResponse').length === 1")
    dialed = frame.evaluate("sandbox.last('clickToDialResponse')")
    assert dialed["onClickToDialResponse"]["recordId"] == str(ada.pk)
    assert dialed["onClickToDialResponse"]["number"] == "+15550100199"
    assert second.url == crm + f"/contacts/{ada.pk}/"  # the tel: link did not navigate

    # A screen pop opens the record in the tab the agent used last.
    first.goto(crm + "/interaction-logs/")
    expect(first.locator(STATUS)).to_have_text("Softphone connected")
    used(first)
    frame.evaluate("sandbox.screenPop(['+1 (555) 010-0199'], 'call-1')")
    expect(first).to_have_url(crm + f"/contacts/{ada.pk}/")
    assert second.url == crm + f"/contacts/{ada.pk}/"
    page_screenshot(first, "softphone-window-page.png")
    page_screenshot(window, "softphone-window.png")

    # The JS API of either tab reaches the window's connector.
    assert second.evaluate("crmConnect.connector.notify({text: 'from a tab'})") is True
    frame.wait_for_function("sandbox.received('displayErrorNotification').length === 1")
    assert second.evaluate("crmConnect.connector.send('customAction', {a: 1})") is True
    frame.wait_for_function("sandbox.received('customAction').length === 1")

    # One load of the connector, one handshake, for everything above.
    assert len([url for url in loads if "/sandbox/connector/" in url]) == 1
    assert len([url for url in loads if url.endswith("/crm_connect/connector.js")]) == 1
    assert frame.evaluate("[sandbox.acks, sandbox.crmDataCount]") == [1, 1]
    assert frame.evaluate("sandbox.violations") == []

    # The window closed: the tabs say so, and "Open softphone" brings it back.
    window.close()
    expect(first.locator(STATUS)).to_have_text("Softphone closed")
    expect(second.locator(STATUS)).to_have_text("Softphone closed")
    assert second.evaluate("crmConnect.connector.send('ready')") is False
    _window, frame = open_softphone(second)
    assert frame.evaluate("sandbox.crmDataCount") == 1
    expect(first.locator(STATUS)).to_have_text("Softphone connected")


def test_a_blocked_pop_up_is_a_typed_rejection(agent_page: Page, crm: str, ada: Contact) -> None:
    agent_page.goto(crm + "/")
    expect(agent_page.locator(STATUS)).to_have_text("Softphone closed")
    error = agent_page.evaluate(
        """() => { window.open = () => null;
        return crmConnect.connector.openWindow().then(() => 'resolved',
          (e) => ({name: e.name, code: e.code, message: e.message})); }"""
    )
    assert error["code"] == "POPUP_BLOCKED"
    assert error["name"] == "SoftphoneError"
    expect(agent_page.locator("[data-crm-connect-softphone]")).to_have_attribute(
        "data-crm-connect-softphone", "blocked"
    )


def test_a_second_window_says_so_and_closes_without_loading_the_connector(
    agent_page: Page, crm: str, ada: Contact
) -> None:
    agent_page.goto(crm + "/")
    loads = connector_loads(agent_page.context)
    window, _frame = open_softphone(agent_page)
    # Opened by mistake, bypassing the button (which raises the open window instead).
    with agent_page.context.expect_page() as opened:
        agent_page.evaluate("window.open('/crm-connect/softphone/', 'another')")
    second = opened.value
    with second.expect_event("close"):
        expect(second.locator("[data-crm-connect-softphone-notice]")).to_have_text(
            "The softphone is already open in another window."
        )
        assert second.locator("iframe").count() == 0
    assert len([url for url in loads if "/sandbox/connector/" in url]) == 1
    assert not window.is_closed()


def test_signing_out_closes_the_window(
    agent_page: Page, crm: str, ada: Contact, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "SESSION_CHECK_INTERVAL", 200)
    agent_page.goto(crm + "/")
    window, _frame = open_softphone(agent_page)
    with window.expect_event("close"):
        agent_page.click("text=Log out agent")
        expect(agent_page.locator("#id_username")).to_be_visible()


def test_another_user_signing_in_closes_the_window(
    agent_page: Page, crm: str, ada: Contact, other_agent: User
) -> None:
    agent_page.goto(crm + "/")
    window, _frame = open_softphone(agent_page)
    login(agent_page, crm, other_agent)  # a new session in the same browser
    with window.expect_event("close"):
        agent_page.goto(crm + "/")  # its first page: the window checks at once
    expect(agent_page.locator(STATUS)).to_have_text("Softphone closed")
