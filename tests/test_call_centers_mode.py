"""The connector's mode (``CONNECTOR_MODE``, a call center's ``connector_mode``) and what
``crmData.capabilities.reloadsOnNavigation`` says in each (docs/softphone-window.md)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, override_settings

from crm_connect.call_centers import ResolvedCallCenter, call_center_for, invalidate_call_centers
from crm_connect.models import CallCenter
from crm_connect.revisions import record, snapshot
from crm_connect.settings_model import CONNECTOR_MODES, DEFAULTS
from tests.conftest import CALL_CENTER_SETTINGS

pytestmark = pytest.mark.django_db

CRM_DATA = "/crm-connect/api/crm-data/"
SETTINGS_ONLY = {
    "CONNECTOR_URL": "https://connector.example.com/app/",
    "CALL_CENTER_SETTINGS": CALL_CENTER_SETTINGS,
}


def reloads(client: Client, query: str = "") -> bool:
    response = client.get(CRM_DATA + query)
    assert response.status_code == 200, response.content
    value: bool = response.json()["capabilities"]["reloadsOnNavigation"]
    return value


def test_the_modes_and_the_default_are_written_once() -> None:
    assert CONNECTOR_MODES == ("docked", "window")
    assert DEFAULTS.CONNECTOR_MODE == "docked"
    choices = [value for value, _ in CallCenter._meta.get_field("connector_mode").choices]
    assert choices == list(CONNECTOR_MODES)


def test_a_call_center_without_a_mode_follows_the_setting(
    agent: User, call_center: CallCenter
) -> None:
    assert call_center.connector_mode == ""
    assert call_center_for(agent).mode == "docked"  # type: ignore[union-attr]
    with override_settings(CRM_CONNECT={"CONNECTOR_MODE": "window"}):
        assert call_center_for(agent).mode == "window"  # type: ignore[union-attr]


def test_a_call_center_s_own_mode_wins_over_the_setting(agent: User, make_call_center: Any) -> None:
    make_call_center(connector_mode="docked")
    with override_settings(CRM_CONNECT={"CONNECTOR_MODE": "window"}):
        assert call_center_for(agent).mode == "docked"  # type: ignore[union-attr]


@override_settings(CRM_CONNECT={**SETTINGS_ONLY, "CONNECTOR_MODE": "window"})
def test_the_settings_call_center_takes_the_setting(agent: User) -> None:
    assert call_center_for(agent).mode == "window"  # type: ignore[union-attr]


@override_settings(CRM_CONNECT={**SETTINGS_ONLY, "CONNECTOR_MODE": "popup"})
def test_an_invalid_mode_is_docked(agent: User) -> None:
    assert call_center_for(agent).mode == "docked"  # type: ignore[union-attr]


def test_a_cache_entry_written_before_the_mode_existed_still_reads(call_center: CallCenter) -> None:
    data = ResolvedCallCenter.from_model(call_center).to_cache()
    del data["connector_mode"]
    assert ResolvedCallCenter.from_cache(data).mode == "docked"


def test_reloads_on_navigation_is_true_only_for_a_docked_connector_that_reloads(
    client: Client, agent: User, call_center: CallCenter
) -> None:
    client.force_login(agent)
    assert reloads(client) is True
    # The page keeps its docked connector (htmx, Turbo): it says so.
    assert reloads(client, "?persistent=true") is False
    assert reloads(client, "?persistent=false") is True
    # A window never reloads with the pages.
    call_center.connector_mode = "window"
    call_center.save()
    invalidate_call_centers()
    assert reloads(client) is False
    # The administrator's "does not reload" (a single-page CRM) holds in every mode.
    call_center.connector_mode = "docked"
    call_center.reloads_on_navigation = False
    call_center.save()
    invalidate_call_centers()
    assert reloads(client) is False


def test_the_crm_data_endpoint_still_refuses_other_parameters(
    client: Client, agent: User, call_center: CallCenter
) -> None:
    client.force_login(agent)
    assert client.get(CRM_DATA + "?persistent=maybe").status_code == 400
    assert client.get(CRM_DATA + "?user=1").status_code == 400


def test_the_admin_edits_the_mode_and_a_change_is_a_revision(
    admin_client: Client, call_center: CallCenter
) -> None:
    page = admin_client.get(f"/admin/crm_connect/callcenter/{call_center.pk}/change/")
    assert 'name="connector_mode"' in page.content.decode()
    before = snapshot(CallCenter.objects.get(pk=call_center.pk))
    call_center.connector_mode = "window"
    call_center.save()
    revision = record(call_center, before, source="test")
    assert revision is not None
    assert revision.changes == [["connector_mode", "", "window"]]


def test_the_definition_command_sets_the_mode(tmp_path: Path) -> None:
    definition = tmp_path / "definition.json"
    definition.write_text(
        '{"parameters": {"ServerConfig": {"serverHostName": "https://cc.example.com"}}}'
    )
    out = io.StringIO()
    call_command(
        "crm_connect_definition",
        "import",
        str(definition),
        "--call-center",
        "Window",
        "--connector-url",
        "https://cc.example.com/app/",
        "--connector-mode",
        "window",
        stdout=out,
    )
    assert CallCenter.objects.get(name="Window").connector_mode == "window"
