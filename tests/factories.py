"""Payloads as the connector sends them, for the tests."""

from __future__ import annotations

from typing import Any


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
