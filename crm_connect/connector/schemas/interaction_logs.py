"""``requestSaveInteractionLog`` / ``createHistoryItem`` and the interaction-log API.

Only part of the vendor's shape is confirmed (the AXP sample client's
``src/javascripts/integration/crm.js``, ``processSaveInteractionLog``, reads
``data.message.body``): the models below
require what a log cannot do without (``message.body.interactionId``), accept every
documented field, and keep unknown ones, so a newer connector's extra fields reach
``InteractionLog.payload`` instead of failing the save.
"""

from __future__ import annotations

import math
import re
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
NO_NUL = r"^[^\x00]*$"
Scalar = str | int | float | bool | None


class ConnectorLogModel(WireModel):
    """A part of the connector's ``requestSaveInteractionLog`` data: documented fields by
    their wire names, unknown fields kept."""

    model_config = ConfigDict(extra="allow")


class Intrinsics(ConnectorLogModel):
    start_time: Scalar = Field(None, alias="START_TIME")
    start_date: Scalar = Field(None, alias="START_DATE")


class Interaction(ConnectorLogModel):
    intrinsics: Intrinsics = Field(default_factory=Intrinsics)
    topic: Text = ""


class LogCustomField(ConnectorLogModel):
    log_field_name: str = Field(alias="logFieldName", min_length=1, max_length=200)
    current_value: Any = Field(None, alias="currentValue")


class LogDetails(ConnectorLogModel):
    subject: Text = ""
    comments: Text = ""
    custom_fields: list[LogCustomField] = Field(
        default_factory=list, alias="customFields", max_length=200
    )


class InteractionData(ConnectorLogModel):
    interaction: Interaction = Field(default_factory=Interaction)
    log_details: LogDetails = Field(default_factory=LogDetails, alias="logDetails")
    updated_originating_address: Text = Field("", alias="updatedOriginatingAddress")
    updated_destination_address: Text = Field("", alias="updatedDestinationAddress")


class LogBody(ConnectorLogModel):
    interaction_id: InteractionId = Field(alias="interactionId")
    interaction_data: InteractionData = Field(
        default_factory=InteractionData, alias="interactionData"
    )


class LogMessage(ConnectorLogModel):
    body: LogBody
    header: dict[str, Any] = Field(default_factory=dict)


#: Deepest nesting of objects and arrays a log may have. Vendor logs are a few levels
#: deep; a chat transcript adds two. Deeper input is refused before anything recurses.
MAX_DEPTH = 32


#: What no database stores in text: NUL (PostgreSQL), a lone surrogate (not UTF-8).
_UNSTORABLE_CHARACTER = re.compile("[\x00\ud800-\udfff]")


def _bad_text(text: str) -> str | None:
    found = _UNSTORABLE_CHARACTER.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "a NUL character is not allowed"
    return "a lone UTF-16 surrogate (half of an emoji) is not allowed"


def _walk(item: Any, depth: int, max_depth: int) -> tuple[list[Any], str] | None:
    """``(keys from the deepest up, why)`` of the first unstorable part of ``item``.
    Recurses at most ``max_depth`` levels: deeper input is refused, never recursed."""
    if isinstance(item, str):
        why = _bad_text(item)
        return None if why is None else ([], why)
    if isinstance(item, float):
        return None if math.isfinite(item) else ([], "a number must be finite")
    if isinstance(item, dict):
        pairs: Any = item.items()
    elif isinstance(item, list):
        pairs = enumerate(item)
    else:
        return None
    if depth >= max_depth:
        return [], f"nested deeper than {max_depth} levels"
    for key, child in pairs:
        if isinstance(key, str):
            why = _bad_text(key)
            if why is not None:
                return [key], why
        if isinstance(child, (str, float, dict, list)):
            found = _walk(child, depth + 1, max_depth)
            if found is not None:
                found[0].append(key)
                return found
    return None


def unstorable(value: Any, max_depth: int = MAX_DEPTH) -> tuple[str, str] | None:
    """``(path, why)`` of the first part of ``value`` (parsed JSON) a database cannot
    store, or None: a NUL character or a lone surrogate in a string or key, a number
    that is not finite (``1e400`` parses as infinity), nesting deeper than
    ``max_depth`` (checked before recursing, so any depth the parser allowed is safe)."""
    found = _walk(value, 0, max_depth)
    if found is None:
        return None
    keys, why = found
    path = ".".join(str(key) for key in reversed(keys))
    return path.encode("utf-8", "backslashreplace").decode(), why  # printable


def refuse_unstorable(data: Any) -> Any:
    """A ``mode="before"`` validator body: ``data`` unchanged, or a ``ValueError`` that
    names where it holds something the database cannot store."""
    found = unstorable(data)
    if found is not None:
        where, why = found
        raise ValueError(f"{why} (in {where or 'the data'})")
    return data


class SaveInteractionLog(ConnectorLogModel):
    """The ``data`` of ``requestSaveInteractionLog``."""

    message: LogMessage

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        # The whole payload is stored (unknown fields included): PostgreSQL can store a
        # NUL character neither in text nor in JSON, no database a lone surrogate (it is
        # not UTF-8) or an infinity (not JSON), and deep nesting must never recurse.
        return refuse_unstorable(data)


class RecordRef(WireModel):
    """A record named by the CRM page, e.g. the one the agent has open."""

    id: str = Field(min_length=1, max_length=64)
    object_type: str = Field("", alias="objectType", max_length=100)

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        return refuse_unstorable(data)


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
    # No NUL: PostgreSQL refuses it in a query parameter as in stored text.
    record_id: str = Field("", alias="recordId", max_length=64, pattern=NO_NUL)
    object_type: str = Field("", alias="objectType", max_length=100, pattern=NO_NUL)
    interaction_id: str = Field("", alias="interactionId", max_length=200, pattern=NO_NUL)


def escaped(value: Any) -> Any:
    """Text with lone surrogates and NUL written as escapes (``\\ud800``, ``\\x00``):
    storable anywhere, and nothing of it lost."""
    if not isinstance(value, str):
        return value
    return value.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


EscapedText = Annotated[str, BeforeValidator(escaped)]


class AbandonedLogBody(WireModel):
    """``POST /api/interaction-logs/abandoned/``: a log the browser gave up on (refused,
    or failing after ``LOG_RETRY_LIMIT`` tries), as the browser held it. ``data`` is kept
    as JSON text, so whatever the log held is stored; only its size is bounded."""

    interaction_id: EscapedText = Field("", alias="interactionId")
    reason: EscapedText = ""
    attempts: int = Field(0, ge=0, le=1_000_000)
    data: Any = Field(json_schema_extra={"description": "the log's data, any JSON"})


class AbandonedLogOut(WireModel):
    id: str
    interaction_id: str = Field(alias="interactionId")
    created: datetime


class CreateHistoryItem(WireModel):
    """The ``data`` of ``createHistoryItem``: the answer to a saved log (built in the
    browser; the tests check it against this model)."""

    task_id: str = Field(alias="taskId", min_length=1)
    data: dict[str, Any]
