"""Docked, kept across navigations (docs/softphone-window.md): the example CRM boosts its
pages with htmx, and the connector's element (hx-preserve) stays loaded, handshake and
message log included, through every link, click-to-dial and screen pop."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from playwright.sync_api import Page, Request, expect

from example_project.crm.models import Contact
from tests.browser.test_connector_admin import SCREENSHOTS
from tests.browser.test_connector_features import connected
from tests.browser.test_skylight import open_skylight

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ada(connector_call_center: Any) -> Contact:
    Contact.objects.create(name="Grace Hopper", phone="+1 555 010 0142")
    return Contact.objects.create(name="Ada Lovelace", phone="+1 (555) 010-0199")


def page_screenshot(page: Page, name: str) -> None:
    """A docs screenshot of the whole window (``make screenshots``)."""
    if os.environ.get("DOCS_SCREENSHOTS"):
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / name), animations="disabled")


def connector_loads(page: Page) -> list[str]:
    loads: list[str] = []

    def record(request: Request) -> None:
        if "/sandbox/connector/" in request.url or request.url.endswith(
            "/crm_connect/connector.js"
        ):
            loads.append(request.url)

    page.on("request", record)
    return loads


def test_one_connector_load_across_ten_boosted_navigations(
    agent_page: Page, crm: str, ada: Contact
) -> None:
    page = agent_page
    loads = connector_loads(page)
    frame = connected(page, "/", crm)
    assert page.evaluate("typeof htmx") == "object"
    assert frame.evaluate("sandbox.crmData.capabilities.reloadsOnNavigation") is False
    first_logged = frame.evaluate("sandbox.log[0].message.action")

    # Ten navigations through the page's own links, header included.
    for number in range(10):
        if number % 2 == 0:
            page.click("table.contacts a:text('Ada Lovelace')")
            expect(page.locator("h1")).to_have_text("Ada Lovelace")
        elif number % 4 == 1:
            page.click(".record-nav a")
            expect(page.locator("h1")).to_have_text("Contacts")
        else:
            page.click(".topbar nav a:text('Contacts')")
            expect(page.locator("h1")).to_have_text("Contacts")
    assert page.url == crm + "/"

    # Loaded once, one handshake, and the message log still has its first line.
    assert len([url for url in loads if "/sandbox/connector/" in url]) == 1
    assert len([url for url in loads if url.endswith("/crm_connect/connector.js")]) == 1
    assert frame.evaluate("[sandbox.acks, sandbox.crmDataCount]") == [1, 1]
    assert frame.evaluate("sandbox.log[0].message.action") == first_logged
    assert page.frame_locator("#crmConnectIframeId").locator("#log li").count() >= 4

    # Click-to-dial on a page swapped in after it was turned on.
    frame.evaluate("sandbox.send('requestEnableClickToDial', {isEnabled: true})")
    expect(page.locator("html")).to_have_attribute("data-crm-connect-click-to-dial", "on")
    page.click(".topbar nav a:text('Interaction logs')")
    expect(page.locator("h1")).to_have_text("Interaction logs")
    page.click(".topbar nav a:text('Contacts')")
    page.click("table.contacts a:text('Ada Lovelace')")
    expect(page.locator("h1")).to_have_text("Ada Lovelace")
    link = page.locator("a[data-crm-connect-dial]")
    expect(link).to_have_attribute("aria-describedby", "crm-connect-dial-hint")
    expect(page.locator("#crm-connect-dial-hint")).to_have_count(1)
    # Marked again without a word: click-to-dial did not change.
    assert page.evaluate("crmConnect.connector.state().clickToDial") is True
    expect(
        page.locator("[data-crm-events] li", has_text=re.compile("· clickToDial"))
    ).to_have_count(1)
    link.click()
    frame.wait_for_function("sandbox.received('clickToDialResponse').length === 1")
    assert frame.evaluate("sandbox.last('clickToDialResponse').pageInfo.recordId") == str(ada.pk)

    # A screen pop opens the record as a boosted visit: the connector stays.
    page.click(".topbar nav a:text('Interaction logs')")
    expect(page.locator("h1")).to_have_text("Interaction logs")
    frame.evaluate("sandbox.screenPop(['+1 (555) 010-0199'], 'call-7')")
    expect(page.locator("h1")).to_have_text("Ada Lovelace")
    assert page.url == crm + f"/contacts/{ada.pk}/"
    # ... and the CRM shows what happened.
    expect(page.locator("[data-crm-events]")).to_contain_text("connector · screenPop")
    page_screenshot(page, "softphone-docked.png")

    assert len([url for url in loads if "/sandbox/connector/" in url]) == 1
    assert frame.evaluate("[sandbox.acks, sandbox.crmDataCount]") == [1, 1]
    assert frame.evaluate("sandbox.violations") == []


def test_skylight_s_work_offer_and_screen_pop_show_in_the_crm_and_keep_the_connector(
    agent_page: Page, crm: str, make_call_center: Any, sandbox_origin: str
) -> None:
    make_call_center(
        connector_url=f"{sandbox_origin}/sandbox/connector/",
        skylight_url=f"{sandbox_origin}/sandbox/skylight/",
    )
    caller = Contact.objects.create(name="Caller Example", phone="+1 555 555 0142")
    page = agent_page
    loads = connector_loads(page)
    frame = connected(page, "/", crm)
    popup = open_skylight(page)
    popup.click("[data-simulate=offer]")
    feed = page.locator("[data-crm-events]")
    expect(feed).to_contain_text("skylight · interactions/work-offer-received")
    popup.click("[data-simulate=pop]")
    expect(page.locator("h1")).to_have_text(caller.name)
    assert page.url == crm + caller.get_absolute_url()
    expect(feed).to_contain_text("skylight · interactions/screen-pop-received")
    # The pop was a boosted visit: the connector stayed.
    assert len([url for url in loads if "/sandbox/connector/" in url]) == 1
    assert frame.evaluate("sandbox.crmDataCount") == 1
