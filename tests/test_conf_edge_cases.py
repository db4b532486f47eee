"""Settings and policies of unusual shapes: read leniently by ``conf`` and ``csp``, judged
correctly by the check helpers, and a database that is not migrated yet."""

from __future__ import annotations

from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError
from django.test import override_settings
from pydantic import ValidationError

from crm_connect import config_checks, csp, page_checks, providers
from crm_connect.conf import conf
from crm_connect.connector.schemas.records import CrmDirectory, DirectoryEntry
from crm_connect.models import CallCenter
from crm_connect.skylight import checks as skylight_checks


def crm_connect(**values: Any) -> Any:
    return override_settings(CRM_CONNECT={**settings.CRM_CONNECT, **values})


# --- conf -------------------------------------------------------------------------------


def test_reply_topics_that_are_not_a_dict_are_ignored() -> None:
    with crm_connect(SKYLIGHT_REPLY_TOPICS=["a", "b"]):
        assert conf.SKYLIGHT_REPLY_TOPICS == {}
    with crm_connect(SKYLIGHT_REPLY_TOPICS={"a.b": 1}):
        assert conf.SKYLIGHT_REPLY_TOPICS == {"a.b": "1"}


def test_directory_fields_that_are_not_a_dict_keep_the_defaults() -> None:
    with crm_connect(DIRECTORY_FIELDS="name"):
        assert conf.DIRECTORY_FIELDS == {"name": "name", "phone": "phone", "email": "email"}
    with crm_connect(DIRECTORY_FIELDS={"email": None}):
        assert conf.DIRECTORY_FIELDS["email"] == ""


def test_key_lists_accept_a_single_string() -> None:
    with crm_connect(SCREEN_POP_KEYS="callId", NOTIFICATION_SEVERITY_KEYS="level"):
        assert conf.SCREEN_POP_KEYS == ["callId"]
        assert conf.NOTIFICATION_SEVERITY_KEYS == ["level"]


def test_an_empty_severity_key_list_falls_back_to_severity() -> None:
    with crm_connect(NOTIFICATION_SEVERITY_KEYS=["", None]):
        assert conf.NOTIFICATION_SEVERITY_KEYS == ["severity"]


@pytest.mark.parametrize(
    ("key", "value", "default"),
    [
        ("DIRECTORY_LIMIT", "many", 500),
        ("HANDSHAKE_TIMEOUT", None, 30000),
        ("HANDSHAKE_TIMEOUT", "30s", 30000),
        ("PHONE_MATCH_DIGITS", [7], 7),
        ("PHONE_SEARCH_LIMIT", False, 20),
        ("LOG_RETRY_ATTEMPTS", "4", 4),
        ("LOG_RETRY_DELAY", {}, 500),
        ("CACHE_TIMEOUT", "300", 300),
        ("CACHE_LOCAL_TIMEOUT", "5", 5.0),
    ],
)
def test_a_number_of_the_wrong_type_falls_back_to_its_default(
    key: str, value: Any, default: Any
) -> None:
    """Never a crash while rendering or answering; crm_connect.E020 reports the value."""
    with crm_connect(**{key: value}):
        assert getattr(conf, key) == default


@pytest.mark.parametrize("value", [None, "CONNECTOR_URL", ["a"], 3])
def test_crm_connect_of_the_wrong_type_reads_as_empty(value: Any) -> None:
    with override_settings(CRM_CONNECT=value):
        assert conf.raw == {}
        assert conf.DIRECTORY_LIMIT == 500
        assert conf.UCP_ORIGINS == []
        assert skylight_checks.check_skylight() == []


def test_an_absent_crm_connect_reads_as_empty(settings: Any) -> None:
    del settings.CRM_CONNECT
    assert conf.raw == {}
    assert conf.setting_problem() is None
    assert skylight_checks.check_skylight() == []
    assert config_checks.check_settings() == []


# --- csp source lists -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, []),
        (False, []),
        (True, []),  # a flag such as upgrade-insecure-requests: no sources
        ("'self'", ["'self'"]),
        (42, ["42"]),
        ({"https://b.example", "https://a.example"}, ["https://a.example", "https://b.example"]),
        (("'self'", "https://x.example"), ["'self'", "https://x.example"]),
    ],
)
def test_a_directive_value_becomes_a_list_of_sources(value: Any, expected: list[str]) -> None:
    assert csp.source_list(value) == expected


def test_nonce_sentinels_are_left_out_of_source_lists() -> None:
    sentinels = [s for s in (csp.DJANGO_CSP_NONCE, csp.BUILTIN_NONCE) if s is not None]
    assert sentinels, "at least django-csp is installed (make install: the csp extra)"
    assert csp.source_list(["'self'", *sentinels]) == ["'self'"]
    assert not csp.is_nonce_sentinel("'self'")


# --- check helpers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "local"),
    [
        (None, False),
        ("", False),
        ("localhost", True),
        ("crm.localhost", True),
        ("[::1]", True),
        ("127.0.0.2", True),
        ("10.0.0.1", False),
        ("example.com", False),
    ],
)
def test_local_hosts(host: str | None, local: bool) -> None:
    assert config_checks.is_local_host(host) is local


@override_settings(DEBUG=False)
def test_needs_https_only_for_plain_http_to_remote_hosts() -> None:
    assert config_checks.needs_https("http://connector.example.com/")
    assert not config_checks.needs_https("https://connector.example.com/")
    assert not config_checks.needs_https("http://localhost:8001/")
    assert not config_checks.needs_https("http://[::1/")  # unparseable: E001 reports it


def test_effective_sources_takes_the_first_directive_present() -> None:
    policy = {"frame-src": None, "child-src": "'self'", "default-src": ["'none'"]}
    assert page_checks.effective_sources(policy, "frame-src", "child-src") == ["'self'"]
    assert page_checks.effective_sources(policy, "default-src") == ["'none'"]
    assert page_checks.effective_sources({"frame-src": False}, "frame-src") is None


@pytest.mark.parametrize(
    ("sources", "allowed"),
    [
        (["'nonce-fixed123'"], True),
        (["'strict-dynamic'", "'self'"], False),
        (["'self'"], True),
        (["https://cdn.example.com"], False),
    ],
)
def test_which_script_sources_let_the_static_scripts_run(sources: list[str], allowed: bool) -> None:
    assert page_checks._allows_static_scripts(sources) is allowed


def test_database_checks_skip_without_databases_and_before_migrations() -> None:
    assert config_checks.check_call_centers(databases=None) == []
    with mock.patch.object(CallCenter.objects, "using", side_effect=DatabaseError("no table")):
        assert config_checks.check_call_centers(databases=["default"]) == []
        assert skylight_checks._configured_in_database(["default"]) is False


# --- providers and directory shapes -----------------------------------------------------


def test_url_settings_are_reversed_kept_or_dropped() -> None:
    assert providers._resolve_url("") == ""
    assert providers._resolve_url("/contacts/new/") == "/contacts/new/"
    assert providers._resolve_url("crm:contact-create").startswith("/")
    assert providers._resolve_url("no-such-url-name") == ""


@pytest.mark.django_db
def test_a_directory_without_phone_or_email_fields_is_empty(agent: Any) -> None:
    from example_project.crm.models import Contact

    Contact.objects.create(name="Ada", phone="+15550100199", email="ada@example.com")
    with crm_connect(DIRECTORY_FIELDS={"phone": "", "email": ""}):
        assert providers.ModelProvider().directory(agent, limit=10) == []


def test_a_directory_entry_needs_a_way_to_reach_it() -> None:
    with pytest.raises(ValidationError, match="phone or an e-mail"):
        DirectoryEntry(id="1", name="Nobody")


def test_a_directory_count_must_match_its_results() -> None:
    entry = DirectoryEntry(id="1", name="Ada", phone="+15550100199")
    assert CrmDirectory(count="1", results=[entry]).count == "1"
    with pytest.raises(ValidationError, match="count must be the number of results"):
        CrmDirectory(count="2", results=[entry])


def test_an_empty_directory_field_is_not_checked_against_the_model() -> None:
    from crm_connect.connector.checks import check_feature_settings

    with crm_connect(DIRECTORY_FIELDS={"email": ""}):
        assert check_feature_settings() == []
    with crm_connect(DIRECTORY_FIELDS={"email": "no_such_field"}):
        assert [m.id for m in check_feature_settings()] == ["crm_connect.E102"]


def test_the_model_provider_without_a_model_refuses_to_guess() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with crm_connect(DIRECTORY_MODEL=""), pytest.raises(ImproperlyConfigured):
        _ = providers.ModelProvider().model


def test_the_base_provider_creates_nowhere() -> None:
    assert providers.Provider().create_url(None, "+15550100199") == ""  # type: ignore[arg-type]


# --- every entry point with CRM_CONNECT absent or of the wrong type ---------------------

BAD_SETTINGS = [pytest.param(None, id="absent"), pytest.param(["x"], id="a list")]


def set_crm_connect(settings: Any, value: Any) -> None:
    if value is None:
        del settings.CRM_CONNECT
    else:
        settings.CRM_CONNECT = value


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_SETTINGS)
def test_pages_render_the_tags_with_the_defaults(
    client: Any, agent: Any, call_center: CallCenter, settings: Any, value: Any
) -> None:
    """The call center comes from the admin; every key of the setting has its default."""
    set_crm_connect(settings, value)
    client.force_login(agent)
    page = client.get("/")
    assert page.status_code == 200
    assert call_center.connector_url in page.content.decode()
    assert client.get("/crm-connect/api/crm-data/").status_code == 200
    assert client.get("/crm-connect/api/directory/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD_SETTINGS)
def test_the_debug_command_runs(
    agent: Any, call_center: CallCenter, settings: Any, value: Any
) -> None:
    set_crm_connect(settings, value)
    out = StringIO()
    call_command("crm_connect_debug", "--user", "agent", "--url", "/", stdout=out)
    assert "crmData" in out.getvalue()
