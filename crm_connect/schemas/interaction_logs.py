"""``requestSaveInteractionLog`` / ``createHistoryItem`` and the interaction-log API.

Only part of the vendor's shape is confirmed (PROTOCOLS.md section 1): the models below
require what a log cannot do without (``message.body.interactionId``), accept every
documented field, and keep unknown ones, so a newer connector's extra fields reach
``InteractionLog.payload`` instead of failing the save.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from crm_connect.schemas.base import WireModel


def _id_text(value: Any) -> Any:
    # Interaction ids come as strings; a number is taken as its decimal text.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _text(value: Any) -> Any:
    return "" if value is None else value


InteractionId = Annotated[
    str,
    BeforeValidator(_id_text),
    Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$"),
]
Text = Annotated[str, BeforeValidator(_text)]
Scalar = str | int | float | bool | None


class VendorModel(BaseModel):
    """Vendor data: documented fields by their wire names, unknown fields kept."""

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        frozen=True,
    )


class Intrinsics(VendorModel):
    start_time: Scalar = Field(None, alias="START_TIME")
    start_date: Scalar = Field(None, alias="START_DATE")


class Interaction(VendorModel):
    intrinsics: Intrinsics = Field(default_factory=Intrinsics)
    topic: Text = ""


class LogCustomField(VendorModel):
    log_field_name: str = Field(alias="logFieldName", min_length=1, max_length=200)
    current_value: Any = Field(None, alias="currentValue")


class LogDetails(VendorModel):
    subject: Text = ""
    comments: Text = ""
    custom_fields: list[LogCustomField] = Field(
        default_factory=list, alias="customFields", max_length=200
    )


class InteractionData(VendorModel):
    interaction: Interaction = Field(default_factory=Interaction)
    log_details: LogDetails = Field(default_factory=LogDetails, alias="logDetails")
    updated_originating_address: Text = Field("", alias="updatedOriginatingAddress")
    updated_destination_address: Text = Field("", alias="updatedDestinationAddress")


class LogBody(VendorModel):
    interaction_id: InteractionId = Field(alias="interactionId")
    interaction_data: InteractionData = Field(
        default_factory=InteractionData, alias="interactionData"
    )


class LogMessage(VendorModel):
    body: LogBody
    header: dict[str, Any] = Field(default_factory=dict)


def _nul_at(value: Any, path: str) -> str | None:
    """The path of the first key or string in ``value`` with a NUL character, or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if "\x00" in str(key):
                return where
            found = _nul_at(item, where)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_at(item, f"{path}.{index}")
            if found is not None:
                return found
    return None


class SaveInteractionLog(VendorModel):
    """The ``data`` of ``requestSaveInteractionLog``."""

    message: LogMessage

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: Any) -> Any:
        # The whole payload is stored (unknown fields included): PostgreSQL can store a
        # NUL character neither in text nor in JSON.
        where = _nul_at(data, "")
        if where is not None:
            raise ValueError(f"a NUL character is not allowed (in {where or 'the data'})")
        return data


class RecordRef(WireModel):
    """A record named by the CRM page, e.g. the one the agent has open."""

    id: str = Field(min_length=1, max_length=64)
    object_type: str = Field("", alias="objectType", max_length=100)


class SaveInteractionLogBody(WireModel):
    """``POST /api/interaction-logs/``: the connector's data as received, and optionally
    the record to link the log to (otherwise the caller's number finds it)."""

    data: SaveInteractionLog
    record: RecordRef | None = None


class LinkedRecord(WireModel):
    object_type: str = Field(alias="objectType")
    id: str
    url: str = ""
    name: str = ""


class InteractionLogOut(WireModel):
    """An interaction log as the API returns it."""

    id: str
    interaction_id: str = Field(alias="interactionId")
    subject: str
    comments: str
    topic: str
    started_at: datetime | None = Field(alias="startedAt")
    originating_address: str = Field(alias="originatingAddress")
    destination_address: str = Field(alias="destinationAddress")
    custom_fields: dict[str, Any] = Field(alias="customFields")
    record: LinkedRecord | None
    created: datetime
    updated: datetime


class InteractionLogPage(WireModel):
    count: int
    results: list[InteractionLogOut]


class InteractionLogQuery(BaseModel):
    """``GET /api/interaction-logs/``: bounded pages of the caller's own logs."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_alias=True)

    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)
    record_id: str = Field("", alias="recordId", max_length=64)
    object_type: str = Field("", alias="objectType", max_length=100)
    interaction_id: str = Field("", alias="interactionId", max_length=200)


class CreateHistoryItem(WireModel):
    """The ``data`` of ``createHistoryItem``: the answer to a saved log (built in the
    browser; the tests check it against this model)."""

    task_id: str = Field(alias="taskId", min_length=1)
    data: dict[str, Any]
