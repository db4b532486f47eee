"""The same interaction log posted many times leaves exactly one row.

The threaded test runs only when the database is PostgreSQL (``DATABASE_URL``, CI's pg
leg) and is skipped, with its reason, elsewhere: SQLite serializes writers, so the race
cannot happen there. The sequential variant runs on every database.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from crm_connect.models import InteractionLog
from tests.factories import log_data, post_at_once

pytestmark = pytest.mark.django_db(transaction=True)

LOGS = reverse("crm_connect:interaction-logs")


def post(client: APIClient, subject: str) -> int:
    return client.post(
        LOGS, {"data": log_data("race-1", subject=subject)}, format="json"
    ).status_code


def test_repeated_posts_of_one_interaction_leave_one_row(agent: Any) -> None:
    client = APIClient()
    client.force_login(agent)
    statuses = [post(client, f"save {i}") for i in range(5)]
    assert statuses == [201, 200, 200, 200, 200]
    assert InteractionLog.objects.filter(interaction_id="race-1").count() == 1
    assert InteractionLog.objects.get().subject == "save 4"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a real race needs concurrent writers: PostgreSQL only (DATABASE_URL, CI's pg leg)",
)
@pytest.mark.parametrize("threads", [8])
def test_concurrent_posts_of_one_interaction_leave_one_row(agent: Any, threads: int) -> None:
    statuses, errors = post_at_once(
        agent, threads, lambda client, index: post(client, f"thread {index}")
    )
    assert not errors, errors
    assert sorted(statuses) == [200] * (threads - 1) + [201]
    assert InteractionLog.objects.filter(interaction_id="race-1").count() == 1
