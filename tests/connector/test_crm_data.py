from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import override_settings
from django.utils import translation

from crm_connect.call_centers import ResolvedCallCenter, call_center_for
from crm_connect.connector.crm_data import build_crm_data, crm_data_for
from crm_connect.connector.definition import with_defaults
from crm_connect.models import CallCenter
from crm_connect.users import UserAdapter, salesforce_locale

pytestmark = pytest.mark.django_db


def test_payload_has_seed_002_shape_for_an_agent(agent: User, call_center: CallCenter) -> None:
    resolved = ResolvedCallCenter.from_model(call_center)
    data = build_crm_data(agent, resolved, language="en-us").model_dump(mode="json")
    assert data == {
        "callCenterSettings": with_defaults(call_center.settings),
        "currentUser": {
            "attributes": {"type": "User"},
            "Name": "Alice Agent",
            "Username": "agent",
            "Id": str(agent.pk),
            "LanguageLocaleKey": "en_US",
        },
        "capabilities": {
            "directoryAvailable": True,
            "name": "Test CRM",
            "reloadsOnNavigation": True,
            "lightningComponentsAvailable": False,
        },
    }


def test_superusers_are_admins_and_names_fall_back_to_the_username(
    django_user_model: type[User], call_center: CallCenter
) -> None:
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    user = crm_data_for(admin, language="en").current_user  # type: ignore[union-attr]
    assert (user.attributes.type, user.name) == ("Admin", "root")


@override_settings(CRM_CONNECT={"USERNAME_FIELD": "email"})
def test_username_can_be_the_email(agent: User, call_center: CallCenter) -> None:
    data = crm_data_for(agent)
    assert data is not None
    assert data.current_user.username == "agent@example.com"


class ShoutingAdapter(UserAdapter):
    def role(self, user: Any) -> str:
        return "Supervisor"

    def name(self, user: Any) -> str:
        return user.get_username().upper()


@override_settings(CRM_CONNECT={"USER_ADAPTER": "tests.connector.test_crm_data.ShoutingAdapter"})
def test_the_user_adapter_is_configurable(agent: User, call_center: CallCenter) -> None:
    data = crm_data_for(agent)
    assert data is not None
    assert (data.current_user.attributes.type, data.current_user.name) == ("Supervisor", "AGENT")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en-us", "en_US"), ("en", "en_US"), ("de", "de"), ("pt-br", "pt_BR"), ("fr", "fr")],
)
def test_locale_key_follows_the_users_language(
    agent: User, call_center: CallCenter, language: str, expected: str
) -> None:
    data = crm_data_for(agent, language=language)
    assert data is not None
    assert data.current_user.language_locale_key == expected


def test_locale_key_follows_the_active_language_by_default(
    agent: User, call_center: CallCenter
) -> None:
    with translation.override("de"):
        data = crm_data_for(agent)
    assert data is not None
    assert data.current_user.language_locale_key == "de"


@override_settings(LANGUAGE_CODE="en-gb")
def test_a_bare_language_takes_the_sites_region() -> None:
    assert salesforce_locale("en") == "en_GB"


def test_app_name_falls_back_to_the_setting(agent: User, make_call_center: Any) -> None:
    make_call_center(app_name="")
    with override_settings(CRM_CONNECT={"APP_NAME": "Acme CRM"}):
        data = crm_data_for(agent)
    assert data is not None
    assert data.capabilities.name == "Acme CRM"


# --- which call center applies ---------------------------------------------------------


def test_the_default_call_center_applies_to_everyone(
    agent: User, other_agent: User, call_center: CallCenter
) -> None:
    assert call_center_for(agent).pk == call_center.pk  # type: ignore[union-attr]
    assert call_center_for(other_agent).pk == call_center.pk  # type: ignore[union-attr]


def test_a_group_call_center_wins_over_the_default(
    agent: User, other_agent: User, call_center: CallCenter, make_call_center: Any
) -> None:
    sales = Group.objects.create(name="Sales")
    sales_cc = make_call_center(name="Sales CC", is_default=False)
    sales_cc.groups.add(sales)
    agent.groups.add(sales)
    assert call_center_for(agent).name == "Sales CC"  # type: ignore[union-attr]
    assert call_center_for(other_agent).name == call_center.name  # type: ignore[union-attr]


def test_among_several_group_call_centers_the_first_by_name_wins(
    agent: User, make_call_center: Any
) -> None:
    for name in ["Zulu", "Alpha"]:
        group = Group.objects.create(name=name)
        make_call_center(name=name, is_default=False).groups.add(group)
        agent.groups.add(group)
    assert call_center_for(agent).name == "Alpha"  # type: ignore[union-attr]


def test_call_center_resolution_is_one_query(
    agent: User, call_center: CallCenter, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        call_center_for(agent)


def test_anonymous_users_get_no_call_center(call_center: CallCenter) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert call_center_for(AnonymousUser()) is None


@override_settings(
    CRM_CONNECT={
        "CONNECTOR_URL": "https://cc.example.com/connector",
        "CALL_CENTER_SETTINGS": {"ReqGeneralInfo": {"reqInternalName": "FromSettings"}},
        "CAPABILITIES": {"name": "Settings CRM", "directoryAvailable": False},
    }
)
def test_settings_define_the_call_center_when_the_database_has_none(agent: User) -> None:
    resolved = call_center_for(agent)
    assert resolved is not None
    assert resolved.connector_origin == "https://cc.example.com"
    data = build_crm_data(agent, resolved)
    assert data.call_center_settings.root == with_defaults(
        {"ReqGeneralInfo": {"reqInternalName": "FromSettings"}}
    )
    assert data.call_center_settings.root["ReqGeneralInfo"]["reqInternalName"] == "FromSettings"
    assert (data.capabilities.name, data.capabilities.directory_available) == (
        "Settings CRM",
        False,
    )


def test_no_call_center_anywhere_means_none(agent: User) -> None:
    assert call_center_for(agent) is None
    assert crm_data_for(agent) is None
