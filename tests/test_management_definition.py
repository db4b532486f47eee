"""``manage.py crm_connect_definition``: import (creating the call center when missing)
and export, so that definitions can live in version control; the acceptance test of
issue 15 (the vendor's own file in, the same crmData and the same file out)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from crm_connect.connector.definition_io import parse
from crm_connect.models import CallCenter, CallCenterRevision

pytestmark = pytest.mark.django_db

VENDOR_FILE = Path(__file__).resolve().parent / "fixtures" / "zcli.apps.config.json"
VENDOR = json.loads(VENDOR_FILE.read_text())["parameters"]
CONNECTOR = "https://eus2-01.dev.ws-nonprod.avayacloud.com/app/"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("crm_connect_definition", *args, stdout=out)
    return out.getvalue()


def test_the_vendors_file_yields_its_parameters_as_crm_data_and_exports_back(
    client: Client, agent: Any
) -> None:
    said = run(
        "import", str(VENDOR_FILE), "--call-center", "AXP", "--connector-url", CONNECTOR,
        "--default",
    )  # fmt: skip
    assert "Created call center 'AXP': 8 sections, 91 fields." in said
    call_center = CallCenter.objects.get(name="AXP")
    assert call_center.is_default
    assert call_center.settings == VENDOR
    client.force_login(agent)
    crm_data = client.get("/crm-connect/api/crm-data/").json()
    assert crm_data["callCenterSettings"] == VENDOR
    assert json.loads(run("export", "AXP", "--format", "json")) == {"parameters": VENDOR}
    assert parse(run("export", "AXP", "--format", "xml").encode()) == VENDOR


def test_an_import_keeps_the_file_as_written_and_adds_no_default(tmp_path: Path) -> None:
    file = tmp_path / "small.json"
    definition = {"DialingOptions": {"reqInternationalPrefix": "011"}, "Mine": {"x": "1"}}
    file.write_text(json.dumps({"parameters": definition}))
    run("import", str(file), "--call-center", "Small", "--connector-url", CONNECTOR)
    assert CallCenter.objects.get(name="Small").settings == definition
    assert json.loads(run("export", "Small")) == {"parameters": definition}


def test_an_xml_export_imports_into_another_call_center(
    tmp_path: Path, make_call_center: Any
) -> None:
    make_call_center(name="Source", settings=VENDOR)
    file = tmp_path / "source.xml"
    file.write_text(run("export", "Source", "--format", "xml"))
    run("import", str(file), "--call-center", "Copy", "--connector-url", CONNECTOR)
    assert CallCenter.objects.get(name="Copy").settings == VENDOR


def test_importing_into_an_existing_call_center_replaces_its_settings_and_is_recorded(
    tmp_path: Path, call_center: CallCenter
) -> None:
    file = tmp_path / "d.json"
    file.write_text(
        json.dumps({"parameters": {"ServerConfig": {"serverHostName": "https://b.example.com"}}})
    )
    said = run("import", str(file), "--call-center", call_center.name)
    assert "Updated call center" in said
    call_center.refresh_from_db()
    assert call_center.settings == {"ServerConfig": {"serverHostName": "https://b.example.com"}}
    assert call_center.connector_url == "https://connector.example.com/app/"  # kept
    revision = CallCenterRevision.objects.get()
    assert revision.source == "command"
    assert revision.user is None
    assert [
        "ServerConfig.serverHostName",
        "https://connector.example.com",
        "https://b.example.com",
    ] in revision.changes
    assert ["ReqGeneralInfo.reqInternalName", "TestCC", None] in revision.changes


def test_default_moves_the_default_flag(tmp_path: Path, call_center: CallCenter) -> None:
    run("import", str(VENDOR_FILE), "--call-center", "New", "--connector-url", CONNECTOR,
        "--default")  # fmt: skip
    call_center.refresh_from_db()
    assert not call_center.is_default
    assert CallCenter.objects.get(is_default=True).name == "New"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "{file}", "--call-center", "Nobody"], "give --connector-url to create it"),
        (["import", "/no/such/file.json", "--call-center", "X"], "Cannot read /no/such/file.json"),
        (["import", "{bad}", "--call-center", "X"], "Not valid JSON"),
        (["import", "{flag}", "--call-center", "X", "--connector-url", CONNECTOR],
         "settings: SoftphoneOptions.clickToDial: Enter \"Y\" or \"N\"."),
        (["import", "{file}", "--call-center", "X", "--connector-url", "ftp://x"],
         "connector_url:"),
        (["export", "Nobody"], "No call center is named 'Nobody'."),
    ],
)  # fmt: skip
def test_errors_are_messages_and_nothing_is_saved(
    tmp_path: Path, args: list[str], message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{oops")
    flag = tmp_path / "flag.json"
    flag.write_text(json.dumps({"parameters": {"SoftphoneOptions": {"clickToDial": "yes"}}}))
    paths = {"file": str(VENDOR_FILE), "bad": str(bad), "flag": str(flag)}
    with pytest.raises(CommandError) as failed:
        run(*(arg.format(**paths) for arg in args))
    assert message in str(failed.value)
    assert not CallCenter.objects.exists()
    assert not CallCenterRevision.objects.exists()
