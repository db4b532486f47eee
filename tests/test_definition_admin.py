"""The call center admin built from the definition schema: one fieldset per section, an
input per kind, errors next to their field, unknown keys kept, the JSON that wins only
when edited, import and export from the call center's page, and its history."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from crm_connect.connector.definition_io import MAX_BYTES
from crm_connect.models import CallCenter, CallCenterRevision

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/crm_connect/callcenter/add/"
VENDOR_FILE = Path(__file__).resolve().parent / "fixtures" / "zcli.apps.config.json"


@pytest.fixture
def staff_client(client: Client, django_user_model: Any) -> Client:
    client.force_login(django_user_model.objects.create_superuser("root", "r@x.io", "root"))
    return client


def change_url(call_center: CallCenter, tail: str = "change/") -> str:
    return f"/admin/crm_connect/callcenter/{call_center.pk}/{tail}"


def posted(client: Client, url: str, **changes: Any) -> dict[str, Any]:
    """What the browser would post back from ``url``'s form, with ``changes`` applied
    (``False`` unticks a checkbox)."""
    form = client.get(url).context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(value, bool) or name in ("is_default", "inherits_default"):
            if value:
                data[name] = "on"
            continue
        if name == "groups" and not value:
            continue
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
            continue
        data[name] = "" if value is None else str(value)
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data


@pytest.fixture
def imported(make_call_center: Any) -> CallCenter:
    """A call center as the vendor's small definition was imported: a few fields only."""
    return make_call_center(
        settings={
            "ServerConfig": {"serverHostName": "https://connector.example.com"},
            "DialingOptions": {"reqInternationalPrefix": "011"},
            "Custom": {"mine": "kept"},
        }
    )


def test_the_form_has_a_fieldset_per_section_and_an_input_per_kind(
    staff_client: Client, imported: CallCenter
) -> None:
    response = staff_client.get(change_url(imported))
    html = response.content.decode()
    names = [fieldset.name for fieldset in response.context["adminform"]]
    assert names[1:10] == [
        "ReqGeneralInfo",
        "ServerConfig",
        "DialingOptions",
        "LogOptions",
        "SoftphoneOptions",
        "CallScreenPopOptions",
        "ReasonCodesEnabled",
        "LabelOptions",
        "callCenterSettings as JSON",
    ]
    assert 'type="checkbox" name="SoftphoneOptions.clickToConsultEnabled"' in html
    assert "checked" in html.split('name="SoftphoneOptions.clickToConsultEnabled"')[1].split(">")[0]
    assert 'type="number" name="SoftphoneOptions.serverResponseTimeout" value="120"' in html
    assert 'type="url" name="ServerConfig.serverHostName"' in html
    assert 'name="DialingOptions.reqInternationalPrefix" value="011"' in html
    # unknown keys are shown as such, and kept
    assert "Custom.mine = &#x27;kept&#x27;" in html


@override_settings(
    CRM_CONNECT={
        "DEFINITION_EXTRA_FIELDS": [
            {"section": "Mine", "name": "mode", "kind": "choice", "choices": ["a", "b"],
             "default": "a", "label": "Mode"}
        ]
    }
)  # fmt: skip
def test_a_crms_extra_field_is_a_select_and_its_default_reaches_crm_data(
    staff_client: Client, imported: CallCenter, agent: Any
) -> None:
    html = staff_client.get(change_url(imported)).content.decode()
    assert '<select name="Mine.mode"' in html
    client = Client()
    client.force_login(agent)
    assert client.get("/crm-connect/api/crm-data/").json()["callCenterSettings"]["Mine"] == {
        "mode": "a"
    }
    data = posted(staff_client, change_url(imported), **{"Mine.mode": "c"})
    response = staff_client.post(change_url(imported), data)
    assert "Mine.mode" in response.context["adminform"].form.errors
    data["Mine.mode"] = "b"
    assert staff_client.post(change_url(imported), data).status_code == 302
    imported.refresh_from_db()
    assert imported.settings["Mine"] == {"mode": "b"}


def test_editing_a_flag_and_a_number_stores_strings_and_adds_nothing_else(
    staff_client: Client, imported: CallCenter
) -> None:
    before = dict(imported.settings)
    data = posted(
        staff_client,
        change_url(imported),
        **{
            "SoftphoneOptions.clickToConsultEnabled": False,
            "LogOptions.interactionHistorySize": "12",
        },
    )
    response = staff_client.post(change_url(imported), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    imported.refresh_from_db()
    assert imported.settings == {
        **before,
        "SoftphoneOptions": {"clickToConsultEnabled": "N"},
        "LogOptions": {"interactionHistorySize": "12"},
    }


def test_a_wrong_value_is_an_error_on_its_field_with_its_name(
    staff_client: Client, imported: CallCenter
) -> None:
    data = posted(staff_client, change_url(imported), **{"LogOptions.interactionHistorySize": "x"})
    response = staff_client.post(change_url(imported), data)
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["LogOptions.interactionHistorySize"]
    html = response.content.decode()
    assert "LogOptions.interactionHistorySize: Enter a whole number." in html


def test_a_stored_value_the_kind_refuses_is_shown_next_to_its_field(
    staff_client: Client, make_call_center: Any
) -> None:
    bad = make_call_center(
        settings={"SoftphoneOptions": {"language": "en_US", "clickToDial": "yes"}}
    )
    response = staff_client.post(change_url(bad), posted(staff_client, change_url(bad)))
    errors = response.context["adminform"].form.errors
    assert errors["SoftphoneOptions.clickToDial"] == [
        'SoftphoneOptions.clickToDial: Enter "Y" or "N".'
    ]
    assert "settings" not in errors


def test_the_json_wins_when_it_alone_is_edited(staff_client: Client, imported: CallCenter) -> None:
    data = posted(staff_client, change_url(imported))
    new = {"ServerConfig": {"serverHostName": "https://other.example.com"}}
    data["settings"] = json.dumps(new)
    assert staff_client.post(change_url(imported), data).status_code == 302
    imported.refresh_from_db()
    assert imported.settings == new


def test_editing_both_the_fields_and_the_json_is_refused(
    staff_client: Client, imported: CallCenter
) -> None:
    data = posted(staff_client, change_url(imported), **{"LogOptions.interactionHistorySize": "9"})
    data["settings"] = json.dumps({})
    response = staff_client.post(change_url(imported), data)
    assert response.status_code == 200
    assert "You changed both fields (LogOptions.interactionHistorySize) and the JSON" in (
        response.content.decode()
    )
    imported.refresh_from_db()
    assert "LogOptions" not in imported.settings


def test_the_json_refuses_what_the_fields_refuse(
    staff_client: Client, imported: CallCenter
) -> None:
    data = posted(staff_client, change_url(imported))
    data["settings"] = json.dumps({"LogOptions": {"interactionHistorySize": "five"}})
    response = staff_client.post(change_url(imported), data)
    errors = response.context["adminform"].form.errors
    assert errors["settings"] == ["LogOptions.interactionHistorySize: Enter a whole number."]


def test_a_new_call_center_starts_with_every_default(staff_client: Client) -> None:
    data = posted(staff_client, ADD_URL, name="New", connector_url="https://c.example.com/")
    data["ServerConfig.serverHostName"] = "https://c.example.com"
    assert staff_client.post(ADD_URL, data).status_code == 302
    settings = CallCenter.objects.get().settings
    assert settings["DialingOptions"]["reqInternationalPrefix"] == "011"
    assert settings["ServerConfig"]["serverHostName"] == "https://c.example.com"
    assert len(settings) == 8


def test_saving_without_the_server_warns(staff_client: Client) -> None:
    data = posted(staff_client, ADD_URL, name="New", connector_url="https://c.example.com/")
    response = staff_client.post(ADD_URL, data, follow=True)
    assert "ServerConfig.serverHostName is empty: the connector requires it" in (
        response.content.decode()
    )


def test_the_change_page_links_preview_import_export_and_history(
    staff_client: Client, imported: CallCenter
) -> None:
    html = staff_client.get(change_url(imported)).content.decode()
    for tail in (
        "definition/import/",
        "definition/export/json/",
        "definition/export/xml/",
        "history/",
    ):
        assert f'href="{change_url(imported, tail)}"' in html
    assert 'href="/admin/crm_connect/callcenter/preview-crm-data/"' in html


@pytest.mark.parametrize("format", ["json", "xml"])
def test_export_downloads_and_import_uploads_the_same_data(
    staff_client: Client, make_call_center: Any, format: str
) -> None:
    vendor = json.loads(VENDOR_FILE.read_text())["parameters"]
    source = make_call_center(name="Source", settings=vendor)
    target = make_call_center(name="Target", is_default=False, settings={})
    download = staff_client.get(change_url(source, f"definition/export/{format}/"))
    assert download["Content-Disposition"] == f'attachment; filename="source.{format}"'
    upload = SimpleUploadedFile(f"d.{format}", download.content)
    response = staff_client.post(change_url(target, "definition/import/"), {"file": upload})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.settings == vendor
    revision = CallCenterRevision.objects.get(call_center=target)
    assert (revision.source, revision.user.username) == ("admin import", "root")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<!DOCTYPE x><callCenter/>", "DOCTYPE or ENTITY"),
        (b"garbage", "Neither JSON nor XML"),
        (
            b'{"parameters": {"SoftphoneOptions": {"clickToDial": "yes"}}}',
            "SoftphoneOptions.clickToDial: Enter &quot;Y&quot; or &quot;N&quot;.",
        ),
        (b"{" + b" " * MAX_BYTES + b"}", "larger than"),
    ],
)
def test_a_bad_upload_is_a_400_with_a_message(
    staff_client: Client, imported: CallCenter, content: bytes, message: str
) -> None:
    before = imported.settings
    upload = SimpleUploadedFile("d.json", content)
    response = staff_client.post(change_url(imported, "definition/import/"), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    imported.refresh_from_db()
    assert imported.settings == before


def test_import_and_export_need_permissions(client: Client, imported: CallCenter) -> None:
    assert client.get(change_url(imported, "definition/export/json/")).status_code == 302
    assert client.get(change_url(imported, "definition/import/")).status_code == 302


def test_an_unknown_format_or_call_center_is_404(
    staff_client: Client, imported: CallCenter
) -> None:
    assert staff_client.get(change_url(imported, "definition/export/csv/")).status_code == 404
    assert (
        staff_client.get("/admin/crm_connect/callcenter/999/definition/import/").status_code == 404
    )


def test_the_history_shows_who_changed_what(staff_client: Client, imported: CallCenter) -> None:
    data = posted(staff_client, change_url(imported), **{"LogOptions.interactionHistorySize": "7"})
    assert staff_client.post(change_url(imported), data).status_code == 302
    html = staff_client.get(change_url(imported, "history/")).content.decode()
    assert "<code>LogOptions.interactionHistorySize</code>" in html
    assert "<em>absent</em>" in html
    assert "<code>7</code>" in html
    assert ">root<" in html
    revision = CallCenterRevision.objects.get()
    assert revision.changes == [["LogOptions.interactionHistorySize", None, "7"]]
    # a save that changes nothing records nothing
    assert (
        staff_client.post(
            change_url(imported), posted(staff_client, change_url(imported))
        ).status_code
        == 302
    )
    assert CallCenterRevision.objects.count() == 1


def test_an_inheriting_call_centers_form_shows_the_defaults_values_and_stores_overrides(
    staff_client: Client, call_center: CallCenter, make_call_center: Any
) -> None:
    child = make_call_center(
        name="Child", is_default=False, inherits_default=True, settings={"X": {"y": "z"}}
    )
    form = staff_client.get(change_url(child)).context["adminform"].form
    assert form["ReqGeneralInfo.reqInternalName"].value() == "TestCC"  # the default's
    assert form["SoftphoneOptions.clickToDial"].value() is True  # the default's "Y"
    data = posted(staff_client, change_url(child), **{"SoftphoneOptions.clickToDial": False})
    assert staff_client.post(change_url(child), data).status_code == 302
    child.refresh_from_db()
    assert child.settings == {"X": {"y": "z"}, "SoftphoneOptions": {"clickToDial": "N"}}


def test_the_default_cannot_be_made_to_inherit_in_the_admin(
    staff_client: Client, imported: CallCenter
) -> None:
    data = posted(staff_client, change_url(imported), inherits_default="on")
    response = staff_client.post(change_url(imported), data)
    assert "inherits_default" in response.context["adminform"].form.errors


def test_stored_settings_that_are_not_sections_export_as_json_only(
    staff_client: Client, imported: CallCenter
) -> None:
    CallCenter.objects.filter(pk=imported.pk).update(settings=["odd"])
    response = staff_client.get(change_url(imported, "definition/export/xml/"))
    assert response.status_code == 400
    assert b"not sections of fields" in response.content
    response = staff_client.get(change_url(imported, "definition/export/json/"))
    assert json.loads(response.content) == {"parameters": ["odd"]}
    # the change page still opens, its inputs showing the defaults
    assert staff_client.get(change_url(imported)).status_code == 200
