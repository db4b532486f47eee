"""The call center admin in Chromium: a flag and a number edited in the generated form
reach the connector's crmData on the next page load; a wrong value is shown next to its
field. With ``DOCS_SCREENSHOTS=1`` (``make screenshots``) it also takes the screenshots of
docs/admin.md."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from crm_connect.models import CallCenter
from tests.browser.conftest import login
from tests.browser.test_connector_handshake import open_crm

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "images"
VENDOR_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "zcli.apps.config.json"


def screenshot(target: Locator, name: str, height: int = 420) -> None:
    """Save a docs screenshot of ``target`` (its first ``height`` pixels) when asked to
    (``DOCS_SCREENSHOTS=1``)."""
    if not os.environ.get("DOCS_SCREENSHOTS"):
        return
    target.evaluate(f"el => {{ el.style.maxHeight = '{height}px'; el.style.overflow = 'hidden'; }}")
    SCREENSHOTS.mkdir(exist_ok=True)
    target.screenshot(path=str(SCREENSHOTS / name), animations="disabled")
    target.evaluate("el => { el.style.maxHeight = ''; el.style.overflow = ''; }")


def row(page: Page, name: str) -> Locator:
    """The admin's form row of the input ``name``."""
    ancestor = "xpath=ancestor::div[contains(@class, 'form-row')][1]"
    return page.locator(f'[name="{name}"]').locator(ancestor)


@pytest.fixture
def admin_page(page: Page, crm: str, django_user_model: type[User]) -> Page:
    root = django_user_model.objects.create_superuser(
        "root", "root@example.com", "root", first_name="Rita", last_name="Root"
    )
    login(page, crm, root)
    page.set_default_timeout(10_000)
    page.set_viewport_size({"width": 1100, "height": 800})
    return page


def test_a_flag_and_a_number_edited_in_the_admin_reach_crm_data(
    admin_page: Page, crm: str, connector_call_center: CallCenter
) -> None:
    connector = open_crm(admin_page, crm)
    before = connector.evaluate("sandbox.crmData.callCenterSettings")
    assert before["SoftphoneOptions"]["clickToDial"] == "Y"
    assert before["LogOptions"]["interactionHistorySize"] == "5"

    admin_page.goto(f"{crm}/admin/crm_connect/callcenter/{connector_call_center.pk}/change/")
    flag = admin_page.locator('[name="SoftphoneOptions.clickToDial"]')
    expect(flag).to_be_checked()
    flag.uncheck()
    number = admin_page.locator('[name="LogOptions.interactionHistorySize"]')
    expect(number).to_have_attribute("type", "number")
    number.fill("1.5")
    admin_page.locator('input[name="_continue"]').click()
    error = row(admin_page, "LogOptions.interactionHistorySize").locator(".errorlist")
    expect(error).to_have_text("LogOptions.interactionHistorySize: Enter a whole number.")
    screenshot(row(admin_page, "LogOptions.interactionHistorySize"), "admin-field-error.png")

    admin_page.locator('[name="SoftphoneOptions.clickToDial"]').uncheck()
    admin_page.locator('[name="LogOptions.interactionHistorySize"]').fill("12")
    admin_page.locator('input[name="_continue"]').click()
    expect(admin_page.locator(".messagelist")).to_contain_text("was changed successfully")

    connector = open_crm(admin_page, crm)
    after = connector.evaluate("sandbox.crmData.callCenterSettings")
    assert after["SoftphoneOptions"]["clickToDial"] == "N"
    assert after["LogOptions"]["interactionHistorySize"] == "12"
    connector_call_center.refresh_from_db()
    assert connector_call_center.settings["LogOptions"] == {"interactionHistorySize": "12"}


def test_docs_screenshots_of_the_form_the_import_and_the_history(
    admin_page: Page, crm: str, make_call_center: Any, sandbox_origin: str
) -> None:
    """The pages docs/admin.md shows, walked through as an administrator would."""
    call_center = make_call_center(
        name="Support", connector_url=f"{sandbox_origin}/sandbox/connector/", settings={}
    )
    base = f"{crm}/admin/crm_connect/callcenter/{call_center.pk}"
    admin_page.goto(f"{base}/change/")
    admin_page.get_by_role("link", name="Import definition").click()
    admin_page.locator('input[name="file"]').set_input_files(str(VENDOR_FILE))
    screenshot(admin_page.locator("#content"), "admin-import.png")
    admin_page.get_by_role("button", name="Import").click()
    expect(admin_page.locator(".messagelist")).to_contain_text("The definition was imported.")
    server = admin_page.locator('[name="ServerConfig.serverHostName"]')
    expect(server).to_have_value("https://eus2-01.dev.ws-nonprod.avayacloud.com")
    screenshot(admin_page.locator("fieldset").nth(1), "admin-form-section.png")
    screenshot(admin_page.locator("fieldset").nth(5), "admin-form-flags.png")

    admin_page.locator('[name="SoftphoneOptions.autoAcceptInteraction"]').check()
    admin_page.locator('[name="SoftphoneOptions.serverResponseTimeout"]').fill("90")
    admin_page.locator('input[name="_continue"]').click()
    expect(admin_page.locator(".messagelist")).to_contain_text("was changed successfully")
    admin_page.get_by_role("link", name="History").click()
    revisions = admin_page.locator("#call-center-revisions")
    expect(revisions).to_contain_text("SoftphoneOptions.serverResponseTimeout")
    expect(revisions).to_contain_text("admin import")
    screenshot(revisions, "admin-history.png")
