from __future__ import annotations

import pytest
from pydantic import ValidationError

from crm_connect.connector.schemas.connector import (
    CallCenterSettings,
    Capabilities,
    CrmData,
    CurrentUser,
    Envelope,
    UserAttributes,
)


def make_crm_data() -> CrmData:
    return CrmData(
        call_center_settings=CallCenterSettings({"ReqGeneralInfo": {"reqInternalName": "CC"}}),
        current_user=CurrentUser(
            attributes=UserAttributes(type="User"),
            name="Alice Agent",
            username="alice",
            id="7",
            language_locale_key="en_US",
        ),
        capabilities=Capabilities(name="CRM"),
    )


def test_crm_data_serializes_with_the_vendors_names() -> None:
    assert make_crm_data().model_dump(mode="json") == {
        "callCenterSettings": {"ReqGeneralInfo": {"reqInternalName": "CC"}},
        "currentUser": {
            "attributes": {"type": "User"},
            "Name": "Alice Agent",
            "Username": "alice",
            "Id": "7",
            "LanguageLocaleKey": "en_US",
        },
        "capabilities": {
            "directoryAvailable": True,
            "name": "CRM",
            "reloadsOnNavigation": True,
            "lightningComponentsAvailable": False,
        },
    }


def test_crm_data_round_trips_through_the_wire_form() -> None:
    data = make_crm_data()
    assert CrmData.model_validate(data.model_dump(mode="json")) == data


@pytest.mark.parametrize(
    "value",
    [
        {"ReqGeneralInfo": {"reqSoftphoneHeight": 600}},  # numbers are strings
        {"ReqGeneralInfo": {"clickToDial": True}},  # flags are "Y"/"N"
        {"ReqGeneralInfo": "Y"},  # a section is an object
        {"Req General": {"a": "b"}},  # names are identifiers
        {"ReqGeneralInfo": {"a-b": "c"}},
        ["ReqGeneralInfo"],
    ],
)
def test_call_center_settings_reject_what_a_call_center_definition_cannot_hold(
    value: object,
) -> None:
    with pytest.raises(ValidationError):
        CallCenterSettings.model_validate(value)


def test_current_user_id_must_be_a_string() -> None:
    with pytest.raises(ValidationError):
        CurrentUser.model_validate(
            {
                "attributes": {"type": "User"},
                "Name": "A",
                "Username": "a",
                "Id": 7,
                "LanguageLocaleKey": "en_US",
            }
        )


@pytest.mark.parametrize("locale", ["en-US", "EN_us", "", "en US"])
def test_locale_key_is_salesforce_style(locale: str) -> None:
    with pytest.raises(ValidationError):
        CurrentUser(
            attributes=UserAttributes(type="User"),
            name="A",
            username="a",
            id="1",
            language_locale_key=locale,
        )


def test_envelope_accepts_connector_messages_and_keeps_data() -> None:
    message = Envelope.model_validate(
        {"type": "CRMConnectMessage", "action": "ready", "data": {"x": 1}, "extra": 1}
    )
    assert (message.action, message.data) == ("ready", {"x": 1})


@pytest.mark.parametrize(
    "value",
    [
        {"type": "Other", "action": "ready"},
        {"type": "CRMConnectMessage"},
        {"type": "CRMConnectMessage", "action": ""},
        {"type": "CRMConnectMessage", "action": "x" * 101},
    ],
)
def test_envelope_rejects_other_shapes(value: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Envelope.model_validate(value)
