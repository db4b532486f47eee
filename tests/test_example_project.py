"""The example CRM: what `make demo` shows must work."""

from __future__ import annotations

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
