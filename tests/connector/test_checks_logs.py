"""The interaction-log settings' system checks (E030, W030)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import Tags, run_checks
from django.test import override_settings

from crm_connect.conf import conf


def ids(**values: Any) -> list[str]:
    with override_settings(CRM_CONNECT=values):
        messages = run_checks(tags=[Tags.compatibility])
    return sorted(m.id for m in messages if m.id in {"crm_connect.E030", "crm_connect.W030"})


@pytest.mark.parametrize("key", ["LOG_RETRY_LIMIT", "ABANDONED_LOG_LIMIT"])
@pytest.mark.parametrize("value", [0, -3, "twelve", True, None])
def test_e030_a_limit_is_not_a_positive_integer(key: str, value: Any) -> None:
    assert ids(**{key: value}) == ["crm_connect.E030"]
    with override_settings(CRM_CONNECT={key: value}):
        assert getattr(conf, key) == {"LOG_RETRY_LIMIT": 12, "ABANDONED_LOG_LIMIT": 100}[key]


def test_w030_the_retry_limit_is_below_one_pages_attempts() -> None:
    assert ids(LOG_RETRY_LIMIT=3, LOG_RETRY_ATTEMPTS=4) == ["crm_connect.W030"]


def test_the_defaults_and_sound_limits_pass() -> None:
    assert ids() == []
    assert ids(LOG_RETRY_LIMIT=8, LOG_RETRY_ATTEMPTS=4, ABANDONED_LOG_LIMIT=5) == []
