"""The call center definition's defaults (the AXP vendor's sections), the checks of what
it requires, and that the admin, crmData and the docs use the one definition."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.checks import Tags, run_checks
from django.test import Client, override_settings

from crm_connect.call_centers import call_center_for
from crm_connect.connector.crm_data import build_crm_data
from crm_connect.connector.definition import DEFAULTS, REQUIRED, missing_required, with_defaults
from crm_connect.models import CallCenter

ROOT = Path(__file__).resolve().parents[2]
VENDOR_SECTIONS = [
    "ReqGeneralInfo",
    "ServerConfig",
    "DialingOptions",
    "LogOptions",
    "SoftphoneOptions",
    "CallScreenPopOptions",
    "ReasonCodesEnabled",
    "LabelOptions",
]


def check_ids(tag: str, **kwargs: Any) -> list[str]:
    """The ids of the call center definition checks (E011, E012) raised."""
    return sorted(
        message.id
        for message in run_checks(tags=[tag], **kwargs)
        if message.id in {"crm_connect.E011", "crm_connect.E012"}
    )


def test_the_defaults_are_the_vendors_eight_sections_of_strings() -> None:
    """Vendor: dist/zcli.apps.config.json of the AXP sample CRM client (its
    ``parameters``): eight sections, every value a string."""
    assert list(DEFAULTS) == VENDOR_SECTIONS
    for fields in DEFAULTS.values():
        assert fields
        assert all(isinstance(value, str) for value in fields.values())
    assert DEFAULTS["SoftphoneOptions"]["serverResponseTimeout"] == "120"
    assert DEFAULTS["CallScreenPopOptions"]["customParam10"] == ""
    assert DEFAULTS["LogOptions"]["interactionHistorySize"] == "5"
    assert len(DEFAULTS["LabelOptions"]) == 25
    # Only a deployment knows these: the sample's values are its own hosts.
    assert DEFAULTS["ServerConfig"]["serverHostName"] == ""
    assert DEFAULTS["ReqGeneralInfo"]["reqAdapterUrl"] == ""
    assert REQUIRED == (("ServerConfig", "serverHostName"),)


def test_stored_values_are_laid_over_the_defaults() -> None:
    stored = {"SoftphoneOptions": {"clickToDial": "Y"}, "Extra": {"mine": "1"}}
    merged = with_defaults(stored)
    assert list(merged) == [*VENDOR_SECTIONS, "Extra"]
    assert merged["SoftphoneOptions"]["clickToDial"] == "Y"
    assert merged["SoftphoneOptions"]["language"] == "en_US"
    assert merged["Extra"] == {"mine": "1"}
    assert stored == {"SoftphoneOptions": {"clickToDial": "Y"}, "Extra": {"mine": "1"}}
    assert with_defaults(None) == with_defaults({})
    assert with_defaults(["not", "a", "dict"]) == ["not", "a", "dict"]  # left to validation
    assert missing_required(with_defaults({})) == ["ServerConfig.serverHostName"]
    assert missing_required({"ServerConfig": {"serverHostName": "  "}}) == [
        "ServerConfig.serverHostName"
    ]
    assert missing_required({"ServerConfig": {"serverHostName": "https://x.io"}}) == []


@pytest.mark.django_db
def test_crm_data_of_an_empty_stored_definition_carries_the_vendor_sections(
    make_call_center: Any, agent: User
) -> None:
    """The default was ``{}``, which a real connector is unlikely to accept."""
    make_call_center(settings={})
    resolved = call_center_for(agent)
    assert resolved is not None
    sent = build_crm_data(agent, resolved).model_dump(mode="json")["callCenterSettings"]
    assert list(sent) == VENDOR_SECTIONS
    assert sent["DialingOptions"]["reqInternationalPrefix"] == "011"


@override_settings(
    CRM_CONNECT={
        "CONNECTOR_URL": "https://cc.example.com/connector",
        "CALL_CENTER_SETTINGS": {"ReqGeneralInfo": {"reqInternalName": "FromSettings"}},
    }
)
def test_e011_the_settings_call_center_lacks_server_host_name() -> None:
    assert check_ids(Tags.compatibility) == ["crm_connect.E011"]


@override_settings(
    CRM_CONNECT={
        "CONNECTOR_URL": "https://cc.example.com/connector",
        "CALL_CENTER_SETTINGS": {"ServerConfig": {"serverHostName": "https://cc.example.com"}},
    }
)
def test_a_settings_call_center_with_server_host_name_passes() -> None:
    assert check_ids(Tags.compatibility) == []


@override_settings(CRM_CONNECT={"CONNECTOR_URL": ""})
def test_no_settings_call_center_no_e011() -> None:
    assert check_ids(Tags.compatibility) == []


@pytest.mark.django_db
def test_e012_a_stored_call_center_lacks_server_host_name(make_call_center: Any) -> None:
    make_call_center(name="complete")
    make_call_center(
        name="bare", is_default=False, settings={"ServerConfig": {"serverHostName": ""}}
    )
    messages = run_checks(tags=[Tags.database], databases=["default"])
    found = [(m.id, m.obj) for m in messages if m.id == "crm_connect.E012"]
    assert found == [("crm_connect.E012", "bare")]


@pytest.mark.django_db
def test_the_admin_offers_the_defaults_for_a_new_call_center(admin_client: Client) -> None:
    response = admin_client.get("/admin/crm_connect/callcenter/add/")
    assert response.status_code == 200
    textarea = re.search(r'<textarea name="settings"[^>]*>(.*?)</textarea>', response.text, re.S)
    assert textarea is not None
    assert json.loads(html.unescape(textarea.group(1))) == with_defaults({})


@pytest.mark.django_db
def test_the_admin_shows_a_stored_definition_as_stored(
    admin_client: Client, make_call_center: Any
) -> None:
    stored = {"ServerConfig": {"serverHostName": "https://cc.example.com"}}
    call_center: CallCenter = make_call_center(settings=stored)
    response = admin_client.get(f"/admin/crm_connect/callcenter/{call_center.pk}/change/")
    textarea = re.search(r'<textarea name="settings"[^>]*>(.*?)</textarea>', response.text, re.S)
    assert textarea is not None
    assert json.loads(html.unescape(textarea.group(1))) == stored


def test_the_docs_list_every_default() -> None:
    """docs/connector.md's table of the definition is the one in Python."""
    docs = (ROOT / "docs" / "connector.md").read_text()
    rows = set(re.findall(r"^\| `(\w+)` \| `(\w+)` \| `\"(.*?)\"` \|", docs, re.MULTILINE))
    expected = {
        (section, name, value)
        for section, fields in DEFAULTS.items()
        for name, value in fields.items()
    }
    assert rows == expected


@pytest.mark.django_db
def test_the_iframe_allows_what_the_vendor_calls_mandatory(
    rf: Any, agent: User, call_center: CallCenter
) -> None:
    """Vendor: README.md of the AXP sample CRM client, IFRAME_PROPS: ``allow: "camera;
    microphone; geolocation" // mandatory permissions``."""
    from crm_connect.connector.rendering import render_connector

    request = rf.get("/")
    request.user = agent
    html = str(render_connector(request))
    assert 'allow="camera; microphone; geolocation"' in html


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000_000)
def test_w010_the_request_size_is_smaller_than_a_log_may_be() -> None:
    messages = run_checks(tags=[Tags.compatibility])
    assert [m.id for m in messages if m.id == "crm_connect.W010"] == ["crm_connect.W010"]


@pytest.mark.parametrize("size", [2_621_440, 2_097_152, None])
def test_the_default_request_size_or_more_fits_a_log(size: int | None) -> None:
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=size):
        messages = run_checks(tags=[Tags.compatibility])
    assert "crm_connect.W010" not in [m.id for m in messages]
