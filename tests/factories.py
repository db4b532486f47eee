"""Payloads as the connector sends them, for the tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from rest_framework.test import APIClient


def log_data(
    interaction_id: Any = "int-1",
    *,
    subject: str = "Billing question",
    comments: str = "Wants a refund",
    origin: str = "+1 (555) 010-0199",
    destination: str = "+15550109999",
    start_time: Any = 1_700_000_000_000,
    custom_fields: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The ``data`` of a ``requestSaveInteractionLog`` message
    (docs/connector-features.md, "Interaction logs")."""
    fields = custom_fields if custom_fields is not None else {"caseNumber": "C-7"}
    return {
        "message": {
            "header": {"source": "test"},
            "body": {
                "interactionId": interaction_id,
                "interactionData": {
                    "interaction": {
                        "intrinsics": {"START_TIME": start_time, "START_DATE": ""},
                        "topic": "Support",
                    },
                    "logDetails": {
                        "subject": subject,
                        "comments": comments,
                        "customFields": [
                            {"logFieldName": k, "currentValue": v} for k, v in fields.items()
                        ],
                    },
                    "updatedOriginatingAddress": origin,
                    "updatedDestinationAddress": destination,
                    **extra,
                },
            },
        }
    }


def post_at_once(
    agent: Any, count: int, request: Callable[[APIClient, int], int]
) -> tuple[list[int], list[BaseException]]:
    """Run ``request(client, index)`` in ``count`` threads released together, each with
    its own client signed in as ``agent``: the status codes, and what any thread raised
    (the test client re-raises a view's exception)."""
    clients = []
    for _ in range(count):
        client = APIClient()
        client.force_login(agent)
        clients.append(client)
    start = threading.Barrier(count)
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        try:
            start.wait(timeout=30)
            status = request(clients[index], index)
            with lock:
                statuses.append(status)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)
    return statuses, errors
