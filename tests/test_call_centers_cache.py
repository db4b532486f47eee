"""The call-center resolution is cached per user and invalidated by every relevant change."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings

from crm_connect.call_centers import (
    CACHE_PREFIX,
    GENERATION_KEY,
    ResolvedCallCenter,
    call_center_for,
    invalidate_call_centers,
)
from crm_connect.models import CallCenter

pytestmark = pytest.mark.django_db


def user_key(user: User) -> str:
    return f"{CACHE_PREFIX}:user:{user.pk}"


def name_for(user: User) -> str | None:
    resolved = call_center_for(user)
    return None if resolved is None else resolved.name


def test_a_warm_cache_resolves_without_a_query(
    agent: User, call_center: CallCenter, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        first = call_center_for(agent)
    with django_assert_num_queries(0):
        second = call_center_for(agent)
    assert first == second
    assert isinstance(second, ResolvedCallCenter)
    assert second.settings == first.settings  # type: ignore[union-attr]


def test_entries_are_per_user(
    agent: User, other_agent: User, make_call_center: Any, django_assert_num_queries: Any
) -> None:
    make_call_center(name="Default")
    sales = Group.objects.create(name="sales")
    make_call_center(name="Sales", is_default=False).groups.add(sales)
    agent.groups.add(sales)
    assert name_for(agent) == "Sales"
    assert name_for(other_agent) == "Default"
    with django_assert_num_queries(0):
        assert (name_for(agent), name_for(other_agent)) == ("Sales", "Default")


def test_saving_a_call_center_invalidates(agent: User, call_center: CallCenter) -> None:
    assert name_for(agent) == "Test call center"
    call_center.name = "Renamed"
    call_center.save()
    assert name_for(agent) == "Renamed"


def test_deleting_a_call_center_invalidates(agent: User, call_center: CallCenter) -> None:
    assert name_for(agent) == "Test call center"
    call_center.delete()
    assert name_for(agent) is None


@override_settings(CRM_CONNECT={"CONNECTOR_URL": "https://cc.example.com/"})
def test_the_settings_fallback_is_not_cached(agent: User) -> None:
    assert name_for(agent) == "settings"
    with override_settings(CRM_CONNECT={"CONNECTOR_URL": ""}):
        assert name_for(agent) is None


def test_linking_a_group_to_a_call_center_invalidates(agent: User, make_call_center: Any) -> None:
    make_call_center(name="Default")
    sales_center = make_call_center(name="Sales", is_default=False)
    sales = Group.objects.create(name="sales")
    agent.groups.add(sales)
    assert name_for(agent) == "Default"
    sales_center.groups.add(sales)
    assert name_for(agent) == "Sales"
    sales_center.groups.remove(sales)
    assert name_for(agent) == "Default"
    sales_center.groups.add(sales)
    assert name_for(agent) == "Sales"
    sales_center.groups.clear()
    assert name_for(agent) == "Default"


@pytest.mark.parametrize("side", ["user.groups", "group.user_set"])
def test_group_membership_changes_invalidate(agent: User, make_call_center: Any, side: str) -> None:
    make_call_center(name="Default")
    sales = Group.objects.create(name="sales")
    make_call_center(name="Sales", is_default=False).groups.add(sales)
    assert name_for(agent) == "Default"
    if side == "user.groups":
        agent.groups.add(sales)
    else:
        sales.user_set.add(agent)
    assert name_for(agent) == "Sales"
    if side == "user.groups":
        agent.groups.remove(sales)
    else:
        sales.user_set.remove(agent)
    assert name_for(agent) == "Default"


def test_deleting_a_group_invalidates(agent: User, make_call_center: Any) -> None:
    make_call_center(name="Default")
    sales = Group.objects.create(name="sales")
    make_call_center(name="Sales", is_default=False).groups.add(sales)
    agent.groups.add(sales)
    assert name_for(agent) == "Sales"
    sales.delete()
    assert name_for(agent) == "Default"


def test_changes_without_signals_need_an_explicit_invalidation(
    agent: User, call_center: CallCenter
) -> None:
    assert name_for(agent) == "Test call center"
    CallCenter.objects.update(name="Bulk")
    assert name_for(agent) == "Test call center"  # cached: update() sends no signal
    invalidate_call_centers()
    assert name_for(agent) == "Bulk"


@pytest.mark.django_db(transaction=True)
def test_invalidated_again_when_the_transaction_commits(
    agent: User, call_center: CallCenter
) -> None:
    """A process that reads the database between save() and COMMIT sees the old row;
    whatever it caches then must not outlive the commit."""
    cache = caches["default"]
    old = ResolvedCallCenter.from_model(call_center).to_cache()
    with transaction.atomic():
        call_center.name = "Renamed"
        call_center.save()
        before_commit = cache.get(GENERATION_KEY)
        # What another process may do now: read the committed (old) row, cache it.
        cache.set(user_key(agent), (before_commit, old))
        assert name_for(agent) == "Test call center"
    assert cache.get(GENERATION_KEY) not in (None, before_commit)
    assert name_for(agent) == "Renamed"


@override_settings(CRM_CONNECT={"CACHE_TIMEOUT": 0})
def test_cache_timeout_zero_disables_the_cache(
    agent: User, call_center: CallCenter, django_assert_num_queries: Any
) -> None:
    for _ in range(2):
        with django_assert_num_queries(1):
            call_center_for(agent)
    assert caches["default"].get(user_key(agent)) is None


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "s"},
    },
    CRM_CONNECT={"CACHE_ALIAS": "shared"},
)
def test_cache_alias_picks_the_cache(
    agent: User, call_center: CallCenter, django_assert_num_queries: Any
) -> None:
    call_center_for(agent)
    assert caches["shared"].get(user_key(agent)) is not None
    assert caches["default"].get(user_key(agent)) is None
    with django_assert_num_queries(0):
        call_center_for(agent)


class BrokenCache:
    def __getattr__(self, name: str) -> Any:
        raise ConnectionError("cache down")


def test_a_cache_that_is_down_falls_back_to_the_database(
    agent: User, call_center: CallCenter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("crm_connect.call_centers._cache", BrokenCache)
    assert name_for(agent) == "Test call center"
    call_center.save()  # invalidation must not raise either
    assert name_for(agent) == "Test call center"


def test_an_entry_of_another_shape_is_recomputed(agent: User, call_center: CallCenter) -> None:
    call_center_for(agent)
    cache = caches["default"]
    generation = cache.get(GENERATION_KEY)
    cache.set(user_key(agent), (generation, {"old": "shape"}))
    assert name_for(agent) == "Test call center"
