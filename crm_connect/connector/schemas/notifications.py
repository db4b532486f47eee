"""``displayErrorNotification``: the CRM page tells the agent something in the connector."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from crm_connect.schemas.base import WireModel

NotificationType = Literal["transient", "okDialog", "okCancelDialog", "fixedDialog", "html"]
Severity = Literal["EVENT", "INFO", "WARNING", "ERROR", "CRITICAL", "SUCCESS"]

#: The documented values, in the order of the vendor's table (the browser side checks
#: against the same lists; ``tests/test_features_schemas.py`` keeps them in step).
NOTIFICATION_TYPES: tuple[str, ...] = NotificationType.__args__  # type: ignore[attr-defined]
SEVERITIES: tuple[str, ...] = Severity.__args__  # type: ignore[attr-defined]


class Notification(WireModel):
    """The ``data`` of ``displayErrorNotification``.

    The vendor's table spells the key ``serverity``; its example ``severity``. We send
    ``severity`` (``NOTIFICATION_SEVERITY_KEYS`` adds others).
    """

    type: NotificationType = "transient"
    severity: Severity = "INFO"
    text_array: list[str] = Field(alias="textArray", min_length=1)
    title: str = ""
    dialog_id: int = Field(0, alias="dialogId")
    persist: bool = False
    store: bool = False
