"""Interaction logs that never poison the list and are never lost (issue 13, points 2-5).

Input the database cannot store (start times out of range, lone UTF-16 surrogates,
non-finite numbers, deep nesting, NUL in filters) is refused with 400 or stored as
null; a log saved by two agents (a transferred call) is kept once per agent.
"""

from __future__ import annotations

import importlib
import json
from typing import Any
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from crm_connect.models import InteractionLog
from tests.factories import log_data

pytestmark = pytest.mark.django_db

LOGS = reverse("crm_connect:interaction-logs")


@pytest.fixture
def client(agent_api_client: APIClient) -> APIClient:
    return agent_api_client  # every request here is the signed-in agent's


def with_start(date: Any, time: Any) -> dict[str, Any]:
    data = log_data("edge-1")
    intrinsics = data["message"]["body"]["interactionData"]["interaction"]["intrinsics"]
    intrinsics.update({"START_DATE": date, "START_TIME": time})
    return {"data": data}


def post_text(client: APIClient, text: str) -> Any:
    return client.post(LOGS, text, content_type="application/json")


def assert_every_page_renders(client: APIClient, staff_client: Client) -> None:
    assert client.get(LOGS).status_code == 200
    assert client.get(reverse("crm:interaction-log-list")).status_code == 200
    assert staff_client.get("/admin/crm_connect/interactionlog/").status_code == 200
    for log in InteractionLog.objects.all():
        page = staff_client.get(f"/admin/crm_connect/interactionlog/{log.pk}/change/")
        assert page.status_code == 200


# --- point 2: start times out of range ---------------------------------------------------


@pytest.mark.parametrize(
    ("date", "time"),
    [
        ("0001-01-01", "00:00:00+01:00"),
        ("", "9999-12-31T23:59:59-14:00"),
        ("", "0001-01-01T00:00:00+14:00"),
        ("9999-12-31", "23:59:59-14:00"),
        ("", 253402300799999),  # epoch milliseconds of 9999-12-31T23:59:59.999Z
        ("", -62135596800),  # epoch seconds of 0001-01-01T00:00:00Z
    ],
)
def test_a_start_time_out_of_range_is_stored_as_null_and_poisons_nothing(
    client: APIClient, staff_client: Client, date: Any, time: Any
) -> None:
    response = client.post(LOGS, with_start(date, time), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["startedAt"] is None
    log = InteractionLog.objects.get()
    assert log.started_at is None
    intrinsics = log.payload["message"]["body"]["interactionData"]["interaction"]["intrinsics"]
    assert intrinsics["START_TIME"] == time  # the raw value is kept
    assert client.post(LOGS, with_start(date, time), format="json").status_code == 200
    assert_every_page_renders(client, staff_client)
    delete = staff_client.post(
        f"/admin/crm_connect/interactionlog/{log.pk}/delete/", {"post": "yes"}
    )
    assert delete.status_code == 302
    assert not InteractionLog.objects.exists()


def test_a_start_time_in_range_is_kept(client: APIClient) -> None:
    response = client.post(LOGS, with_start("2026-11-30", "09:15:00+01:00"), format="json")
    assert response.json()["startedAt"] == "2026-11-30T08:15:00Z"


# --- point 3: values the database cannot store ---------------------------------------------


def body_text(**extra: Any) -> str:
    """A log as JSON text with ``"__X__"`` placeholders the tests replace verbatim."""
    return json.dumps({"data": log_data("bad-1", **extra)})


UNSTORABLE = [
    # an emoji cut in half: a lone surrogate, as JSON.stringify writes it
    (body_text().replace("Billing question", "Billing \\ud83d"), "surrogate"),
    (body_text().replace("Wants a refund", "\\ude00 refund"), "surrogate"),
    (body_text(note="__X__").replace('"__X__"', '{"k\\udfff": 1}'), "surrogate"),
    (body_text(custom_fields={"caseNumber": "__X__"}).replace('"__X__"', '"\\ud800"'), "surrogate"),
    (body_text(custom_fields={"n": "__X__"}).replace('"__X__"', "1e400"), "finite"),
    (body_text(note="__X__").replace('"__X__"', "-1e400"), "finite"),
    (body_text(start_time="__X__").replace('"__X__"', "1e400"), "finite"),
    (body_text(note="__X__").replace('"__X__"', "[" * 500 + "]" * 500), "nested"),
    (body_text(note="__X__").replace('"__X__"', '{"a":' * 500 + "1" + "}" * 500), "nested"),
]


@pytest.mark.parametrize(("text", "why"), UNSTORABLE)
def test_values_the_database_cannot_store_are_refused_with_field_errors(
    client: APIClient, staff_client: Client, text: str, why: str
) -> None:
    response = post_text(client, text)
    assert response.status_code == 400, response.content[:300]
    errors = response.json()
    assert list(errors) == ["data"]
    assert why in " ".join(errors["data"])
    assert "message.body.interactionData" in " ".join(errors["data"])
    assert not InteractionLog.objects.exists()
    assert_every_page_renders(client, staff_client)


def test_json_nested_beyond_the_parsers_reach_is_a_400(client: APIClient) -> None:
    response = post_text(client, '{"data": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert response.status_code == 400
    assert not InteractionLog.objects.exists()


def test_a_whole_emoji_and_big_finite_numbers_are_kept(client: APIClient) -> None:
    text = body_text(custom_fields={"n": "__X__"}).replace('"__X__"', "1e300")
    text = text.replace("Billing question", "Billing \\ud83d\\ude00")
    response = post_text(client, text)
    assert response.status_code == 201, response.json()
    log = InteractionLog.objects.get()
    assert log.subject == "Billing \U0001f600"
    assert float(log.custom_fields["n"]) == 1e300  # PostgreSQL's jsonb gives an int back


# --- point 4: NUL in the list's filters -----------------------------------------------------


@pytest.mark.parametrize("name", ["interactionId", "recordId", "objectType"])
def test_a_nul_in_a_list_filter_is_a_400(client: APIClient, name: str) -> None:
    response = client.get(f"{LOGS}?{name}=a%00b")
    assert response.status_code == 400
    assert name in response.json()


# --- point 5: a transferred call -------------------------------------------------------------


def test_each_agent_keeps_their_own_log_of_a_transferred_interaction(
    client: APIClient, other_agent: Any
) -> None:
    assert (
        client.post(LOGS, {"data": log_data("call-9", subject="A")}, format="json").status_code
        == 201
    )
    other = APIClient()
    other.force_login(other_agent)
    response = other.post(LOGS, {"data": log_data("call-9", subject="B")}, format="json")
    assert response.status_code == 201, response.json()
    assert (
        other.post(LOGS, {"data": log_data("call-9", subject="B2")}, format="json").status_code
        == 200
    )
    subjects = dict(InteractionLog.objects.values_list("user__username", "subject"))
    assert subjects == {"agent": "A", other_agent.username: "B2"}
    assert [log["subject"] for log in client.get(LOGS).json()["results"]] == ["A"]
    assert [log["subject"] for log in other.get(LOGS).json()["results"]] == ["B2"]


@pytest.mark.parametrize("stored", ["0001-01-01 00:00:00+01:00", "9999-12-31 23:59:59-14:00"])
def test_the_migration_repairs_rows_poisoned_before_the_fix(
    client: APIClient, staff_client: Client, stored: str
) -> None:
    migration = importlib.import_module(
        "crm_connect.migrations.0003_i13_logs_per_agent_and_abandoned"
    )
    client.post(LOGS, {"data": log_data("old-1")}, format="json")
    ok = client.post(LOGS, {"data": log_data("old-2")}, format="json").json()
    table = InteractionLog._meta.db_table
    with connection.cursor() as cursor:  # as the old code stored it on PostgreSQL
        value = stored if connection.vendor == "postgresql" else stored[:19].replace("0001", "0000")
        cursor.execute(
            f"UPDATE {table} SET started_at = %s WHERE interaction_id = %s", [value, "old-1"]
        )
    migration.null_unreadable_start_times(django_apps, mock.Mock(connection=connection))
    started = dict(InteractionLog.objects.values_list("interaction_id", "started_at"))
    assert started["old-1"] is None
    assert started["old-2"] is not None
    assert ok["startedAt"] is not None
    assert_every_page_renders(client, staff_client)
