"""The example CRM: what `make demo` shows must work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client

from crm_connect.models import CallCenter
from example_project.crm.models import Contact

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_users_contacts_and_a_call_center_and_can_run_twice() -> None:
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    assert authenticate(username="agent", password="agent") is not None
    admin = authenticate(username="admin", password="admin")
    assert admin is not None
    assert admin.is_superuser
    assert Contact.objects.count() >= 5
    call_center = CallCenter.objects.get()
    assert call_center.is_default
    assert call_center.connector_url.endswith("/sandbox/connector/")


def test_contact_pages_need_a_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_agent_sees_contacts_and_the_connector(client: Client) -> None:
    call_command("seed_demo", verbosity=0)
    assert client.login(username="agent", password="agent")
    page = client.get("/").content.decode()
    assert "Ada Lovelace" in page
    assert 'id="crmConnectIframeId"' in page
    contact = Contact.objects.get(name="Ada Lovelace")
    detail = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert 'href="tel:+15550100199" data-crm-connect-dial' in detail
    assert ">+1 (555) 010-0199</a>" in detail
    assert 'id="crmConnectIframeId"' in detail


def test_the_login_page_names_the_demo_users(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert "agent" in page
    assert 'id="crmConnectIframeId"' not in page


def test_the_sandbox_connector_is_framable_by_the_crm(client: Client) -> None:
    response = client.get("/sandbox/connector/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response


def test_the_example_project_passes_every_check_with_its_own_settings() -> None:
    """`manage.py check` as `make demo` runs it: tests.settings no longer inherits the
    example project's settings, so those are checked on their own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CRM_CONNECT_", "DJANGO_"))
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=Path(__file__).resolve().parent.parent,
        env={**env, "DJANGO_SETTINGS_MODULE": "example_project.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


ROOT = Path(__file__).resolve().parent.parent
# Prints where the sandbox UCP host (the page the sandbox index links to) frames the CRM,
# then the connector mode the example read from the environment.
UCP_FRAME = """
import django, re
django.setup()
from django.test import Client
from django.conf import settings
page = Client().get("/sandbox/ucp/").content.decode()
print(re.search(r'<iframe src="([^"]*)"', page).group(1))
print(settings.CRM_CONNECT["CONNECTOR_MODE"])
"""


@pytest.mark.parametrize(
    ("arguments", "sandbox_port"),
    [
        (["PORT=8123"], 8124),
        (["PORT=8123", "SANDBOX_PORT=9123", "CRM_CONNECT_CONNECTOR_MODE=window"], 9123),
    ],
)
def test_make_demo_on_another_port_points_the_ucp_host_at_that_port(
    tmp_path: Path, arguments: list[str], sandbox_port: int
) -> None:
    """`make demo PORT=8123`: the sandboxes on 8124 (or SANDBOX_PORT), and the sandbox
    UCP host (linked from the sandbox index) frames the CRM on 8123, not on 8000.

    `make` runs against a stand-in virtualenv whose python records its environment."""
    record = tmp_path / "environment"
    python = tmp_path / "bin" / "python"
    python.parent.mkdir()
    python.write_text(f'#!/bin/sh\nenv | grep "^CRM_CONNECT_" >> "{record}"\n')
    python.chmod(0o755)
    stamp = tmp_path / "installed"
    stamp.touch()  # after the stand-in python: `make install` has nothing to do
    env = {key: value for key, value in os.environ.items() if not key.startswith("CRM_CONNECT_")}
    subprocess.run(
        ["make", "--no-print-directory", "demo", *arguments, f"VENV={tmp_path}", f"STAMP={stamp}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
        timeout=60,
    )
    demo_env = dict(line.split("=", 1) for line in set(record.read_text().splitlines()))
    assert demo_env["CRM_CONNECT_SANDBOX_ORIGIN"] == f"http://127.0.0.1:{sandbox_port}"
    assert demo_env["CRM_CONNECT_CRM_ORIGIN"] == "http://127.0.0.1:8123"
    assert demo_env["CRM_CONNECT_CONNECTOR_MODE"] == (
        "window" if "CRM_CONNECT_CONNECTOR_MODE=window" in arguments else "docked"
    )

    framed, mode = subprocess.run(
        [sys.executable, "-c", UCP_FRAME],
        cwd=ROOT,
        env={**env, **demo_env, "DJANGO_SETTINGS_MODULE": "example_project.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert framed.startswith("http://127.0.0.1:8123/?"), framed
    assert mode == demo_env["CRM_CONNECT_CONNECTOR_MODE"]


HTMX = ROOT / "example_project" / "crm" / "static" / "crm" / "htmx.min.js"


def test_the_vendored_htmx_is_the_npm_package_s_with_its_license() -> None:
    """package.json pins htmx.org; the example serves its dist/htmx.min.js, unchanged
    below a header that carries the license (0BSD)."""
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["htmx.org"]
    text = HTMX.read_text()
    header, _, code = text.partition("*/\n")
    assert f"htmx.org@{pinned}" in header
    assert "Zero-Clause BSD" in header
    package = ROOT / "node_modules" / "htmx.org"
    if not package.exists():
        pytest.fail("node_modules/htmx.org is missing: run `npm ci` (make test does)")
    assert json.loads((package / "package.json").read_text())["version"] == pinned
    assert code == (package / "dist" / "htmx.min.js").read_text()


def test_docked_pages_are_boosted_and_window_mode_pages_are_not(
    client: Client, make_call_center: Any, django_user_model: Any, settings: Any
) -> None:
    make_call_center()
    client.force_login(django_user_model.objects.create_user("agent", password="x"))
    docked = client.get("/").content.decode()
    assert '<body hx-boost="true">' in docked
    assert "crm/htmx.min.js" in docked
    assert "crm-connect-connector-config" in docked
    settings.CRM_CONNECT = {**settings.CRM_CONNECT, "CONNECTOR_MODE": "window"}
    window = client.get("/").content.decode()
    assert "<body>" in window
    assert "htmx" not in window
    assert "data-crm-connect-softphone-open" in window
