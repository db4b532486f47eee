"""A group's call center that inherits the default's settings: crmData shows the merge,
a change of the default reaches its members at once (cache invalidation), and the
resolution still costs one query."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from crm_connect.call_centers import call_center_for, invalidate_call_centers
from crm_connect.models import CallCenter
from crm_connect.previews import preview_crm_data

pytestmark = pytest.mark.django_db

URL = "/crm-connect/api/crm-data/"


@pytest.fixture
def sales(agent: User, call_center: CallCenter, make_call_center: Any) -> CallCenter:
    """The agent's group's call center: inherits the default, overrides two fields."""
    group = Group.objects.create(name="Sales")
    agent.groups.add(group)
    sales = make_call_center(
        name="Sales",
        is_default=False,
        inherits_default=True,
        settings={"SoftphoneOptions": {"clickToDial": "N"}, "Sales": {"queue": "s1"}},
    )
    sales.groups.add(group)
    return sales


def settings_of(client: Client) -> dict[str, Any]:
    response = client.get(URL)
    assert response.status_code == 200
    return response.json()["callCenterSettings"]


def test_crm_data_is_the_defaults_settings_overlaid_by_the_groups(
    client: Client, agent: User, sales: CallCenter
) -> None:
    client.force_login(agent)
    settings = settings_of(client)
    assert settings["SoftphoneOptions"]["clickToDial"] == "N"  # own
    assert settings["SoftphoneOptions"]["language"] == "en_US"  # the default's
    assert settings["ReqGeneralInfo"]["reqInternalName"] == "TestCC"  # the default's
    assert settings["ServerConfig"]["serverHostName"] == "https://connector.example.com"
    assert settings["Sales"] == {"queue": "s1"}
    preview = preview_crm_data(agent)
    assert preview.crm_data["callCenterSettings"] == settings  # type: ignore[index]
    assert preview.reason.endswith(
        "Its settings are the default call center's, with its own laid over them field by field."
    )


def test_without_inheritance_the_defaults_settings_are_not_used(
    client: Client, agent: User, sales: CallCenter
) -> None:
    sales.inherits_default = False
    sales.save()
    client.force_login(agent)
    assert settings_of(client)["ReqGeneralInfo"]["reqInternalName"] == "AvayaWorkspacesForZendesk"


def test_a_change_of_the_default_reaches_the_inheriting_members_at_once(
    client: Client, agent: User, call_center: CallCenter, sales: CallCenter
) -> None:
    client.force_login(agent)
    assert settings_of(client)["ReqGeneralInfo"]["reqInternalName"] == "TestCC"
    assert settings_of(client)["ReqGeneralInfo"]["reqInternalName"] == "TestCC"  # cached
    call_center.settings = {**call_center.settings, "ReqGeneralInfo": {"reqInternalName": "New"}}
    call_center.save()
    assert settings_of(client)["ReqGeneralInfo"]["reqInternalName"] == "New"
    # the default stops being the default: nothing left to inherit
    call_center.is_default = False
    call_center.save()
    assert settings_of(client)["ReqGeneralInfo"]["reqInternalName"] == ("AvayaWorkspacesForZendesk")


def test_an_inheriting_call_center_costs_one_query_cold_and_none_warm(
    agent: User, sales: CallCenter
) -> None:
    invalidate_call_centers()
    with CaptureQueriesContext(connection) as cold:
        resolved = call_center_for(agent)
    assert resolved is not None
    assert resolved.name == "Sales"
    assert len(cold) == 1
    with CaptureQueriesContext(connection) as warm:
        call_center_for(agent)
    assert len(warm) == 0


def test_the_default_cannot_inherit(call_center: CallCenter) -> None:
    call_center.inherits_default = True
    with pytest.raises(ValidationError) as refused:
        call_center.full_clean()
    assert "inherits_default" in refused.value.message_dict


def test_an_inheriting_call_center_is_checked_with_the_defaults_server(
    sales: CallCenter, call_center: CallCenter
) -> None:
    from django.core.checks import run_checks

    ids = [m.id for m in run_checks(databases=["default"]) if m.id.startswith("crm_connect.E012")]
    assert ids == []
    call_center.settings = {}
    call_center.save()
    messages = [m for m in run_checks(databases=["default"]) if m.id == "crm_connect.E012"]
    assert sorted(m.obj for m in messages) == ["Sales", "Test call center"]
