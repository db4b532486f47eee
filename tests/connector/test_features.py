"""What the feature code adds to pages: tel links, the script's configuration, checks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.checks import run_checks
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import set_script_prefix

from crm_connect.connector.features import custom_fields, feature_config
from crm_connect.connector.schemas.custom_fields import CustomFieldsData
from crm_connect.connector.schemas.notifications import NOTIFICATION_TYPES, SEVERITIES
from example_project.crm.models import Contact

pytestmark = pytest.mark.django_db

FEATURES_JS = (
    Path(__file__).resolve().parents[2] / "crm_connect/static/crm_connect/connector-features.js"
)


def render_tel(contact: Contact, args: str = "") -> str:
    template = Template("{% load crm_connect %}{% crm_connect_tel contact " + args + " %}")
    return template.render(Context({"contact": contact}))


def test_the_tel_link_is_a_plain_link_marked_for_click_to_dial() -> None:
    ada = Contact.objects.create(name="Ada <b>", phone="+1 (555) 010-0199", email="a@x.io")
    with CaptureQueriesContext(connection) as queries:
        html = render_tel(ada)
    assert len(queries) == 0
    assert html == (
        f'<a href="tel:+15550100199" data-crm-connect-dial data-record-id="{ada.pk}"'
        f' data-object-type="Contact" data-record-name="Ada &lt;b&gt;"'
        f' data-record-url="/contacts/{ada.pk}/" data-record-email="a@x.io">'
        "+1 (555) 010-0199</a>"
    )
    assert 'class="big">Call</a>' in render_tel(ada, 'text="Call" css_class="big"')


def test_a_record_without_a_usable_number_gets_no_link() -> None:
    assert render_tel(Contact(pk=1, name="X", phone="n/a")) == "n/a"
    assert render_tel(Contact(pk=1, name="X", phone="")) == ""


def test_feature_config_costs_no_query(agent: Any) -> None:
    request = RequestFactory().get("/")
    request.user = agent
    with CaptureQueriesContext(connection) as queries:
        config = feature_config(request)
    assert len(queries) == 0
    assert config["userId"] == str(agent.pk)
    assert config["csrfToken"]
    assert config["csrfHeader"].lower() == "x-csrftoken"  # header names ignore case
    assert config["urls"] == {
        "directory": "/crm-connect/api/directory/",
        "phoneSearch": "/crm-connect/api/phone-search/",
        "record": "/crm-connect/api/records/__id__/",
        "interactionLogs": "/crm-connect/api/interaction-logs/",
        "abandonedLogs": "/crm-connect/api/interaction-logs/abandoned/",
        "reports": "/interaction-logs/",
    }
    assert config["logRetry"] == {"attempts": 4, "delay": 500, "limit": 12}
    json.dumps(config)  # it goes into a json_script block


def test_the_page_carries_the_config_and_stylesheet(
    client: Any, agent: Any, call_center: Any
) -> None:
    client.force_login(agent)
    html = client.get("/").content.decode()
    assert '<link rel="stylesheet" href="/static/crm_connect/connector.css">' in html
    match = re.search(r'id="crm-connect-connector-config"[^>]*>(.*?)</script>', html, re.S)
    assert match is not None
    config = json.loads(match.group(1))
    assert config["urls"]["phoneSearch"] == "/crm-connect/api/phone-search/"
    assert config["customFields"]["voice"]["outcome"] == {
        "customFieldInfo": {"customFieldType": "PICKLIST", "customFieldLabel": "Outcome"}
    }


def test_custom_fields_take_the_short_and_the_shortest_form() -> None:
    with override_settings(
        CRM_CONNECT={"CUSTOM_FIELDS": {"voice": {"a": "Label A", "b": {"label": "B"}}}}
    ):
        data = custom_fields()
    CustomFieldsData.model_validate(data)
    assert data == {
        "voice": {
            "a": {"customFieldInfo": {"customFieldType": "STRING", "customFieldLabel": "Label A"}},
            "b": {"customFieldInfo": {"customFieldType": "STRING", "customFieldLabel": "B"}},
        },
        "digital": {},
    }


def test_invalid_custom_fields_send_none_and_fail_the_check() -> None:
    with override_settings(CRM_CONNECT={"CUSTOM_FIELDS": {"voice": {"a": {"type": "DATE"}}}}):
        assert custom_fields() == {"voice": {}, "digital": {}}
        assert "crm_connect.E103" in check_ids()


def check_ids() -> set[str]:
    return {message.id for message in run_checks() if message.id}


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ({"DIRECTORY_MODEL": ""}, "crm_connect.W100"),
        ({"PROVIDER": "crm_connect.nope.Provider"}, "crm_connect.E100"),
        ({"PROVIDER": "builtins.dict"}, "crm_connect.E100"),
        ({"DIRECTORY_MODEL": "crm.Nope"}, "crm_connect.E101"),
        (
            {"DIRECTORY_MODEL": "crm.Contact", "DIRECTORY_FIELDS": {"phone": "tel"}},
            "crm_connect.E102",
        ),
        ({"DIRECTORY_MODEL": "crm.Contact", "PHONE_REGION": "XX"}, "crm_connect.E104"),
        ({"DIRECTORY_MODEL": "crm.Contact", "REPORTS_URL": "no-such-url"}, "crm_connect.W101"),
        ({"DIRECTORY_MODEL": "crm.Contact", "CREATE_URL": "no-such-url"}, "crm_connect.W101"),
    ],
)
def test_feature_misconfiguration_is_a_system_check(setting: dict[str, Any], expected: str) -> None:
    with override_settings(CRM_CONNECT=setting):
        assert expected in check_ids()


def test_the_example_configuration_passes_the_checks() -> None:
    assert not {i for i in check_ids() if i.startswith("crm_connect.")}


def test_the_scripts_notification_lists_match_the_schema() -> None:
    source = FEATURES_JS.read_text()

    def js_list(name: str) -> list[str]:
        match = re.search(name + r" = \[([^\]]*)\]", source)
        assert match is not None, name
        return re.findall(r'"([^"]+)"', match.group(1))

    assert js_list("TYPES") == list(NOTIFICATION_TYPES)
    assert js_list("SEVERITIES") == list(SEVERITIES)


def test_the_shared_part_of_the_config_follows_settings_and_script_prefix(agent: Any) -> None:
    request = RequestFactory().get("/")
    request.user = agent
    assert feature_config(request)["logRetry"]["attempts"] == 4
    with override_settings(CRM_CONNECT={"LOG_RETRY_ATTEMPTS": 9}):
        assert feature_config(request)["logRetry"]["attempts"] == 9
    assert feature_config(request)["logRetry"]["attempts"] == 4
    set_script_prefix("/crm/")
    try:
        assert feature_config(request)["urls"]["directory"] == "/crm/crm-connect/api/directory/"
    finally:
        set_script_prefix("/")
    assert feature_config(request)["urls"]["directory"] == "/crm-connect/api/directory/"
    # Per user and request: never shared.
    other = RequestFactory().get("/")
    other.user = AnonymousUser()
    assert feature_config(other)["userId"] == "anonymous"  # the key of its web storage
    assert feature_config(request)["userId"] == str(agent.pk)
