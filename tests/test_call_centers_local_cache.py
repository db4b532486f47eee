"""The process-local layer in front of the shared cache: a warm request asks nobody, and
another process's invalidation arrives within ``CACHE_LOCAL_TIMEOUT`` seconds."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings

from crm_connect import call_centers
from crm_connect.call_centers import GENERATION_KEY, call_center_for
from crm_connect.models import CallCenter

pytestmark = pytest.mark.django_db

COUNTING = {"default": {"BACKEND": f"{__name__}.CountingCache", "LOCATION": "counting"}}


class CountingCache(LocMemCache):
    reads = 0

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        CountingCache.reads += 1
        return super().get_many(*args, **kwargs)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [1000.0]
    monkeypatch.setattr(call_centers.time, "monotonic", lambda: now[0])
    return now


def another_process_invalidates() -> None:
    """What ``invalidate_call_centers()`` in another process leaves behind here: a new
    generation in the shared cache, and this process's copy untouched."""
    caches["default"].set(GENERATION_KEY, "from-another-process", None)


def rename(call_center: CallCenter, name: str) -> None:
    CallCenter.objects.filter(pk=call_center.pk).update(name=name)  # sends no signal


@override_settings(CACHES=COUNTING)
def test_a_warm_request_does_not_ask_the_shared_cache(
    agent: User, call_center: CallCenter, clock: list[float], django_assert_num_queries: Any
) -> None:
    call_center_for(agent)
    CountingCache.reads = 0
    with django_assert_num_queries(0):
        for _ in range(5):
            assert call_center_for(agent).name == "Test call center"  # type: ignore[union-attr]
    assert CountingCache.reads == 0


@override_settings(CACHES=COUNTING, CRM_CONNECT={"CACHE_LOCAL_TIMEOUT": 0})
def test_a_local_timeout_of_zero_asks_the_shared_cache_every_time(
    agent: User, call_center: CallCenter
) -> None:
    call_center_for(agent)
    CountingCache.reads = 0
    call_center_for(agent)
    call_center_for(agent)
    assert CountingCache.reads == 2


def test_another_process_invalidation_arrives_within_the_local_timeout(
    agent: User, call_center: CallCenter, clock: list[float]
) -> None:
    assert call_center_for(agent).name == "Test call center"  # type: ignore[union-attr]
    rename(call_center, "Renamed")
    another_process_invalidates()
    clock[0] += 4.9
    assert call_center_for(agent).name == "Test call center"  # type: ignore[union-attr]
    clock[0] += 0.2  # past the default of 5 s
    assert call_center_for(agent).name == "Renamed"  # type: ignore[union-attr]


@override_settings(CRM_CONNECT={"CACHE_LOCAL_TIMEOUT": 30})
def test_the_local_timeout_is_a_setting(
    agent: User, call_center: CallCenter, clock: list[float]
) -> None:
    call_center_for(agent)
    rename(call_center, "Renamed")
    another_process_invalidates()
    clock[0] += 29
    assert call_center_for(agent).name == "Test call center"  # type: ignore[union-attr]
    clock[0] += 2
    assert call_center_for(agent).name == "Renamed"  # type: ignore[union-attr]


def test_an_invalidation_in_this_process_applies_at_once(
    agent: User, call_center: CallCenter, clock: list[float]
) -> None:
    call_center_for(agent)
    call_center.name = "Saved here"
    call_center.save()  # the post_save receiver invalidates
    assert call_center_for(agent).name == "Saved here"  # type: ignore[union-attr]


def test_the_local_layer_is_bounded(
    agent: User,
    other_agent: User,
    call_center: CallCenter,
    clock: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(call_centers, "LOCAL_MAX_ENTRIES", 1)
    call_center_for(agent)
    call_center_for(other_agent)
    assert set(call_centers._local) == {other_agent.pk}
