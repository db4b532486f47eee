"""Concurrent saves on SQLite (the demo's and the tests' database).

SQLite has one writer at a time. Django opens its transactions DEFERRED: two of them
that both read and then write can deadlock, and SQLite answers one with "database is
locked" at once, whatever the timeout (about 40% of 20 parallel saves failed). With
``"transaction_mode": "IMMEDIATE"`` a transaction takes the write lock when it begins,
and the others wait for it, up to ``"timeout"`` seconds. System check
``crm_connect.W021`` asks for it; PostgreSQL is what production should use.
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
THREADS = 20


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's locking only: run without DATABASE_URL"
)
def test_parallel_saves_all_succeed(agent: Any) -> None:
    def save(client: APIClient, index: int) -> int:
        data = {"data": log_data(f"parallel-{index}")}
        return client.post(LOGS, data, format="json").status_code

    statuses, errors = post_at_once(agent, THREADS, save)
    assert not errors, errors
    assert sorted(statuses) == [201] * THREADS
    assert InteractionLog.objects.count() == THREADS
