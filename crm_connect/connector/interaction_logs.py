"""Saving interaction logs: one row per agent and interaction id, whatever arrives twice.

``save_interaction_log`` is an upsert that is safe under concurrency: the unique
``(user, interaction_id)`` decides who inserts; a save that loses the race retries and
updates the row the winner wrote. A transferred call is logged once by each agent it
reached. Each agent sees only the logs they saved.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone as django_timezone

from crm_connect import phones
from crm_connect.connector.schemas.interaction_logs import (
    InteractionLogOut,
    Intrinsics,
    LinkedRecord,
    RecordRef,
    SaveInteractionLog,
)
from crm_connect.models import InteractionLog
from crm_connect.providers import Provider, Record, get_provider

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

logger = logging.getLogger(__name__)

#: Attempts of the insert-or-update before giving up (each loser of a race needs one more).
UPSERT_ATTEMPTS = 5


#: The start times stored: a call between these instants (UTC). Outside them a value is
#: surely wrong, and near the ends of ``datetime``'s range it cannot be read back in
#: every time zone (PostgreSQL would store year 0, which Python cannot read).
STARTED_AT_MIN = datetime(1900, 1, 1, tzinfo=timezone.utc)
STARTED_AT_MAX = datetime(3000, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class SaveResult:
    log: InteractionLog
    created: bool
    record: Record | None


# --- reading the vendor payload --------------------------------------------------------


def _epoch(value: float) -> datetime:
    seconds = value / 1000 if value > 100_000_000_000 else value  # milliseconds or seconds
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


#: ``START_TIME`` as the AXP vendor's connector sends it: a time of day, ``"HH:MM:SS"``.
TIME_OF_DAY = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?$")
#: How far ahead of the server's clock a time of day may be and still be today.
CLOCK_SLACK = timedelta(minutes=5)


def time_of_day_start(time: str, date: Any, now: datetime | None = None) -> datetime | None:
    """A ``START_TIME`` that is a time of day (``"HH:MM:SS"``), on ``START_DATE``.

    The vendor's sample CRM client (``src/javascripts/utils/utils.js``,
    ``retrieveDurationInSeconds``) reads ``START_TIME`` as a time of day and
    ``START_DATE`` apart. Without a date, the day is the one of receipt in the current
    time zone, or the day before when that would put the start in the future (a call
    across midnight). A date that is not ISO gives ``None``: the day is unknown."""
    try:
        clock = datetime.strptime(time.strip(), "%H:%M:%S.%f" if "." in time else "%H:%M:%S")
    except ValueError:
        try:
            clock = datetime.strptime(time.strip(), "%H:%M")
        except ValueError:
            return None
    if isinstance(date, str) and date.strip():
        try:
            day = datetime.fromisoformat(date.strip()).date()
        except ValueError:
            return None
        return django_timezone.make_aware(datetime.combine(day, clock.time()))
    now = django_timezone.localtime(now)
    start = now.replace(
        hour=clock.hour, minute=clock.minute, second=clock.second, microsecond=clock.microsecond
    )
    if start > now + CLOCK_SLACK:
        start -= timedelta(days=1)
    return django_timezone.make_aware(start.replace(tzinfo=None))


def started_at(intrinsics: Intrinsics) -> datetime | None:
    """``START_TIME`` / ``START_DATE`` as a datetime, when they say something we can read.

    Their format is not confirmed: a time of day plus an optional ISO date (the AXP
    vendor's, :func:`time_of_day_start`), epoch milliseconds or seconds, an ISO
    datetime, or an ISO date plus a time are understood. Anything else, or a time
    outside ``STARTED_AT_MIN``..``STARTED_AT_MAX``, gives ``None`` (the raw values stay
    in ``payload``). The result is in UTC."""
    time, date = intrinsics.start_time, intrinsics.start_date
    try:
        if isinstance(time, str) and TIME_OF_DAY.match(time.strip()):
            of_day = time_of_day_start(time, date)
            if of_day is None:
                return None
            parsed = of_day
        elif isinstance(time, (int, float)) and not isinstance(time, bool):
            parsed = _epoch(float(time))
        elif isinstance(time, str) and time.strip().isdigit():
            parsed = _epoch(float(time.strip()))
        elif isinstance(time, str) and time.strip():
            text = time.strip()
            if isinstance(date, str) and date.strip() and "T" not in text and "-" not in text:
                text = f"{date.strip()}T{text}"
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        elif isinstance(date, str) and date.strip():
            parsed = datetime.fromisoformat(date.strip())
        else:
            return None
        if django_timezone.is_naive(parsed):
            parsed = django_timezone.make_aware(parsed)
        parsed = parsed.astimezone(timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    if not STARTED_AT_MIN <= parsed < STARTED_AT_MAX:
        logger.debug("start time %r %r out of range: stored as null", time, date)
        return None
    return parsed


def log_fields(data: SaveInteractionLog) -> dict[str, Any]:
    """The model fields of a log from the connector's data (long text cut to fit)."""
    body = data.message.body
    details = body.interaction_data.log_details
    interaction = body.interaction_data.interaction
    return {
        "subject": details.subject[:255],
        "comments": details.comments,
        "topic": interaction.topic[:255],
        "started_at": started_at(interaction.intrinsics),
        "originating_address": body.interaction_data.updated_originating_address[:100],
        "destination_address": body.interaction_data.updated_destination_address[:100],
        "custom_fields": {
            field.log_field_name: field.current_value for field in details.custom_fields
        },
        "payload": data.model_dump(mode="json"),
    }


# --- linking a log to a record ---------------------------------------------------------


def find_record(
    user: AbstractBaseUser | AnonymousUser,
    data: SaveInteractionLog,
    hint: RecordRef | None,
    provider: Provider,
) -> Record | None:
    """The record a log belongs to: the one the page named (if the user may see it),
    else the only record whose phone is the originating, then the destination address."""
    if hint is not None:
        return provider.get_record(user, hint.id, hint.object_type)
    details = data.message.body.interaction_data
    for address in (details.updated_originating_address, details.updated_destination_address):
        number = phones.normalize(address)
        if number is None:
            continue
        matches = provider.find_by_phone(user, number, limit=2)
        if len(matches) == 1:
            return matches[0]
    return None


def _content_type(record: Record) -> ContentType | None:
    if not record.model_label:
        return None
    try:
        model = apps.get_model(record.model_label)
    except (LookupError, ValueError):
        return None
    return ContentType.objects.get_for_model(model)


# --- saving ----------------------------------------------------------------------------


def save_interaction_log(
    user: AbstractBaseUser,
    data: SaveInteractionLog,
    hint: RecordRef | None = None,
    provider: Provider | None = None,
) -> SaveResult:
    """Insert the log, or update the caller's log with the same interaction id.

    Race-free: concurrent saves of one interaction id by one agent leave exactly one
    row; another agent's log of the same interaction is a row of its own. Raises
    ``IntegrityError`` when the insert keeps losing (a true conflict: try again).
    """
    provider = provider or get_provider()
    interaction_id = data.message.body.interaction_id
    values = log_fields(data)
    record = find_record(user, data, hint, provider)
    if record is not None:
        values["record_type"] = _content_type(record)
        values["record_id"] = record.id
    for attempt in range(1, UPSERT_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                log = (
                    InteractionLog.objects.select_for_update()
                    .filter(user=user.pk, interaction_id=interaction_id)
                    .first()
                )
                if log is not None:
                    for name, value in values.items():
                        setattr(log, name, value)
                    log.save()
                    return SaveResult(log, created=False, record=record)
                # By primary key: any AUTH_USER_MODEL, whatever class the type checker
                # resolved the foreign key to.
                log = InteractionLog.objects.create(
                    interaction_id=interaction_id, user_id=user.pk, **values
                )
                return SaveResult(log, created=True, record=record)
        except IntegrityError:
            # Another save of the same interaction inserted first: update its row.
            if attempt == UPSERT_ATTEMPTS:
                raise
            logger.debug("interaction %s: lost the insert race, retrying", interaction_id)
    raise AssertionError("unreachable")  # pragma: no cover


# --- reading ---------------------------------------------------------------------------


def visible_logs(user: AbstractBaseUser | AnonymousUser) -> QuerySet[InteractionLog]:
    """The logs ``user`` may see: the ones they saved. Staff use the admin for the rest."""
    if not user.is_authenticated:
        return InteractionLog.objects.none()
    return InteractionLog.objects.filter(user=user.pk).select_related("record_type")


def logs_for_record(
    user: AbstractBaseUser | AnonymousUser, instance: Model
) -> QuerySet[InteractionLog]:
    """``user``'s logs linked to ``instance`` (a model object), newest first."""
    content_type = ContentType.objects.get_for_model(instance)
    return visible_logs(user).filter(record_type=content_type, record_id=str(instance.pk))


def log_out(log: InteractionLog, record: Record | None = None) -> InteractionLogOut:
    """The API shape of ``log``. ``record`` adds the link's URL and name when known."""
    linked = None
    if record is not None:
        linked = LinkedRecord(
            object_type=record.object_type, id=record.id, url=record.url, name=record.name
        )
    elif log.record_id:
        model = log.record_type.model_class() if log.record_type else None
        object_type = model._meta.object_name if model is not None else ""
        linked = LinkedRecord(object_type=object_type or "", id=log.record_id)
    return InteractionLogOut(
        id=str(log.pk),
        interaction_id=log.interaction_id,
        subject=log.subject,
        comments=log.comments,
        topic=log.topic,
        started_at=log.started_at,
        originating_address=log.originating_address,
        destination_address=log.destination_address,
        custom_fields=log.custom_fields if isinstance(log.custom_fields, dict) else {},
        record=linked,
        created=log.created,
        updated=log.updated,
    )
