"""The example CRM: what `make demo` shows must work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
