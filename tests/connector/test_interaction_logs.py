"""Saving interaction logs: one row per interaction id, linked to its record, kept whole."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from crm_connect.connector.interaction_logs import (
    logs_for_record,
    save_interaction_log,
    started_at,
    visible_logs,
)
from crm_connect.connector.schemas.interaction_logs import Intrinsics, RecordRef, SaveInteractionLog
from crm_connect.models import InteractionLog
from example_project.crm.models import Contact
from tests.factories import log_data

pytestmark = pytest.mark.django_db


def parse(data: dict[str, Any]) -> SaveInteractionLog:
    return SaveInteractionLog.model_validate(data)


@pytest.fixture
def ada() -> Contact:
    return Contact.objects.create(name="Ada", phone="+1 (555) 010-0199")


def test_a_log_is_stored_with_its_fields_and_payload(agent: Any, ada: Contact) -> None:
    data = log_data(unknownVendorField={"x": 1})
    result = save_interaction_log(agent, parse(data))
    log = InteractionLog.objects.get()
    assert result.created
    assert result.log == log
    assert log.user == agent
    assert (log.subject, log.comments, log.topic) == (
        "Billing question",
        "Wants a refund",
        "Support",
    )
    assert log.started_at == datetime.fromtimestamp(1_700_000_000, tz=timezone.utc)
    assert log.originating_address == "+1 (555) 010-0199"
    assert log.custom_fields == {"caseNumber": "C-7"}
    assert log.payload["message"]["body"]["interactionData"]["unknownVendorField"] == {"x": 1}
    assert log.payload == data


def test_the_same_interaction_saved_again_updates_the_one_row(agent: Any) -> None:
    for subject in ("first", "second", "third"):
        result = save_interaction_log(agent, parse(log_data(subject=subject)))
    assert InteractionLog.objects.count() == 1
    assert not result.created
    assert InteractionLog.objects.get().subject == "third"


def test_a_numeric_interaction_id_is_the_same_as_its_text(agent: Any) -> None:
    save_interaction_log(agent, parse(log_data(1234)))
    save_interaction_log(agent, parse(log_data("1234")))
    assert InteractionLog.objects.get().interaction_id == "1234"


def test_the_log_is_linked_to_the_only_record_with_the_callers_number(
    agent: Any, ada: Contact
) -> None:
    result = save_interaction_log(agent, parse(log_data(origin="15550100199")))
    assert result.record is not None
    assert result.record.id == str(ada.pk)
    assert list(logs_for_record(agent, ada)) == [result.log]


def test_the_destination_is_tried_when_the_origin_matches_nothing(agent: Any, ada: Contact) -> None:
    result = save_interaction_log(
        agent, parse(log_data(origin="+15550109999", destination="555-010-0199"))
    )
    assert result.log.record_id == str(ada.pk)


def test_several_matches_link_nothing(agent: Any, ada: Contact) -> None:
    Contact.objects.create(name="Ada's twin", phone="5550100199")
    result = save_interaction_log(agent, parse(log_data()))
    assert result.log.record_id == ""
    assert result.log.record_type is None


def test_the_page_can_name_the_record(agent: Any, ada: Contact) -> None:
    other = Contact.objects.create(name="Grace", phone="+15550100142")
    hint = RecordRef(id=str(other.pk), object_type="Contact")
    result = save_interaction_log(agent, parse(log_data()), hint)
    assert result.log.record_id == str(other.pk)


def test_an_update_keeps_an_earlier_link(agent: Any, ada: Contact) -> None:
    save_interaction_log(agent, parse(log_data()))
    log = save_interaction_log(agent, parse(log_data(origin="", destination=""))).log
    assert log.record_id == str(ada.pk)


def test_another_agents_log_of_the_same_interaction_is_kept_apart(
    agent: Any, other_agent: Any
) -> None:
    save_interaction_log(agent, parse(log_data(subject="mine")))
    theirs = save_interaction_log(other_agent, parse(log_data(subject="theirs")))
    assert theirs.created
    assert [log.subject for log in visible_logs(agent)] == ["mine"]
    assert [log.subject for log in visible_logs(other_agent)] == ["theirs"]


@pytest.mark.parametrize(
    ("time", "date", "expected"),
    [
        (1_700_000_000_000, None, datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)),
        (1_700_000_000, None, datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)),
        ("1700000000000", "", datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)),
        ("2024-05-01T10:00:00Z", None, datetime(2024, 5, 1, 10, tzinfo=timezone.utc)),
        ("10:30:00", "2024-05-01", datetime(2024, 5, 1, 10, 30, tzinfo=timezone.utc)),
        (None, "2024-05-01", datetime(2024, 5, 1, tzinfo=timezone.utc)),
        ("half past ten", "", None),
        (None, None, None),
        (True, None, None),
        (10**30, None, None),
    ],
)
def test_start_time_is_read_when_it_can_be(time: Any, date: Any, expected: Any) -> None:
    assert started_at(Intrinsics(START_TIME=time, START_DATE=date)) == expected


def test_long_fields_are_cut_to_fit_and_kept_whole_in_the_payload(agent: Any) -> None:
    subject = "s" * 400
    log = save_interaction_log(agent, parse(log_data(subject=subject, origin="9" * 150))).log
    log.full_clean()
    assert log.subject == "s" * 255
    assert log.payload["message"]["body"]["interactionData"]["logDetails"]["subject"] == subject
