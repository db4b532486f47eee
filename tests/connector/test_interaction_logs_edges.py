"""Interaction logs at their edges: records from other providers, content types whose
model is gone, and the insert race that the upsert retries."""

from __future__ import annotations

import logging
from typing import Any
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError

from crm_connect.connector.interaction_logs import UPSERT_ATTEMPTS, log_out, save_interaction_log
from crm_connect.connector.schemas.interaction_logs import RecordRef, SaveInteractionLog
from crm_connect.models import InteractionLog
from crm_connect.providers import Provider, Record
from tests.factories import log_data

pytestmark = pytest.mark.django_db


class OneRecordProvider(Provider):
    """A provider whose records are not Django models of this project."""

    def __init__(self, model_label: str) -> None:
        self.model_label = model_label

    def get_record(self, user: Any, record_id: str, object_type: str = "") -> Record | None:
        return Record(
            id=record_id, name="Remote", object_type="Ticket", model_label=self.model_label
        )


def save(agent: Any, provider: Provider, interaction_id: str = "int-1") -> InteractionLog:
    data = SaveInteractionLog.model_validate(log_data(interaction_id))
    hint = RecordRef(id="T-42", object_type="Ticket")
    return save_interaction_log(agent, data, hint, provider=provider).log


@pytest.mark.parametrize("model_label", ["", "nowhere.ticket", "not-a-label"])
def test_a_record_outside_the_installed_models_is_kept_by_id(agent: Any, model_label: str) -> None:
    log = save(agent, OneRecordProvider(model_label))
    assert (log.record_id, log.record_type) == ("T-42", None)


def test_a_log_whose_record_model_is_gone_still_reads(agent: Any) -> None:
    log = save(agent, OneRecordProvider(""))
    log.record_type = ContentType.objects.create(app_label="removed_app", model="ticket")
    log.save()
    out = log_out(InteractionLog.objects.get(pk=log.pk))
    assert out.record is not None
    assert (out.record.object_type, out.record.id) == ("", "T-42")


def test_a_lost_insert_race_is_retried(agent: Any, caplog: pytest.LogCaptureFixture) -> None:
    real_create = InteractionLog.objects.create
    calls: list[dict[str, Any]] = []

    def create_after_losing_once(**fields: Any) -> InteractionLog:
        calls.append(fields)
        if len(calls) == 1:
            raise IntegrityError("duplicate key value violates unique constraint")
        return real_create(**fields)

    with (
        mock.patch.object(InteractionLog.objects, "create", create_after_losing_once),
        caplog.at_level(logging.DEBUG, logger="crm_connect.connector.interaction_logs"),
    ):
        log = save(agent, OneRecordProvider(""))
    assert len(calls) == 2
    assert InteractionLog.objects.get() == log
    assert "lost the insert race" in caplog.text


def test_an_insert_that_keeps_failing_raises(agent: Any) -> None:
    failing = mock.Mock(side_effect=IntegrityError("still failing"))
    with (
        mock.patch.object(InteractionLog.objects, "create", failing),
        pytest.raises(IntegrityError),
    ):
        save(agent, OneRecordProvider(""))
    assert failing.call_count == UPSERT_ATTEMPTS
    assert InteractionLog.objects.count() == 0


def test_an_anonymous_user_sees_no_logs(agent: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    from crm_connect.connector.interaction_logs import visible_logs

    save(agent, OneRecordProvider(""))
    assert list(visible_logs(AnonymousUser())) == []
    assert visible_logs(agent).count() == 1
