"""The UCP system checks (crm_connect.E3xx / W3xx), one behaviour each."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.checks import Warning, run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from crm_connect.conf import conf, setting_messages
from crm_connect.ucp.checks import check_ucp_target_origin

UCP = "https://ucp.example.com"


def configure(settings: Any, **values: Any) -> None:
    settings.CRM_CONNECT = {**settings.CRM_CONNECT, **values}


def ids(messages: list[Any]) -> list[str]:
    return [message.id for message in messages]


def test_no_ucp_check_fires_for_a_good_configuration(settings: Any) -> None:
    configure(settings, UCP_ORIGINS=[UCP, "http://127.0.0.1:8001/"])
    assert setting_messages() == []
    assert check_ucp_target_origin() == []


@pytest.mark.parametrize("field", ["", "phone number", "__proto__x-", "1st"])
def test_e302_an_unusable_make_call_field(settings: Any, field: str) -> None:
    configure(settings, UCP_MAKE_CALL_FIELD=field)
    assert ids(setting_messages()) == ["crm_connect.E302"]
    assert conf.UCP_MAKE_CALL_FIELD == "phoneNumber"  # the page never sends an unusable one


def test_w301_no_ucp_origin_means_star(settings: Any) -> None:
    configure(settings, UCP_ORIGINS=[])
    messages = check_ucp_target_origin()
    assert ids(messages) == ["crm_connect.W301"]
    assert isinstance(messages[0], Warning)


@pytest.mark.django_db
def test_w301_is_a_deployment_check(settings: Any) -> None:
    configure(settings, UCP_ORIGINS=[])
    assert "crm_connect.W301" not in ids(run_checks())
    assert "crm_connect.W301" in ids(run_checks(include_deployment_checks=True))


@pytest.mark.django_db
def test_an_entry_that_is_not_an_origin_stops_manage_py_check(settings: Any) -> None:
    """The origin format itself is crm_connect.E003's, shared with every origin setting."""
    configure(settings, UCP_ORIGINS=["ucp.example.com"])
    with pytest.raises(SystemCheckError, match=r"crm_connect\.E003"):
        call_command("check")
