"""Logs the browser gave up on: kept whole, bounded, shown and exported in the admin."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from crm_connect.connector.api.interaction_logs import ABANDONED_DATA_MAX_CHARS
from crm_connect.models import AbandonedInteractionLog
from tests.factories import log_data

pytestmark = pytest.mark.django_db

ABANDONED = reverse("crm_connect:abandoned-interaction-logs")
ADMIN = "/admin/crm_connect/abandonedinteractionlog/"


@pytest.fixture
def client(agent_api_client: APIClient) -> APIClient:
    return agent_api_client  # every request here is the signed-in agent's


def abandon(client: APIClient, text: str) -> Any:
    return client.post(ABANDONED, text, content_type="application/json")


def test_a_log_the_database_could_not_take_is_kept_whole(
    client: APIClient, staff_client: Client, agent: Any
) -> None:
    # JSON text as the browser sends it: a lone surrogate, a NUL and 1e400 (infinity).
    data = json.dumps(log_data("__ID__", custom_fields={"n": "__N__"}))
    data = data.replace("__ID__", "half-\\ud83d").replace("Billing", "\\u0000B")
    data = data.replace('"__N__"', "1e400")
    text = (
        '{"interactionId": "half-\\ud83d", "reason": "data: a lone surrogate",'
        f' "attempts": 1, "data": {data}}}'
    )
    response = abandon(client, text)
    assert response.status_code == 201, response.json()
    log = AbandonedInteractionLog.objects.get()
    assert (log.user, log.attempts) == (agent, 1)
    assert log.interaction_id == "half-\\ud83d"  # escaped, not refused
    assert "\\ud83d" in log.data
    assert "\\u0000B" in log.data
    assert "Infinity" in log.data
    assert staff_client.get(ADMIN).status_code == 200
    assert staff_client.get(f"{ADMIN}{log.pk}/change/").status_code == 200
    export = staff_client.post(
        ADMIN, {"action": "export_json_lines", "_selected_action": [str(log.pk)]}
    )
    assert export.status_code == 200
    assert export["Content-Disposition"].endswith('abandoned-interaction-logs.jsonl"')
    line = json.loads(export.content.decode().splitlines()[0])
    assert line["interactionId"] == "half-\\ud83d"
    assert line["data"] == log.data


def test_abandoned_logs_cannot_be_added_or_edited_in_the_admin(staff_client: Client) -> None:
    log = AbandonedInteractionLog.objects.create(interaction_id="x", data="{}")
    assert staff_client.get(f"{ADMIN}add/").status_code == 403
    page = staff_client.get(f"{ADMIN}{log.pk}/change/")
    assert b'name="reason"' not in page.content
    assert staff_client.post(f"{ADMIN}{log.pk}/delete/", {"post": "yes"}).status_code == 302


def test_a_long_reason_is_cut_in_the_list(staff_client: Client) -> None:
    AbandonedInteractionLog.objects.create(interaction_id="x", data="{}", reason="r" * 200)
    page = staff_client.get(ADMIN).content.decode()
    assert "r" * 79 + "\u2026" in page
    assert "r" * 81 not in page


def test_data_is_required_and_bounded(client: APIClient) -> None:
    assert "data" in abandon(client, '{"interactionId": "x"}').json()
    huge = json.dumps({"interactionId": "x", "data": "y" * ABANDONED_DATA_MAX_CHARS})
    response = abandon(client, huge)
    assert response.status_code == 400
    assert "data" in response.json()
    assert not AbandonedInteractionLog.objects.exists()


@override_settings(CRM_CONNECT={"ABANDONED_LOG_LIMIT": 2})
def test_an_agent_keeps_at_most_abandoned_log_limit(client: APIClient, other_agent: Any) -> None:
    body = {"interactionId": "x", "data": {"a": 1}}
    assert [client.post(ABANDONED, body, format="json").status_code for _ in range(3)] == [
        201,
        201,
        429,
    ]
    other = APIClient()
    other.force_login(other_agent)
    assert other.post(ABANDONED, body, format="json").status_code == 201
    assert AbandonedInteractionLog.objects.count() == 3


def test_anonymous_callers_and_form_bodies_are_refused(client: APIClient) -> None:
    assert APIClient().post(ABANDONED, {"data": 1}, format="json").status_code == 403
    assert client.post(ABANDONED, {"data": "1"}).status_code == 415
