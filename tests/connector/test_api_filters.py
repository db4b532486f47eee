"""The feature endpoints' query parameters: list filters, the phone-search limit across
several numbers, DRF's reserved ``format`` parameter, and the signed-in-user guard."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.urls import reverse
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from crm_connect.api.base import FeatureAPIView
from crm_connect.connector.interaction_logs import save_interaction_log
from crm_connect.connector.schemas.interaction_logs import RecordRef, SaveInteractionLog
from example_project.crm.models import Contact
from tests.factories import log_data

pytestmark = pytest.mark.django_db

LOGS = reverse("crm_connect:interaction-logs")
PHONE_SEARCH = reverse("crm_connect:phone-search")


@pytest.fixture
def client(agent_api_client: APIClient) -> APIClient:
    return agent_api_client  # every request here is the signed-in agent's


@pytest.fixture
def linked_logs(agent: Any) -> dict[str, Contact]:
    """Three logs: one linked to Ada, one to Grace, one to nothing."""
    ada = Contact.objects.create(name="Ada", phone="+15550100199")
    grace = Contact.objects.create(name="Grace", phone="+15550100142")
    for interaction_id, contact in (("ada-1", ada), ("grace-1", grace)):
        hint = RecordRef(id=str(contact.pk), object_type="Contact")
        data = SaveInteractionLog.model_validate(log_data(interaction_id))
        save_interaction_log(agent, data, hint)
    unlinked = log_data("nobody-1", origin="", destination="")
    save_interaction_log(agent, SaveInteractionLog.model_validate(unlinked))
    return {"ada": ada, "grace": grace}


def interaction_ids(client: APIClient, query: str) -> list[str]:
    response = client.get(f"{LOGS}?{query}")
    assert response.status_code == 200, response.content
    body = response.json()
    ids = [log["interactionId"] for log in body["results"]]
    assert body["count"] == len(ids)
    return sorted(ids)


def test_logs_are_filtered_by_record_id(client: APIClient, linked_logs: Any) -> None:
    grace = linked_logs["grace"]
    assert interaction_ids(client, f"recordId={grace.pk}") == ["grace-1"]


def test_logs_are_filtered_by_object_type_case_insensitively(
    client: APIClient, linked_logs: Any
) -> None:
    assert interaction_ids(client, "objectType=CONTACT") == ["ada-1", "grace-1"]
    assert interaction_ids(client, "objectType=Account") == []


def test_filters_combine(client: APIClient, linked_logs: Any) -> None:
    ada = linked_logs["ada"]
    query = f"objectType=Contact&recordId={ada.pk}&interactionId=ada-1"
    assert interaction_ids(client, query) == ["ada-1"]
    assert interaction_ids(client, f"recordId={ada.pk}&interactionId=grace-1") == []


def test_drf_format_parameter_is_not_an_unknown_query_field(
    client: APIClient, linked_logs: Any
) -> None:
    # The query models forbid unknown keys; ?format= is DRF's own and must get through.
    assert len(interaction_ids(client, "format=json")) == 3
    assert client.get(f"{LOGS}?colour=blue").status_code == 400


def test_phone_search_stops_at_the_limit_across_numbers(client: APIClient) -> None:
    for name, phone in (("A", "+15550100101"), ("B", "+15550100101"), ("C", "+15550100102")):
        Contact.objects.create(name=name, phone=phone)
    with override_settings(CRM_CONNECT={**settings.CRM_CONNECT, "PHONE_SEARCH_LIMIT": 2}):
        response = client.get(f"{PHONE_SEARCH}?number=5550100101&number=5550100102")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [record["name"] for record in body["results"]] == ["A", "B"]
    assert body["numbers"] == ["+15550100101", "+15550100102"]


def test_signed_in_user_refuses_an_anonymous_request() -> None:
    request = Request(APIRequestFactory().get("/"))
    request.user = AnonymousUser()
    with pytest.raises(NotAuthenticated):
        FeatureAPIView.signed_in_user(request)


def test_signed_in_user_is_the_requests_user(agent: Any) -> None:
    request = Request(APIRequestFactory().get("/"))
    request.user = agent
    assert FeatureAPIView.signed_in_user(request) is agent
