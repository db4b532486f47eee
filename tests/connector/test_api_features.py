"""The feature endpoints: authenticated, CSRF on writes, pydantic-validated, bounded,
and only ever the caller's own data."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import IntegrityError
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from crm_connect.connector.schemas.records import CrmDirectory
from crm_connect.models import InteractionLog
from example_project.crm.models import Contact
from tests.factories import log_data

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("crm_connect:directory")
PHONE_SEARCH = reverse("crm_connect:phone-search")
LOGS = reverse("crm_connect:interaction-logs")


def record_url(record_id: Any) -> str:
    return reverse("crm_connect:record", args=[record_id])


@pytest.fixture
def client(agent_api_client: APIClient) -> APIClient:
    return agent_api_client  # every request here is the signed-in agent's


@pytest.fixture
def contacts() -> list[Contact]:
    return [
        Contact.objects.create(name="Ada", phone="+1 (555) 010-0199", email="ada@x.io"),
        Contact.objects.create(name="Ada Two", phone="15550100199"),
        Contact.objects.create(name="Grace", phone="+1 555 010 0142"),
        Contact.objects.create(name="Nobody"),
    ]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", DIRECTORY),
        ("get", PHONE_SEARCH + "?number=5550100199"),
        ("get", record_url(1)),
        ("get", LOGS),
        ("post", LOGS),
    ],
)
def test_anonymous_requests_are_refused(method: str, url: str, contacts: Any) -> None:
    response = getattr(APIClient(), method)(url, log_data(), format="json")
    assert response.status_code == 403
    assert InteractionLog.objects.count() == 0


def test_saving_a_log_needs_the_csrf_token(agent: Any) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(agent)
    response = client.post(LOGS, {"data": log_data()}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert InteractionLog.objects.count() == 0
    token = client.get("/").cookies["csrftoken"].value
    response = client.post(LOGS, {"data": log_data()}, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


@override_settings(
    REST_FRAMEWORK={
        "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.BasicAuthentication"],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    }
)
def test_csrf_and_login_hold_whatever_the_project_defaults_are(agent: Any) -> None:
    assert APIClient().get(DIRECTORY).status_code == 403
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(agent)
    assert client.post(LOGS, {"data": log_data()}, format="json").status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "data"),
        ({"data": {}}, "data.message"),
        ({"data": {"message": {}}}, "data.message.body"),
        ({"data": log_data(None)}, "data.message.body.interactionId"),
        ({"data": log_data("")}, "data.message.body.interactionId"),
        ({"data": log_data("x" * 201)}, "data.message.body.interactionId"),
        ({"data": log_data("bad\nid")}, "data.message.body.interactionId"),
        ({"data": log_data(), "record": {"id": ""}}, "record.id"),
        ({"data": log_data(), "other": 1}, "other"),
        (
            {"data": log_data(custom_fields={"": 1})},
            "data.message.body.interactionData.logDetails.customFields.0.logFieldName",
        ),
        ([], "non_field_errors"),
    ],
)
def test_invalid_log_bodies_get_field_errors(client: APIClient, body: Any, field: str) -> None:
    response = client.post(LOGS, body, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert all(isinstance(v, list) and v for v in errors.values())
    assert InteractionLog.objects.count() == 0


def test_a_saved_log_comes_back_with_its_id_and_record(client: APIClient, contacts: Any) -> None:
    grace = contacts[2]
    body = {"data": log_data(origin="+15550100142"), "record": None}
    response = client.post(LOGS, body, format="json")
    assert response.status_code == 201
    saved = response.json()
    log = InteractionLog.objects.get()
    assert saved["id"] == str(log.pk)
    assert saved["interactionId"] == "int-1"
    assert saved["customFields"] == {"caseNumber": "C-7"}
    assert saved["record"] == {
        "objectType": "Contact",
        "id": str(grace.pk),
        "url": f"http://testserver/contacts/{grace.pk}/",
        "name": "Grace",
    }
    again = client.post(LOGS, body, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == saved["id"]
    assert InteractionLog.objects.count() == 1


def test_another_agents_interaction_id_is_no_conflict(client: APIClient, other_agent: Any) -> None:
    other = APIClient()
    other.force_login(other_agent)
    assert other.post(LOGS, {"data": log_data(subject="theirs")}, format="json").status_code == 201
    response = client.post(LOGS, {"data": log_data(subject="mine")}, format="json")
    assert response.status_code == 201
    assert sorted(InteractionLog.objects.values_list("subject", flat=True)) == ["mine", "theirs"]


def test_a_save_that_keeps_colliding_is_a_409_that_keeps_nothing_half_done(
    client: APIClient,
) -> None:
    failing = mock.Mock(side_effect=IntegrityError("duplicate key"))
    with mock.patch.object(InteractionLog.objects, "create", failing):
        response = client.post(LOGS, {"data": log_data()}, format="json")
    assert response.status_code == 409
    assert "data.message.body.interactionId" in response.json()
    assert not InteractionLog.objects.exists()


def test_the_log_list_shows_only_the_callers_logs_in_bounded_pages(
    client: APIClient, agent: Any, other_agent: Any
) -> None:
    for i in range(3):
        client.post(LOGS, {"data": log_data(f"mine-{i}")}, format="json")
    other = APIClient()
    other.force_login(other_agent)
    other.post(LOGS, {"data": log_data("theirs")}, format="json")
    page = client.get(LOGS, {"limit": 2}).json()
    assert page["count"] == 3
    assert [log["interactionId"] for log in page["results"]] == ["mine-2", "mine-1"]
    rest = client.get(LOGS, {"limit": 2, "offset": 2}).json()
    assert [log["interactionId"] for log in rest["results"]] == ["mine-0"]
    assert client.get(LOGS, {"interactionId": "theirs"}).json() == {"count": 0, "results": []}


@pytest.mark.parametrize(
    "query", [{"limit": 101}, {"limit": 0}, {"offset": -1}, {"limit": "x"}, {"who": "all"}]
)
def test_the_log_list_refuses_unbounded_or_unknown_queries(client: APIClient, query: Any) -> None:
    response = client.get(LOGS, query)
    assert response.status_code == 400
    assert set(response.json()) == set(query)


def test_directory_is_the_crm_directory_shape_and_bounded(client: APIClient, contacts: Any) -> None:
    data = client.get(DIRECTORY).json()
    CrmDirectory.model_validate(data)
    assert data["count"] == "3"
    assert data["results"][0] == {
        "id": str(contacts[0].pk),
        "name": "Ada",
        "phone": "+1 (555) 010-0199",
        "email": "ada@x.io",
    }
    with override_settings(CRM_CONNECT={"DIRECTORY_MODEL": "crm.Contact", "DIRECTORY_LIMIT": 2}):
        assert client.get(DIRECTORY).json()["count"] == "2"


def test_phone_search_finds_every_spelling_once(client: APIClient, contacts: Any) -> None:
    response = client.get(PHONE_SEARCH + "?number=5550100199&number=%2B1%20555%20010%200199")
    data = response.json()
    assert data["numbers"] == ["+15550100199"]
    assert [r["name"] for r in data["results"]] == ["Ada", "Ada Two"]
    assert data["results"][0]["url"] == f"http://testserver/contacts/{contacts[0].pk}/"
    assert data["createUrl"] == "/contacts/new/?phone=%2B15550100199"


def test_phone_search_without_a_match_offers_creation(client: APIClient, contacts: Any) -> None:
    data = client.get(PHONE_SEARCH, {"number": "+44 20 7946 0958"}).json()
    assert data["results"] == []
    assert data["createUrl"] == "/contacts/new/?phone=%2B442079460958"


@pytest.mark.parametrize(
    "query", ["", "?number=", "?number=" + "1" * 65, "?" + "&".join(["number=1"] * 11), "?q=1"]
)
def test_phone_search_validates_its_query(client: APIClient, query: str) -> None:
    response = client.get(PHONE_SEARCH + query)
    assert response.status_code == 400
    assert response.json()


def test_record_lookup(client: APIClient, contacts: Any) -> None:
    ada = contacts[0]
    assert client.get(record_url(ada.pk)).json()["name"] == "Ada"
    assert client.get(record_url(ada.pk), {"objectType": "Lead"}).status_code == 404
    assert client.get(record_url("nope")).status_code == 404
