"""``CallCenter`` validates what the admin form validates: the ORM (``full_clean()``) and
the form refuse the same values, with the same error codes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from crm_connect.forms import CallCenterForm
from crm_connect.models import CallCenter

pytestmark = pytest.mark.django_db

VALID: dict[str, Any] = {
    "name": "CC",
    "connector_url": "https://connector.example.com/app/",
    "settings": {"ServerConfig": {"serverHostName": "https://connector.example.com"}},
    "skylight_url": "https://skylight.example.com/app/",
    "skylight_window_name": "skylight",
    "skylight_window_features": "width=400,height=800",
    "skylight_default_work_mode": "",
}

INVALID = [
    ("skylight_window_name", "_blank", "reserved_window_name"),
    ("skylight_window_name", "_TOP", "reserved_window_name"),
    ("skylight_window_name", "", ("required", "blank")),  # each layer's word for "empty"
    ("skylight_window_features", "width=400,noopener", "unreachable_window"),
    ("skylight_window_features", "noreferrer", "unreachable_window"),
    # cxengage-javascript-sdk domain/specs.cljs: ::direction is one of three values.
    ("skylight_default_work_mode", "voice", "unknown_work_mode"),
    ("connector_url", "ftp://connector.example.com/", "no_origin"),
    ("skylight_url", "https://", "invalid"),
    ("settings", {"ServerConfig": {"serverHostName": 1}}, "invalid_call_center_settings"),
    ("settings", ["not", "sections"], "invalid_call_center_settings"),
]


def form_for(values: dict[str, Any]) -> CallCenterForm:
    data = {key: json.dumps(value) if key == "settings" else value for key, value in values.items()}
    return CallCenterForm(data=data)


def model_codes(values: dict[str, Any], field: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        CallCenter(**values).full_clean()
    return [error.code or "" for error in caught.value.error_dict[field]]


def test_the_valid_call_center_passes_both() -> None:
    assert form_for(VALID).is_valid(), form_for(VALID).errors
    CallCenter(**VALID).full_clean()


@pytest.mark.parametrize(("field", "value", "code"), INVALID)
def test_the_orm_and_the_form_refuse_the_same_value_with_the_same_code(
    field: str, value: Any, code: str | tuple[str, str]
) -> None:
    form_code, model_code = (code, code) if isinstance(code, str) else code
    values = {**VALID, field: value}
    form = form_for(values)
    assert not form.is_valid()
    assert form_code in [error.code for error in form.errors.as_data()[field]]
    assert model_code in model_codes(values, field)


@pytest.mark.parametrize("mode", ["inbound", "outbound", "agent-initiated", ""])
def test_every_work_mode_the_sdk_accepts_passes_both(mode: str) -> None:
    values = {**VALID, "skylight_default_work_mode": mode}
    assert form_for(values).is_valid()
    CallCenter(**values).full_clean()


def test_no_settings_is_an_empty_object_for_both() -> None:
    form = CallCenterForm(data={**VALID, "settings": ""})
    assert form.is_valid()
    assert form.cleaned_data["settings"] == {}
    call_center = CallCenter(**{**VALID, "settings": None})
    call_center.full_clean()
    assert call_center.settings == {}
    call_center.save()  # a NOT NULL column: None would fail here
