"""The settings model (crm_connect/conf.py): one default per key, and a value it refuses
is a system check with the key's id, never an exception while a page renders."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import Client, override_settings

from crm_connect import checks
from crm_connect.conf import DEFAULTS, FIELDS, UNKNOWN_KEY, WRONG_TYPE, check_id, conf, load
from crm_connect.config_checks import SETTING_IDS
from crm_connect.models import CallCenter
from crm_connect.skylight.rendering import SkylightSettings

# run_checks() may reach the database (JSONField's support check on a new connection,
# the stored call centers), whichever test happens to run first.
pytestmark = pytest.mark.django_db

# A value of the wrong type for every key of the model.
INVALID: dict[str, Any] = {
    "CONNECTOR_URL": 42,
    "CALL_CENTER_SETTINGS": ["ServerConfig"],
    "DEFINITION_EXTRA_FIELDS": {"section": "MyOptions"},
    "CAPABILITIES": "directoryAvailable",
    "APP_NAME": 5,
    "CACHE_TIMEOUT": "300",
    "CACHE_LOCAL_TIMEOUT": "5",
    "CACHE_ALIAS": 5,
    "INLINE_CRM_DATA": "yes",
    "IFRAME_ID": 5,
    "IFRAME_ALLOW": ["camera"],
    "IFRAME_WIDTH": 4.5,
    "IFRAME_HEIGHT": [600],
    "CONNECTOR_MODE": "popup",
    "HANDSHAKE_TIMEOUT": "30s",
    "DEBUG": "yes",
    "USER_ADAPTER": 5,
    "USERNAME_FIELD": 5,
    "PROVIDER": 5,
    "DIRECTORY_MODEL": 5,
    "DIRECTORY_FIELDS": "name",
    "DIRECTORY_LIMIT": "many",
    "PHONE_REGION": 44,
    "PHONE_MATCH_DIGITS": [7],
    "PHONE_SEARCH_LIMIT": True,
    "CREATE_URL": 5,
    "REPORTS_URL": 5,
    "CUSTOM_FIELDS": "voice",
    "LOG_RETRY_ATTEMPTS": "4",
    "LOG_RETRY_DELAY": {},
    "LOG_RETRY_LIMIT": "twelve",
    "ABANDONED_LOG_LIMIT": True,
    "SCREEN_POP_KEYS": 5,
    "NOTIFICATION_SEVERITY_KEYS": 5,
    "UCP_ORIGINS": 5,
    "UCP_MAKE_CALL_FIELD": 5,
    "SKYLIGHT_URL": 5,
    "SKYLIGHT_WINDOW_NAME": 5,
    "SKYLIGHT_WINDOW_FEATURES": 5,
    "SKYLIGHT_CRM_MODULE": 5,
    "SKYLIGHT_DEFAULT_WORK_MODE": 5,
    "SKYLIGHT_HANDSHAKE_TIMEOUT": "20s",
    "SKYLIGHT_COMMAND_TIMEOUT": 1.5,
    "SKYLIGHT_SHARE_ACROSS_TABS": "no",
    "SKYLIGHT_CLICK_TO_DIAL": 1,
    "SKYLIGHT_REPLY_TOPICS": ["cxengage/x"],
    "SKYLIGHT_SCREEN_POP": "yes",
}
# Keys whose tag renders nothing when the key has its (empty) default.
TURNS_A_TAG_OFF = {"CONNECTOR_URL": "crm-connect-connector-config"}
TURNS_A_TAG_OFF["SKYLIGHT_URL"] = "crm-connect-skylight-config"
# A call center from settings alone, with Skylight: every tag renders.
PAGE = {
    "CONNECTOR_URL": "https://connector.example.com/app/",
    "CALL_CENTER_SETTINGS": {"ServerConfig": {"serverHostName": "https://connector.example.com"}},
    "SKYLIGHT_URL": "https://skylight.example.com/",
}
CONFIG_IDS = (
    "crm-connect-connector-config",
    "crm-connect-ucp-config",
    "crm-connect-skylight-config",
)


def crm_connect(**values: Any) -> Any:
    return override_settings(CRM_CONNECT={**settings.CRM_CONNECT, **values})


def test_every_key_has_an_invalid_value_here() -> None:
    assert set(INVALID) == set(FIELDS)


def test_the_settings_check_declares_every_id_the_model_can_yield() -> None:
    """The registry knows the ids of the fields' metadata, each under its subsystem."""
    declared = set().union(*SETTING_IDS.values())
    assert declared == {"crm_connect.E000", UNKNOWN_KEY, WRONG_TYPE, *map(check_id, FIELDS)}
    for subsystem, ids in SETTING_IDS.items():
        assert set(ids) <= checks.ids_of(subsystem), subsystem


@pytest.mark.parametrize("key", sorted(INVALID))
def test_an_invalid_value_is_a_check_with_the_keys_id_and_its_default_applies(key: str) -> None:
    with crm_connect(**{key: INVALID[key]}):
        ids = [message.id for message in run_checks()]
        value = getattr(conf, key)
    assert check_id(key) in ids
    expected = settings.DEBUG if key == "DEBUG" else getattr(DEFAULTS, key)
    assert value == expected


@pytest.mark.django_db
@pytest.mark.parametrize("key", sorted(INVALID))
def test_a_page_with_every_tag_renders_whatever_the_invalid_value(
    client: Client, agent: Any, key: str
) -> None:
    client.force_login(agent)
    with crm_connect(**{**PAGE, key: INVALID[key]}):
        page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    for config_id in CONFIG_IDS:
        if TURNS_A_TAG_OFF.get(key) != config_id:
            assert f'id="{config_id}"' in html, (key, config_id)


def test_the_example_settings_are_all_accepted() -> None:
    assert load().refused == ()
    assert not [m for m in run_checks() if m.id in (WRONG_TYPE, UNKNOWN_KEY)]


@pytest.mark.parametrize(
    ("key", "value"), [("SCREEN_POP_KEYS", 5), ("INLINE_CRM_DATA", "yes"), ("APP_NAME", 5)]
)
def test_e040_a_key_without_a_check_of_its_own_has_the_wrong_type(key: str, value: Any) -> None:
    with crm_connect(**{key: value}):
        ids = [m.id for m in run_checks() if m.id.startswith("crm_connect.")]
    assert ids == ["crm_connect.E040"]


def test_e041_a_user_adapter_that_cannot_be_imported() -> None:
    with crm_connect(USER_ADAPTER="no.such.Adapter"):
        ids = [m.id for m in run_checks() if m.id.startswith("crm_connect.")]
    assert ids == ["crm_connect.E041"]


def test_each_refusal_says_key_value_and_default() -> None:
    with crm_connect(DIRECTORY_LIMIT="many"):
        [message] = [m for m in run_checks() if m.id == "crm_connect.E020"]
    assert "CRM_CONNECT['DIRECTORY_LIMIT'] = 'many'" in message.msg
    assert "default (500) applies" in message.msg


def test_w040_an_unknown_key_is_a_warning_that_names_the_closest_key() -> None:
    with crm_connect(UCP_ORIGIN="https://ucp.example.com", HANDSHAKE_TIMEOUT=1000):
        [message] = [m for m in run_checks() if m.id == UNKNOWN_KEY]
    assert "'UCP_ORIGIN'" in message.msg
    assert message.hint == "Did you mean 'UCP_ORIGINS'?"
    with override_settings(CRM_CONNECT={"zzz": 1, 3: 4}):
        assert len([m for m in run_checks() if m.id == UNKNOWN_KEY]) == 2


def test_a_changed_setting_is_read_again() -> None:
    with override_settings(CRM_CONNECT={"DIRECTORY_LIMIT": 7}):
        assert conf.DIRECTORY_LIMIT == 7
        with override_settings(CRM_CONNECT={"DIRECTORY_LIMIT": 8}):
            assert conf.DIRECTORY_LIMIT == 8
        assert conf.DIRECTORY_LIMIT == 7


def test_a_setting_replaced_without_the_signal_is_read_again(settings: Any) -> None:
    """pytest-django's ``del settings.X`` sends no ``setting_changed``."""
    settings.CRM_CONNECT = {"DIRECTORY_LIMIT": 7}
    assert conf.DIRECTORY_LIMIT == 7
    del settings.CRM_CONNECT
    assert conf.DIRECTORY_LIMIT == 500


@pytest.mark.parametrize(("debug", "expected"), [(True, True), (False, False)])
def test_debug_follows_djangos_debug_unless_set(debug: bool, expected: bool) -> None:
    with override_settings(DEBUG=debug, CRM_CONNECT={}):
        assert conf.DEBUG is expected
    with override_settings(DEBUG=debug, CRM_CONNECT={"DEBUG": not debug}):
        assert conf.DEBUG is not expected


def test_unknown_attributes_are_attribute_errors() -> None:
    with pytest.raises(AttributeError):
        _ = conf.NO_SUCH_KEY  # type: ignore[attr-defined]


def test_the_clamps_of_number_keys_stay() -> None:
    with crm_connect(PHONE_MATCH_DIGITS=2, HANDSHAKE_TIMEOUT=0, CACHE_TIMEOUT=-5):
        assert (conf.PHONE_MATCH_DIGITS, conf.HANDSHAKE_TIMEOUT, conf.CACHE_TIMEOUT) == (4, 1, 0)
        assert load().refused == ()
    with crm_connect(CACHE_TIMEOUT=None, CACHE_LOCAL_TIMEOUT=None, IFRAME_WIDTH=320):
        assert (conf.CACHE_TIMEOUT, conf.CACHE_LOCAL_TIMEOUT, conf.IFRAME_WIDTH) == (None, 0, "320")


# --- one default, in one place ----------------------------------------------------------


def test_the_call_center_model_takes_its_skylight_defaults_from_the_settings_model() -> None:
    assert CallCenter._meta.get_field("skylight_window_name").default == (
        DEFAULTS.SKYLIGHT_WINDOW_NAME
    )
    assert CallCenter._meta.get_field("skylight_window_features").default == (
        DEFAULTS.SKYLIGHT_WINDOW_FEATURES
    )


def test_a_stored_call_center_without_window_settings_gets_the_defaults() -> None:
    """The script keeps no defaults of its own: the server always sends both."""
    skylight = SkylightSettings.from_dict(
        {"url": "https://skylight.example.com/", "window_name": "", "window_features": ""}
    )
    assert skylight is not None
    assert skylight.window_name == DEFAULTS.SKYLIGHT_WINDOW_NAME == "skylight"
    assert skylight.window_features == DEFAULTS.SKYLIGHT_WINDOW_FEATURES


@pytest.mark.parametrize("features", ["noopener", "width=400,noreferrer"])
def test_window_features_that_break_the_popup_are_refused(features: str) -> None:
    with crm_connect(SKYLIGHT_WINDOW_FEATURES=features):
        assert conf.SKYLIGHT_WINDOW_FEATURES == "width=400,height=800"
        assert [r.key for r in load().refused] == ["SKYLIGHT_WINDOW_FEATURES"]


# --- the scripts keep no defaults: the server sends every key they read ------------------

SENT = {
    "crm-connect-connector-config": {
        "origin", "iframeId", "mode", "crmData", "debug", "handshakeTimeout", "userId", "csrfToken",
        "crmDataUrl", "csrfHeader", "urls", "customFields", "logRetry", "screenPopKeys",
        "texts", "notifications", "featureUrls", "pageUrl", "actions", "limits",
    },
    "crm-connect-ucp-config": {"origins", "anyOrigin", "makeCallField", "debug", "load"},
    "crm-connect-skylight-config": {
        "url", "origin", "popupUrl", "windowName", "windowFeatures", "handshakeTimeout",
        "commandTimeout", "pollInterval", "shareAcrossTabs", "clickToDial", "sdkUrl",
        "relayUrl", "replyTopicOverrides", "messageLimits", "screenPop", "phoneSearchUrl", "texts",
        "labels", "debug", "load",
    },
}  # fmt: skip


def configs_in(html: str) -> dict[str, dict[str, Any]]:
    found = re.findall(
        r'<script(?: nonce="[^"]+")? id="([\w-]+)" type="application/json"'
        r"(?: data-crm-connect-load)?>(.*?)</script>",
        html,
    )
    return {config_id: json.loads(text) for config_id, text in found}


@pytest.mark.django_db
@pytest.mark.parametrize("values", [{}, {"SKYLIGHT_SCREEN_POP": False, "INLINE_CRM_DATA": False}])
def test_every_key_a_script_reads_is_sent(
    client: Client, agent: Any, values: dict[str, Any]
) -> None:
    client.force_login(agent)
    with crm_connect(**PAGE, **values):
        configs = configs_in(client.get("/").content.decode())
    assert {key: set(config) for key, config in configs.items()} == SENT
    connector = configs["crm-connect-connector-config"]
    assert connector["handshakeTimeout"] == DEFAULTS.HANDSHAKE_TIMEOUT
    assert connector["logRetry"] == {"attempts": 4, "delay": 500, "limit": 12}
    assert connector["notifications"] == {"severityKeys": DEFAULTS.NOTIFICATION_SEVERITY_KEYS}
    assert configs["crm-connect-ucp-config"]["makeCallField"] == DEFAULTS.UCP_MAKE_CALL_FIELD
    skylight = configs["crm-connect-skylight-config"]
    assert skylight["windowName"] == DEFAULTS.SKYLIGHT_WINDOW_NAME
    assert skylight["windowFeatures"] == DEFAULTS.SKYLIGHT_WINDOW_FEATURES
    assert skylight["handshakeTimeout"] == DEFAULTS.SKYLIGHT_HANDSHAKE_TIMEOUT
    assert skylight["commandTimeout"] == DEFAULTS.SKYLIGHT_COMMAND_TIMEOUT


def test_an_error_of_no_single_key_gives_every_default_and_never_loops() -> None:
    from unittest import mock

    from pydantic import ValidationError

    from crm_connect.conf import CrmConnectSettings, validate

    error = ValidationError.from_exception_data(
        "CrmConnectSettings",
        [{"type": "value_error", "loc": (), "input": {}, "ctx": {"error": ValueError("no")}}],
    )
    real = CrmConnectSettings.model_validate
    with mock.patch.object(
        CrmConnectSettings, "model_validate", side_effect=[error, real({})]
    ) as validate_mock:
        loaded = validate({"DIRECTORY_LIMIT": 7})
    assert validate_mock.call_count == 2
    assert loaded.values.DIRECTORY_LIMIT == 500
    assert [refused.key for refused in loaded.refused] == ["DIRECTORY_LIMIT"]


@pytest.mark.parametrize("name", ["_blank", "_TOP", "  ", ""])
def test_a_window_name_that_cannot_find_the_popup_again_is_refused(name: str) -> None:
    with crm_connect(SKYLIGHT_WINDOW_NAME=name):
        assert conf.SKYLIGHT_WINDOW_NAME == "skylight"
        assert [m.id for m in run_checks() if m.id.startswith("crm_connect.")] == [
            "crm_connect.E202"
        ]
