"""The Skylight system checks (crm_connect.E2xx / W2xx), one behaviour each."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from crm_connect.conf import setting_messages
from crm_connect.skylight.checks import check_skylight

SKYLIGHT = "https://skylight.example.com/"
SECURITY = ["django.middleware.security.SecurityMiddleware"]


def ids(**kwargs: Any) -> list[str]:
    """Skylight's own checks and the settings model's (E203, E204 and each key's type)."""
    messages = [*setting_messages(), *check_skylight(**kwargs)]
    return [message.id for message in messages if message.id]


def skylight(**values: Any) -> Any:
    """Settings with Skylight configured, COOP left at Django's default unless given."""
    coop = values.pop("coop", "same-origin-allow-popups")
    return override_settings(
        CRM_CONNECT={"SKYLIGHT_URL": SKYLIGHT, **values},
        MIDDLEWARE=SECURITY,
        SECURE_CROSS_ORIGIN_OPENER_POLICY=coop,
    )


def test_a_sound_configuration_passes() -> None:
    with skylight(
        SKYLIGHT_WINDOW_NAME="cx",
        SKYLIGHT_WINDOW_FEATURES="width=400,height=800",
        SKYLIGHT_HANDSHAKE_TIMEOUT=5000,
        SKYLIGHT_COMMAND_TIMEOUT=2000,
        SKYLIGHT_CRM_MODULE="zendesk",
    ):
        assert ids() == []


@pytest.mark.parametrize("url", ["skylight.example.com", "ftp://skylight.example.com/", "/x/"])
def test_e201_skylight_url_without_an_origin(url: str) -> None:
    with skylight(SKYLIGHT_URL=url):
        assert ids() == ["crm_connect.E201"]


@pytest.mark.parametrize("name", ["_blank", "_TOP", "_self", "  "])
def test_e202_a_window_name_that_cannot_be_found_again(name: str) -> None:
    with skylight(SKYLIGHT_WINDOW_NAME=name):
        assert ids() == ["crm_connect.E202"]


@pytest.mark.parametrize("features", ["noopener", "width=400, noreferrer", "NOOPENER=1"])
def test_e203_window_features_that_make_window_open_return_null(features: str) -> None:
    with skylight(SKYLIGHT_WINDOW_FEATURES=features):
        assert ids() == ["crm_connect.E203"]


@pytest.mark.parametrize("value", [0, -1, "10s", 1.5, True])
def test_e204_timeouts_must_be_positive_milliseconds(value: Any) -> None:
    with skylight(SKYLIGHT_COMMAND_TIMEOUT=value):
        assert ids() == ["crm_connect.E204"]
    with skylight(SKYLIGHT_HANDSHAKE_TIMEOUT=value):
        assert ids() == ["crm_connect.E204"]


def test_w202_unknown_crm_module() -> None:
    with skylight(SKYLIGHT_CRM_MODULE="dynamics"):
        assert ids() == ["crm_connect.W202"]


def test_w205_default_work_mode_the_sdk_refuses() -> None:
    """cxengage-javascript-sdk src/cljs/cxengage_javascript_sdk/domain/specs.cljs:
    ``(s/def ::direction #{"inbound" "outbound" "agent-initiated"})``."""
    with skylight(SKYLIGHT_DEFAULT_WORK_MODE="voice"):
        assert ids() == ["crm_connect.W205"]
    for mode in ("inbound", "outbound", "agent-initiated", ""):
        with skylight(SKYLIGHT_DEFAULT_WORK_MODE=mode):
            assert ids() == []


def test_w201_same_origin_opener_policy_while_skylight_is_configured() -> None:
    with skylight(coop="same-origin"):
        assert ids() == ["crm_connect.W201"]
    with skylight(coop="same-origin-allow-popups"):
        assert ids() == []
    # Without SecurityMiddleware nobody sends the header.
    with skylight(coop="same-origin"), override_settings(MIDDLEWARE=[]):
        assert ids() == []
    # Without Skylight the policy is none of these checks' business.
    with skylight(coop="same-origin", SKYLIGHT_URL=""):
        assert ids() == []


@pytest.mark.django_db
def test_w201_sees_a_skylight_configured_in_the_database(make_call_center: Any) -> None:
    make_call_center(skylight_url=SKYLIGHT)
    with skylight(coop="same-origin", SKYLIGHT_URL=""):
        assert ids() == []  # without database access the checks look at settings only
        assert ids(databases=["default"]) == ["crm_connect.W201"]


@pytest.mark.django_db
def test_the_checks_run_with_manage_py_check() -> None:
    with skylight(SKYLIGHT_URL="nope"), pytest.raises(SystemCheckError, match="E201"):
        call_command("check")
