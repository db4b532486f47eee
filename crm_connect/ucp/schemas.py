"""UCP tabs (``docs/ucp.md``): the CRM page is an iframe in a UCP tab.

Every message goes one way, CRM page -> UCP (``window.parent``), as ``{type, payload}``.
UCP answers nothing. ``crm_connect/static/crm_connect/ucp.js`` builds these messages in
the browser; the models here are their reference shape, used by the checks, the tests
and anyone who builds the messages elsewhere.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from crm_connect.schemas.base import WireModel

#: Close the tab that sent the message, or the tab named by ``payload.id``.
CLOSE_CRM_TAB = "CLOSE_CRM_TAB"
#: Ask UCP to place an outbound call. Its payload is not confirmed by the vendor.
MAKE_CALL = "MAKE_CALL"

#: A payload field name that is safe to use as a JavaScript object key.
FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


class UcpMessage(BaseModel):
    """``{type, payload}``: UCP drops a message without a non-empty ``type``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str = Field(min_length=1, max_length=100)
    payload: dict[str, Any] | None = None


class CloseCrmTabPayload(WireModel):
    """``CLOSE_CRM_TAB``'s optional payload: ``{id}`` names the tab to close."""

    id: str | int | None = Field(None, min_length=1, max_length=200)


def make_call_payload(
    number: str, *, field: str | None = None, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``MAKE_CALL``'s payload: ``extra``, with the number under ``field`` (which wins;
    by default ``UCP_MAKE_CALL_FIELD``'s default).

    >>> make_call_payload("+15550100", extra={"contactId": "7"})
    {'contactId': '7', 'phoneNumber': '+15550100'}
    """
    from crm_connect.conf import DEFAULTS  # conf imports FIELD_NAME from here

    if field is None:
        field = DEFAULTS.UCP_MAKE_CALL_FIELD
    number = number.strip()
    if not number:
        raise ValueError("a call needs a number")
    if not FIELD_NAME.match(field):
        raise ValueError(f"{field!r} is not a usable payload field name")
    return {**(extra or {}), field: number}
