"""UCP message shapes: MAKE_CALL's payload, a message's type, CLOSE_CRM_TAB."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from crm_connect.ucp.schemas import (
    CloseCrmTabPayload,
    UcpMessage,
    make_call_payload,
)


def test_make_call_payload_the_number_wins_over_extra() -> None:
    assert make_call_payload(" +15550100 ", extra={"phoneNumber": "x", "contactId": "7"}) == {
        "phoneNumber": "+15550100",
        "contactId": "7",
    }
    assert make_call_payload("1", field="number") == {"number": "1"}


@pytest.mark.parametrize(("number", "field"), [("  ", "phoneNumber"), ("1", "no such")])
def test_make_call_payload_refuses_bad_input(number: str, field: str) -> None:
    with pytest.raises(ValueError, match=r"number|field"):
        make_call_payload(number, field=field)


def test_a_ucp_message_needs_a_type() -> None:
    assert UcpMessage.model_validate({"type": "CLOSE_CRM_TAB"}).payload is None
    for bad in ({}, {"type": ""}, {"payload": {}}, {"type": "X", "payload": "text"}):
        with pytest.raises(ValidationError):
            UcpMessage.model_validate(bad)


def test_close_crm_tab_payload() -> None:
    assert CloseCrmTabPayload.model_validate({"id": "tab-2"}).model_dump() == {"id": "tab-2"}
    assert CloseCrmTabPayload().model_dump(exclude_none=True) == {}
    with pytest.raises(ValidationError):
        CloseCrmTabPayload.model_validate({"id": "tab", "other": 1})
