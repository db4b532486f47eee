"""``START_TIME`` as the AXP vendor's connector sends it: a time of day, the date apart."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone

from crm_connect.connector.interaction_logs import started_at, time_of_day_start
from crm_connect.connector.schemas.interaction_logs import Intrinsics

BERLIN = ZoneInfo("Europe/Berlin")


def start(time: object, date: object = None) -> datetime | None:
    return started_at(Intrinsics.model_validate({"START_TIME": time, "START_DATE": date}))


@override_settings(TIME_ZONE="Europe/Berlin")
def test_a_time_of_day_with_its_date() -> None:
    """Vendor: src/javascripts/utils/utils.js (retrieveDurationInSeconds) reads
    START_TIME as "HH:MM:SS" and START_DATE apart."""
    assert start("09:05:07", "2026-11-30") == datetime(2026, 11, 30, 9, 5, 7, tzinfo=BERLIN)
    assert start("9:05", "2026-11-30") == datetime(2026, 11, 30, 9, 5, tzinfo=BERLIN)


@override_settings(TIME_ZONE="Europe/Berlin")
def test_a_time_of_day_without_a_date_is_today_or_yesterday() -> None:
    """The vendor's sample sends START_TIME alone when it has no date: the duration it
    derives assumes today."""
    now = datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)
    assert time_of_day_start("09:30:00", None, now) == datetime(2026, 11, 30, 9, 30, tzinfo=BERLIN)
    # Later than now (a call across midnight): it started the day before.
    assert time_of_day_start("23:50:00", "", now) == datetime(2026, 11, 29, 23, 50, tzinfo=BERLIN)
    # A clock a little ahead of ours: still today.
    assert time_of_day_start("10:03:00", "", now) == datetime(2026, 11, 30, 10, 3, tzinfo=BERLIN)
    found = start("00:00:01")
    assert found is not None
    assert found <= timezone.now()


@pytest.mark.parametrize(
    ("time", "date"),
    [("25:00:00", ""), ("10:61:00", "2026-11-30"), ("10:00:00", "30/11/2026"), ("1:2:3", "")],
)
def test_what_is_not_a_time_of_day_on_a_known_day_gives_none(time: str, date: str) -> None:
    assert start(time, date) is None


def test_the_other_formats_still_work() -> None:
    assert start(1_700_000_000_000) == datetime.fromtimestamp(1_700_000_000, tz=ZoneInfo("UTC"))
    assert start("2026-11-30T09:05:07Z") == datetime(2026, 11, 30, 9, 5, 7, tzinfo=ZoneInfo("UTC"))
