"""Phone search and the directory stay index lookups on a table of millions of contacts.

The example CRM's ``Contact`` has an index on ``PhoneKey("phone")`` and one on
``(name, id)``. These tests hold the SQL to an indexed equality (no ``LIKE``, one query
for all of a call's numbers), check that the database's planner does use both indexes
(on SQLite and on PostgreSQL, whichever runs the suite), that rows written behind the
ORM's back are found, and that the scan survives only as the fallback W110 reports.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps.registry import Apps
from django.core.management import call_command
from django.db import connection, models
from django.test import override_settings
from django.test.utils import CaptureQueriesContext, isolate_apps
from django.urls import reverse
from rest_framework.test import APIClient

from crm_connect import phones
from crm_connect.connector.checks import check_lookup_indexes
from crm_connect.phones import PhoneKey
from crm_connect.providers import ModelProvider, get_provider
from example_project.crm.models import Contact

pytestmark = pytest.mark.django_db

THREE = ["+15550100199", "+442079460958", "+15550100142"]


@pytest.fixture
def contacts() -> dict[str, Contact]:
    return {
        "ada": Contact.objects.create(name="Ada", phone="+1 (555) 010-0199", email="a@x.io"),
        "ada2": Contact.objects.create(name="Ada Two", phone="555.010.0199"),
        "alan": Contact.objects.create(name="Alan", phone="+44 20 7946 0958"),
        "alan_idd": Contact.objects.create(name="Alan At Home", phone="011 44 20 7946 0958"),
        "grace": Contact.objects.create(name="Grace", phone="+1 555 010 0142"),
        # Same last 7 digits as Ada, another country: the key matches, phonenumbers not.
        "near": Contact.objects.create(name="Near Miss", phone="+44 20 8010 0199"),
        "mail": Contact.objects.create(name="Mail Only", email="m@x.io"),
    }


def contact_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "crm_contact" in q["sql"]]


class ScanningProvider(ModelProvider):
    """The default provider on a model without the index: the fallback."""

    @property
    def phone_key(self) -> PhoneKey | None:
        return None


# --- the SQL -----------------------------------------------------------------------------


def test_the_example_contact_has_the_phone_key_index() -> None:
    key = get_provider().phone_key  # type: ignore[attr-defined]
    assert isinstance(key, PhoneKey)
    assert (key.field_name, key.digits) == ("phone", 7)


def test_a_screen_pop_is_one_indexed_equality_for_all_its_numbers(
    agent: Any, contacts: dict[str, Contact]
) -> None:
    with CaptureQueriesContext(connection) as queries:
        found = get_provider().find_by_phones(agent, THREE, limit=20)
    sql = contact_queries(queries)
    assert len(sql) == 1
    assert "LIKE" not in sql[0].upper()
    assert " IN (" in sql[0]
    # The first number's records first (by name), then the next number's.
    assert [r.name for r in found] == ["Ada", "Ada Two", "Alan", "Alan At Home", "Grace"]


def test_the_endpoint_asks_the_database_once_for_every_number(
    agent: Any, contacts: dict[str, Contact]
) -> None:
    client = APIClient()
    client.force_login(agent)
    query = "&".join(f"number={n.replace('+', '%2B')}" for n in THREE)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{reverse('crm_connect:phone-search')}?{query}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 5
    sql = contact_queries(queries)
    assert len(sql) == 1
    assert "LIKE" not in sql[0].upper()


def test_the_limit_holds_across_numbers_and_each_record_comes_once(
    agent: Any, contacts: dict[str, Contact]
) -> None:
    provider = get_provider()
    found = provider.find_by_phones(agent, [*THREE, "+1 555 010 0199"], limit=3)
    assert [r.name for r in found] == ["Ada", "Ada Two", "Alan"]
    assert provider.find_by_phones(agent, ["nonsense", ""], limit=3) == []


@pytest.mark.parametrize(
    "stored",
    ["+1 (555) 010-0199", "15550100199", "555-010-0199", "+1/555/010/0199", "1 555 010\u00a00199"],
)
def test_the_database_key_is_the_python_key(agent: Any, stored: str) -> None:
    contact = Contact.objects.create(name="X", phone=stored)
    value = Contact.objects.annotate(k=PhoneKey("phone", 7)).get(pk=contact.pk).k
    assert value == phones.key("+15550100199", 7) == "0100199"


def test_phone_key_refuses_a_digit_count_it_cannot_index() -> None:
    for digits in (3, 16, True, "7"):
        with pytest.raises(ValueError, match="from 4 to 15"):
            PhoneKey("phone", digits)  # type: ignore[arg-type]


# --- the planner uses the indexes ---------------------------------------------------------


def plan(sql: str, params: Any) -> str:
    """The query plan of ``sql``, with sequential scans made a last resort on PostgreSQL
    (a small test table is cheaper to scan): an index that cannot serve the query still
    loses to the scan, so a plan naming the index proves the expressions match."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" ".join(str(cell) for cell in row) for row in cursor.fetchall())


def test_the_planner_finds_numbers_through_the_phone_key_index(
    agent: Any, contacts: dict[str, Contact]
) -> None:
    provider = get_provider()
    assert isinstance(provider, ModelProvider)
    assert provider.phone_key is not None
    for numbers in (THREE[:1], THREE):
        queryset = provider._indexed(agent, provider.phone_key, numbers, 20)
        sql, params = queryset.query.sql_with_params()
        assert "crm_contact_phone_key" in plan(sql, params), plan(sql, params)


def test_the_planner_reads_the_directory_in_index_order(
    agent: Any, contacts: dict[str, Contact]
) -> None:
    with CaptureQueriesContext(connection) as queries:
        get_provider().directory(agent, limit=500)
    (sql,) = contact_queries(queries)
    text = plan(sql, ())
    assert "crm_contact_directory" in text, text
    assert "TEMP B-TREE" not in text.upper()  # SQLite: no sort of the whole table
    assert "Sort" not in text  # PostgreSQL: likewise


# --- kept in step with every write -------------------------------------------------------


def test_rows_written_behind_the_orms_back_are_found_without_reindexing(agent: Any) -> None:
    Contact.objects.bulk_create([Contact(name="Bulk", phone="(555) 010-0142")])
    moved = Contact.objects.create(name="Moved", phone="+1 555 010 0000")
    Contact.objects.filter(pk=moved.pk).update(phone="+44 20 7946 0958")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Contact._meta.db_table} (name, phone, email, company, notes) "
            "VALUES (%s, %s, '', '', '')",
            ["Raw", "555 010 0199"],
        )
    names = [r.name for r in get_provider().find_by_phones(agent, THREE, limit=20)]
    assert names == ["Raw", "Moved", "Bulk"]


def test_reindex_is_a_no_op_that_says_why(contacts: dict[str, Contact]) -> None:
    out = io.StringIO()
    call_command("crm_connect_reindex", stdout=out)
    text = out.getvalue()
    assert "PhoneKey('phone', 7)" in text
    assert "nothing to rebuild" in text


def test_reindex_says_when_phone_search_scans(contacts: dict[str, Contact]) -> None:
    out = io.StringIO()
    scanning = {"DIRECTORY_MODEL": "crm.Contact", "PROVIDER": f"{__name__}.ScanningProvider"}
    with override_settings(CRM_CONNECT=scanning):
        call_command("crm_connect_reindex", stdout=out)
    assert "crm_connect.W110" in out.getvalue()
    out = io.StringIO()
    with override_settings(CRM_CONNECT={"DIRECTORY_MODEL": ""}):
        call_command("crm_connect_reindex", stdout=out)
    assert "No DIRECTORY_MODEL" in out.getvalue()


# --- the scan: an explicit fallback -------------------------------------------------------


def test_without_the_index_phone_search_falls_back_to_the_scan(
    agent: Any, contacts: dict[str, Contact]
) -> None:
    provider = ScanningProvider()
    with CaptureQueriesContext(connection) as queries:
        found = provider.find_by_phones(agent, THREE, limit=20)
    assert [r.name for r in found] == ["Ada", "Ada Two", "Alan", "Alan At Home", "Grace"]
    sql = contact_queries(queries)
    assert len(sql) == 3
    assert all("LIKE" in q.upper() for q in sql)


def test_the_fallback_scans_no_more_once_the_first_numbers_fill_the_limit(
    agent: Any, contacts: dict[str, Contact]
) -> None:
    with CaptureQueriesContext(connection) as queries:
        found = ScanningProvider().find_by_phones(agent, THREE, limit=2)
    assert [r.name for r in found] == ["Ada", "Ada Two"]
    assert len(contact_queries(queries)) == 1


@pytest.fixture
def test_apps(monkeypatch: pytest.MonkeyPatch) -> Iterator[Apps]:
    """A registry of its own for the models a test declares, used by the checks and the
    provider."""
    with isolate_apps("tests") as registry:
        monkeypatch.setattr("crm_connect.connector.checks.apps", registry)
        monkeypatch.setattr("crm_connect.providers.apps", registry)
        yield registry


def test_w110_w111_a_model_without_the_indexes(test_apps: Apps) -> None:
    class Customer(models.Model):
        name = models.CharField(max_length=100)
        phone = models.CharField(max_length=40)
        email = models.EmailField()

        class Meta:
            app_label = "tests"

        def __str__(self) -> str:
            return self.name

    with override_settings(CRM_CONNECT={"DIRECTORY_MODEL": "tests.Customer"}):
        ids = [m.id for m in check_lookup_indexes()]
    assert ids == ["crm_connect.W110", "crm_connect.W111"]


def test_the_indexes_silence_w110_and_w111(test_apps: Apps) -> None:
    class Lead(models.Model):
        full_name = models.CharField(max_length=100, db_index=True)
        mobile = models.CharField(max_length=40)

        class Meta:
            app_label = "tests"
            indexes = [
                models.Index(PhoneKey("mobile", digits=9), name="lead_mobile_key"),
                # A partial index does not serve every lookup: it does not count.
                models.Index(
                    PhoneKey("full_name"), name="lead_partial", condition=models.Q(pk__gt=0)
                ),
            ]

        def __str__(self) -> str:
            return self.full_name

    fields = {"name": "full_name", "phone": "mobile", "email": ""}
    with override_settings(
        CRM_CONNECT={"DIRECTORY_MODEL": "tests.Lead", "DIRECTORY_FIELDS": fields}
    ):
        assert check_lookup_indexes() == []
        key = get_provider().phone_key  # type: ignore[attr-defined]
        assert (key.field_name, key.digits) == ("mobile", 9)
        fields["phone"] = "full_name"
        with override_settings(
            CRM_CONNECT={"DIRECTORY_MODEL": "tests.Lead", "DIRECTORY_FIELDS": fields}
        ):
            assert [m.id for m in check_lookup_indexes()] == ["crm_connect.W110"]


def test_the_checks_leave_custom_lookups_and_broken_settings_alone() -> None:
    for crm_connect in (
        {"PROVIDER": f"{__name__}.NotAModelProvider"},
        {"PROVIDER": "no.such.Provider"},
        {"DIRECTORY_MODEL": ""},
        {"DIRECTORY_MODEL": "crm.Nope"},
        {"DIRECTORY_MODEL": "crm.Contact", "DIRECTORY_FIELDS": {"phone": "nope", "name": ""}},
    ):
        with override_settings(CRM_CONNECT=crm_connect):
            assert check_lookup_indexes() == [], crm_connect


class NotAModelProvider:
    pass
