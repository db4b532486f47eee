from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from crm_connect.models import CallCenter, InteractionLog

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/crm_connect/callcenter/add/"


@pytest.fixture
def staff_client(client: Client, django_user_model: type[User]) -> Client:
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "admin")
    client.force_login(admin)
    return client


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Main",
        "connector_url": "https://connector.example.com/app/",
        "is_default": "on",
        "settings": json.dumps({"ReqGeneralInfo": {"reqInternalName": "Main"}}),
        "app_name": "",
        "directory_available": "on",
        "reloads_on_navigation": "on",
        "skylight_url": "",
        "skylight_window_name": "skylight",
        "skylight_window_features": "width=400,height=800",
        "skylight_crm_module": "",
        "skylight_default_work_mode": "",
    }
    data.update(overrides)
    return data


def test_a_valid_call_center_is_saved(staff_client: Client) -> None:
    sales = Group.objects.create(name="Sales")
    response = staff_client.post(ADD_URL, form_data(groups=[sales.pk]))
    assert response.status_code == 302, response.content
    call_center = CallCenter.objects.get()
    assert call_center.settings == {"ReqGeneralInfo": {"reqInternalName": "Main"}}
    assert list(call_center.groups.all()) == [sales]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"ReqGeneralInfo": {"reqSoftphoneHeight": 600}}, "ReqGeneralInfo.reqSoftphoneHeight"),
        ({"Bad Section": {}}, "is not an identifier"),
        (["not", "an", "object"], "valid dictionary"),
    ],
)
def test_invalid_settings_are_shown_on_the_field(
    staff_client: Client, settings: object, message: str
) -> None:
    response = staff_client.post(ADD_URL, form_data(settings=json.dumps(settings)))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["settings"]
    assert message in " ".join(errors["settings"])
    assert not CallCenter.objects.exists()


def test_settings_that_are_not_json_are_refused(staff_client: Client) -> None:
    response = staff_client.post(ADD_URL, form_data(settings="{not json"))
    assert "settings" in response.context["adminform"].form.errors


def test_a_connector_url_needs_an_origin(staff_client: Client) -> None:
    response = staff_client.post(ADD_URL, form_data(connector_url="ftp://example.com/x"))
    assert "connector_url" in response.context["adminform"].form.errors


def test_only_one_call_center_is_the_default(staff_client: Client) -> None:
    assert staff_client.post(ADD_URL, form_data()).status_code == 302
    response = staff_client.post(ADD_URL, form_data(name="Second"))
    assert response.status_code == 200
    assert "already the default" in response.content.decode()
    assert CallCenter.objects.count() == 1


def test_the_settings_field_shows_indented_json(
    staff_client: Client, call_center: CallCenter
) -> None:
    response = staff_client.get(f"/admin/crm_connect/callcenter/{call_center.pk}/change/")
    assert response.status_code == 200
    # Indented, a section per line (PostgreSQL's jsonb orders the keys its own way).
    assert "\n  &quot;ReqGeneralInfo&quot;: {\n    &quot;" in response.content.decode()


def test_interaction_logs_are_listed(staff_client: Client) -> None:
    InteractionLog.objects.create(interaction_id="abc-1", subject="Call with Ada")
    response = staff_client.get("/admin/crm_connect/interactionlog/")
    assert "Call with Ada" in response.content.decode()
