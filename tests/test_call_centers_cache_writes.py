"""A cache that answers reads but fails writes: pages still get their call center."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings

from crm_connect.call_centers import call_center_for, clear_local_cache
from crm_connect.models import CallCenter

pytestmark = pytest.mark.django_db


class WritesFailCache(LocMemCache):
    def add(self, *args: Any, **kwargs: Any) -> bool:
        raise ConnectionError("read-only replica")

    def set(self, *args: Any, **kwargs: Any) -> None:
        raise ConnectionError("read-only replica")


@override_settings(
    CACHES={"default": {"BACKEND": f"{__name__}.WritesFailCache", "LOCATION": "writes-fail"}}
)
def test_a_failed_cache_write_is_logged_and_the_call_center_still_resolved(
    agent: Any, call_center: CallCenter, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="crm_connect.call_centers"):
        resolved = call_center_for(agent)
        clear_local_cache()  # as another process would: ask the shared cache again
        again = call_center_for(agent)
    assert resolved is not None
    assert resolved.name == again.name == "Test call center"  # type: ignore[union-attr]
    assert caplog.text.count("unavailable") == 2
