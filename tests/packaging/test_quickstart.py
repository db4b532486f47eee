"""docs/quickstart.md, followed to the letter in a new project, gets the sandbox handshake.

conftest.py builds the project from the page's marked code blocks only; here a reader's
browser signs in as the quickstart says and watches the sandbox connector.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.packaging.conftest import (
    DOCUMENTED_RUNSERVER,
    INSTALL,
    PASSWORD,
    USERNAME,
    FreshProject,
)
from tests.packaging.quickstart import QUICKSTART, Step, read_steps


def test_the_quickstart_steps_are_the_ones_a_reader_follows() -> None:
    steps = read_steps()
    commands = [command for step in steps if step.action == "run" for command in step.commands]
    assert commands[:3] == [INSTALL, "django-admin startproject mysite", "cd mysite"]
    assert DOCUMENTED_RUNSERVER in commands
    # The ports are the reader's to change, in one place: the step that exports them.
    assert "export CRM_PORT=8080 SANDBOX_PORT=8001" in commands
    assert [(step.action, step.path) for step in steps if step.action != "run"] == [
        ("append", "mysite/settings.py"),
        ("append", "mysite/urls.py"),
        ("write", "templates/home.html"),
    ]
    # What the reader is told to open is what the test opens.
    assert "http://127.0.0.1:8080/admin/login/?next=/" in QUICKSTART.read_text()
    assert "`http://127.0.0.1:$CRM_PORT/admin/login/?next=/`" in QUICKSTART.read_text()


def test_a_marker_without_its_code_block_is_refused() -> None:
    with pytest.raises(ValueError, match="not directly followed"):
        read_steps("<!-- quickstart-test: run -->\n\nSome text.\n")
    assert read_steps("<!-- quickstart-test: write a.txt -->\n```\nhi\n```\n") == [
        Step("write", "a.txt", "hi\n")
    ]


@pytest.mark.browser
def test_the_quickstart_project_completes_the_sandbox_handshake(
    page: Page, fresh_project: FreshProject
) -> None:
    page.set_default_timeout(15_000)
    page.goto(fresh_project.url + "/admin/login/?next=/")
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(fresh_project.url + "/")
    expect(page.locator("h1")).to_have_text(f"Hello, {USERNAME}")

    # The connector is the test's sandbox, on the SANDBOX_PORT the test exported.
    src = page.get_attribute("#crmConnectIframeId", "src")
    assert src == f"{fresh_project.sandbox_origin}/sandbox/connector/"
    connector = page.frame_locator("#crmConnectIframeId")
    expect(connector.locator("#status")).to_have_text("connected")
    expect(connector.locator('[data-field="Username"]')).to_have_text(USERNAME)
    expect(connector.locator("#crm-data")).to_contain_text('"reqInternalName": "MyCallCenter"')
    assert page.evaluate("crmConnect.connector.state().status") == "connected"
