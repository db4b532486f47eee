"""Concurrent saves on SQLite (the demo's and the tests' database).

SQLite has one writer at a time. Django opens its transactions DEFERRED: two of them
that both read and then write can deadlock, and SQLite answers one with "database is
locked" at once, whatever the timeout (about 40% of 20 parallel saves failed). With
``"transaction_mode": "IMMEDIATE"`` a transaction takes the write lock when it begins,
and the others wait for it, up to ``"timeout"`` seconds. System check
``crm_connect.W021`` asks for it; PostgreSQL is what production should use.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections
from django.urls import reverse
from rest_framework.test import APIClient

from crm_connect.models import InteractionLog
from tests.factories import log_data

pytestmark = pytest.mark.django_db(transaction=True)

LOGS = reverse("crm_connect:interaction-logs")
THREADS = 20


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's locking only: run without DATABASE_URL"
)
def test_parallel_saves_all_succeed(agent: Any) -> None:
    clients = []
    for _ in range(THREADS):
        client = APIClient()
        client.force_login(agent)
        clients.append(client)
    start = threading.Barrier(THREADS)
    statuses: list[int] = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        try:
            start.wait(timeout=30)
            response = clients[index].post(
                LOGS, {"data": log_data(f"parallel-{index}")}, format="json"
            )
            status = response.status_code
        except Exception:  # the test client re-raises a view's exception
            status = 500
        finally:
            connections.close_all()
        with lock:
            statuses.append(status)

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)
    assert sorted(statuses) == [201] * THREADS
    assert InteractionLog.objects.count() == THREADS
