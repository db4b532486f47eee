"""The provider: where directory entries, phone matches and record URLs come from."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from crm_connect.conf import conf
from crm_connect.providers import ModelProvider, Provider, Record, get_provider
from example_project.crm.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts() -> dict[str, Contact]:
    rows = {
        "ada": Contact.objects.create(name="Ada", phone="+1 (555) 010-0199", email="a@x.io"),
        "ada2": Contact.objects.create(name="Ada Two", phone="555.010.0199"),
        "grace": Contact.objects.create(name="Grace", phone="+1 555 010 0142"),
        "mail": Contact.objects.create(name="Mail Only", email="m@x.io"),
        "nobody": Contact.objects.create(name="Unreachable"),
        # Same last 7 digits, another country: the database pre-filter lets it through,
        # phonenumbers must reject it.
        "uk": Contact.objects.create(name="Near Miss", phone="+44 20 8010 0199"),
    }
    return rows


def test_the_default_provider_is_the_model_provider() -> None:
    assert isinstance(get_provider(), ModelProvider)


def test_directory_lists_reachable_records_only_and_is_bounded(
    agent: Any, contacts: dict[str, Contact]
) -> None:
    names = [r.name for r in get_provider().directory(agent, limit=100)]
    assert names == ["Ada", "Ada Two", "Grace", "Mail Only", "Near Miss"]
    assert len(get_provider().directory(agent, limit=2)) == 2


def test_phone_search_matches_every_spelling_and_only_the_number(
    agent: Any, contacts: dict[str, Contact]
) -> None:
    provider = get_provider()
    for spelling in ("+15550100199", "15550100199", "(555) 010-0199"):
        found = provider.find_by_phone(agent, spelling, limit=10)
        assert {r.id for r in found} == {str(contacts["ada"].pk), str(contacts["ada2"].pk)}
    assert provider.find_by_phone(agent, "+15550100100", limit=10) == []
    assert provider.find_by_phone(agent, "not a number", limit=10) == []


def test_phone_search_is_one_bounded_query(agent: Any, contacts: dict[str, Contact]) -> None:
    for i in range(30):
        Contact.objects.create(name=f"Twin {i:02}", phone="+1 555-010-0199")
    with CaptureQueriesContext(connection) as queries:
        found = get_provider().find_by_phone(agent, "+15550100199", limit=3)
    assert len(found) == 3
    assert len(queries) == 1
    assert "LIMIT 15" in queries[0]["sql"]


def test_record_for_an_object_needs_no_query(contacts: dict[str, Contact]) -> None:
    with CaptureQueriesContext(connection) as queries:
        record = get_provider().record_for(contacts["ada"])
    assert len(queries) == 0
    assert record == Record(
        id=str(contacts["ada"].pk),
        name="Ada",
        object_type="Contact",
        url=f"/contacts/{contacts['ada'].pk}/",
        phone="+1 (555) 010-0199",
        email="a@x.io",
        model_label="crm.contact",
    )


def test_get_record_checks_the_type_and_tolerates_bad_ids(
    agent: Any, contacts: dict[str, Contact]
) -> None:
    provider = get_provider()
    pk = str(contacts["grace"].pk)
    assert provider.get_record(agent, pk).name == "Grace"  # type: ignore[union-attr]
    assert provider.get_record(agent, pk, "Contact") is not None
    assert provider.get_record(agent, pk, "crm.contact") is not None
    assert provider.get_record(agent, pk, "Account") is None
    assert provider.get_record(agent, "not-a-number") is None
    assert provider.get_record(agent, "999999") is None


def test_create_url_carries_the_number(agent: Any) -> None:
    assert get_provider().create_url(agent, "+15550100199") == (
        "/contacts/new/?phone=%2B15550100199"
    )
    with override_settings(CRM_CONNECT={"DIRECTORY_MODEL": "crm.Contact"}):
        assert get_provider().create_url(agent, "+15550100199") == ""


@override_settings(CRM_CONNECT={"DIRECTORY_MODEL": ""})
def test_without_a_model_every_lookup_finds_nothing(agent: Any, contacts: Any) -> None:
    provider = get_provider()
    assert provider.directory(agent, 10) == []
    assert provider.find_by_phone(agent, "+15550100199", 10) == []
    assert provider.get_record(agent, str(contacts["ada"].pk)) is None


@override_settings(CRM_CONNECT={"DIRECTORY_MODEL": "crm.Nope"})
def test_a_wrong_model_is_a_configuration_error(agent: Any) -> None:
    with pytest.raises(ImproperlyConfigured):
        get_provider().directory(agent, 10)


@override_settings(
    CRM_CONNECT={"DIRECTORY_MODEL": "crm.Contact", "DIRECTORY_FIELDS": {"email": ""}}
)
def test_fields_can_be_switched_off(agent: Any, contacts: Any) -> None:
    names = [r.name for r in get_provider().directory(agent, limit=100)]
    assert "Mail Only" not in names
    assert conf.DIRECTORY_FIELDS == {"name": "name", "phone": "phone", "email": ""}


class OneRecordProvider(Provider):
    """The documented way to plug in: subclass Provider."""

    RECORD = Record(id="42", name="Static", object_type="Lead", url="/leads/42/", phone="+1")

    def directory(self, user: Any, limit: int) -> list[Record]:
        return [self.RECORD]

    def find_by_phone(self, user: Any, number: str, limit: int) -> list[Record]:
        return [self.RECORD]

    def get_record(self, user: Any, record_id: str, object_type: str = "") -> Record | None:
        return self.RECORD if record_id == "42" else None

    def record_for(self, instance: Any) -> Record:
        return self.RECORD


def test_a_provider_named_in_settings_is_used() -> None:
    with override_settings(CRM_CONNECT={"PROVIDER": f"{__name__}.OneRecordProvider"}):
        assert isinstance(get_provider(), OneRecordProvider)
    with (
        override_settings(CRM_CONNECT={"PROVIDER": "builtins.dict"}),
        pytest.raises(ImproperlyConfigured),
    ):
        get_provider()
