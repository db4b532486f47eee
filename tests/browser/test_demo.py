"""What `make demo` promises: log in as the seeded agent and watch the handshake."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_logging_in_as_agent_completes_the_sandbox_handshake(
    page: Page, crm: str, sandbox_origin: str
) -> None:
    with override_settings(DEMO_CONNECTOR_URL=f"{sandbox_origin}/sandbox/connector/"):
        call_command("seed_demo", verbosity=0)
    page.goto(crm + "/")
    page.fill("#id_username", "agent")
    page.fill("#id_password", "agent")
    page.click("button[type=submit]")
    expect(page.get_by_role("heading", name="Contacts")).to_be_visible()
    connector = page.frame_locator("#crmConnectIframeId")
    expect(connector.locator("#status")).to_have_text("connected")
    expect(connector.locator('[data-field="Name"]')).to_have_text("Alice Agent")
    expect(connector.locator('[data-field="Username"]')).to_have_text("agent")
