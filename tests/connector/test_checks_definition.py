"""Checks of the definition: W120 (the connector URL's origin against
ServerConfig.serverHostName's) and E105 (the CRM's extra fields)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.test import override_settings

from crm_connect.connector.definition import schema
from crm_connect.models import CallCenter

pytestmark = pytest.mark.django_db


def ours(**kwargs: Any) -> list[tuple[str, Any]]:
    wanted = ("crm_connect.W120", "crm_connect.E105")
    return [(m.id, m.obj) for m in run_checks(**kwargs) if m.id in wanted]


def crm_connect(**values: Any) -> Any:
    return override_settings(CRM_CONNECT={**settings.CRM_CONNECT, **values})


def test_w120_the_connector_and_its_server_differ_in_origin(make_call_center: Any) -> None:
    make_call_center(name="Same")  # connector.example.com both
    make_call_center(
        name="Other", is_default=False, connector_url="https://elsewhere.example.com/app/"
    )
    make_call_center(name="Local", is_default=False, connector_url="http://127.0.0.1:8001/sandbox/")
    assert ours(databases=["default"]) == [("crm_connect.W120", "Other")]
    assert ours() == []  # stored call centers: only with --database


def test_w120_an_inheriting_call_center_is_compared_with_the_defaults_server(
    make_call_center: Any,
) -> None:
    make_call_center(name="Default")
    make_call_center(
        name="Child",
        is_default=False,
        inherits_default=True,
        settings={},
        connector_url="https://child.example.com/",
    )
    assert ours(databases=["default"]) == [("crm_connect.W120", "Child")]


def test_w120_the_settings_call_center() -> None:
    server = {"ServerConfig": {"serverHostName": "https://server.example.com"}}
    with crm_connect(CONNECTOR_URL="https://c.example.com/", CALL_CENTER_SETTINGS=server):
        messages = [m for m in run_checks() if m.id == "crm_connect.W120"]
    assert len(messages) == 1
    assert "https://c.example.com differs from ServerConfig.serverHostName's, " in (messages[0].msg)
    with crm_connect(CONNECTOR_URL="https://server.example.com/x/", CALL_CENTER_SETTINGS=server):
        assert ours() == []


def test_e105_an_invalid_extra_field_is_reported_and_left_out() -> None:
    good = {"section": "Mine", "name": "count", "kind": "integer", "default": "3"}
    bad = [
        {"section": "Mine", "name": "flag", "kind": "flag", "default": "maybe"},
        {"section": "Mine", "name": "pick", "kind": "choice"},
        {"section": "Bad Name", "name": "x"},
        {"name": "nosection"},
        {"section": "Mine", "name": "k", "kind": "colour"},
    ]
    with crm_connect(DEFINITION_EXTRA_FIELDS=[good, *bad]):
        messages = [m for m in run_checks() if m.id == "crm_connect.E105"]
        keys = {spec.key for spec in schema()}
    assert len(messages) == len(bad)
    assert [m.msg.split(":")[0] for m in messages] == [
        f'CRM_CONNECT["DEFINITION_EXTRA_FIELDS"] entry {index}' for index in range(1, 6)
    ]
    assert "default 'maybe'" in messages[0].msg
    assert "Mine.count" in keys
    assert not {"Mine.flag", "Mine.pick", "Mine.k"} & keys


def test_an_extra_field_replaces_the_vendors_of_the_same_name() -> None:
    replacement = {
        "section": "SoftphoneOptions",
        "name": "language",
        "kind": "choice",
        "choices": [["en_US", "English"], ["de_DE", "Deutsch"]],
        "default": "en_US",
    }
    with crm_connect(DEFINITION_EXTRA_FIELDS=[replacement]):
        (spec,) = [s for s in schema() if s.key == "SoftphoneOptions.language"]
        assert spec.kind == "choice"
        assert spec.problem("fr_FR") == "'fr_FR' is not one of the choices."
        assert spec.problem("de_DE") is None


def test_w120_settings_that_are_not_sections_are_left_to_the_other_checks(
    make_call_center: Any,
) -> None:
    stored = make_call_center(name="Odd")
    CallCenter.objects.filter(pk=stored.pk).update(settings=["not", "sections"])
    assert ours(databases=["default"]) == []
    with pytest.raises(CommandError, match="Odd: The stored settings are not sections"):
        call_command("crm_connect_definition", "export", "Odd", "--format", "xml")
