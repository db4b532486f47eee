"""The OpenAPI schema of the REST endpoints (drf-spectacular) is valid and true.

- It validates as OpenAPI 3.1, and drf-spectacular generates it without a warning.
- schemathesis calls every operation through Django's WSGI handler, signed in with a
  session and a CSRF token, with generated valid and invalid input: no 5xx, and every
  response conforms to the schema (status code, content type, body).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import checks

from crm_connect.api.openapi import csrf_header_name
from crm_connect.models import CallCenter, InteractionLog
from example_project.crm.models import Contact

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("GET", "/crm-connect/api/crm-data/"),
    ("GET", "/crm-connect/api/directory/"),
    ("GET", "/crm-connect/api/phone-search/"),
    ("GET", "/crm-connect/api/records/{record_id}/"),
    ("GET", "/crm-connect/api/interaction-logs/"),
    ("POST", "/crm-connect/api/interaction-logs/"),
    ("POST", "/crm-connect/api/interaction-logs/abandoned/"),
    ("GET", "/crm-connect/api/softphone-session/"),
}


def generate() -> dict[str, Any]:
    GENERATOR_STATS.reset()
    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    return schema


def test_the_schema_is_valid_openapi_and_generates_without_warnings() -> None:
    schema = generate()
    assert (GENERATOR_STATS._warn_cache, GENERATOR_STATS._error_cache) == ({}, {})
    validate_schema(schema)
    assert schema["openapi"] == "3.1.0"
    operations = {
        (method.upper(), path) for path, item in schema["paths"].items() for method in item
    }
    assert operations == OPERATIONS


def test_bodies_come_from_the_pydantic_models() -> None:
    schema = generate()
    components = schema["components"]["schemas"]
    log_post = schema["paths"]["/crm-connect/api/interaction-logs/"]["post"]
    body = log_post["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/SaveInteractionLogBodyInput"}
    assert components["LogBodyInput"]["properties"]["interactionId"]["maxLength"] == 200
    assert components["CrmDirectory"]["properties"]["count"]["pattern"] == "^[0-9]+$"
    assert set(log_post["responses"]) == {"200", "201", "400", "403", "409", "413", "415"}
    # Unknown query parameters are a 400 everywhere, even where no query is taken.
    directory = schema["paths"]["/crm-connect/api/directory/"]["get"]
    assert "400" in directory["responses"]
    assert components["FieldErrors"]["additionalProperties"] == {
        "items": {"type": "string"},
        "type": "array",
    }
    header = [p for p in log_post["parameters"] if p["in"] == "header"]
    assert header == [
        {
            "in": "header",
            "name": "X-CSRFToken",
            "schema": {"type": "string"},
            "description": header[0]["description"],
            "required": True,
        }
    ]
    search = schema["paths"]["/crm-connect/api/phone-search/"]["get"]["parameters"]
    assert search[0]["name"] == "number"
    assert search[0]["schema"]["type"] == "array"
    assert search[0]["schema"]["maxItems"] == 10
    assert search[0]["required"] is True


WITHOUT_SPECTACULAR = """
import sys
sys.modules["drf_spectacular"] = None  # as if django-crm-connect[openapi] were not installed
import django
django.setup()
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import resolve, Resolver404
from crm_connect.connector.api.interaction_logs import InteractionLogsView
call_command("check")
response = InteractionLogsView.as_view()(RequestFactory().get("/"))
try:
    resolve("/api/schema/")
except Resolver404:
    print("status", response.status_code)
"""


def test_the_app_works_without_drf_spectacular() -> None:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_SPECTACULAR],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "status 403"


def test_the_example_project_serves_the_schema(client: Any) -> None:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["paths"].keys() == {path for _, path in OPERATIONS}


def test_a_malformed_json_body_is_a_400_with_field_errors(agent: User) -> None:
    """Found by schemathesis: a body that is not JSON answered DRF's {"detail": ...} (the
    CSRF check parses it), not the documented field errors."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    response = client.post(
        "/crm-connect/api/interaction-logs/",
        data="\x00",
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert response.json()["non_field_errors"][0].startswith("JSON parse error")


@pytest.mark.parametrize(
    "extra",
    [
        {"note\x00": 1},
        {"note": ["a\x00b"]},
        {"interactionData": {"logDetails": {"subject": "\x00"}}},
    ],
)
def test_a_nul_character_in_a_log_is_a_400_not_a_500(agent: User, extra: dict[str, Any]) -> None:
    """Found by schemathesis against PostgreSQL, which stores NUL in neither text nor
    JSON: a log with one was a 500 there."""
    client = Client()
    client.force_login(agent)
    body = {"data": {"message": {"body": {"interactionId": "abc-1", **extra}}}}
    response = client.post(
        "/crm-connect/api/interaction-logs/", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["data"][0].startswith("Value error, a NUL character is not allowed")
    assert not InteractionLog.objects.exists()


# --- schemathesis -------------------------------------------------------------------


def load_for_schemathesis() -> Any:
    """The schema as served, loaded by schemathesis; its calls go to Django's WSGI handler.
    (At collection: ``schemathesis.pytest.from_fixture`` fails under pytest 9.)"""
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generate())))
    loaded.app = get_wsgi_application()
    return loaded


@pytest.fixture
def in_test_transaction() -> Iterator[None]:
    """Requests through the WSGI handler must not close the test's database connection
    (its transaction is rolled back after the test); Django's test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def signed_in(agent: User, call_center: CallCenter) -> dict[str, Any]:
    """Cookies and headers of a signed-in agent with a CSRF token; some records to find."""
    Contact.objects.create(name="Ada", phone="+1 (555) 010-0199", email="ada@example.com")
    Contact.objects.create(name="Bob", phone="+44 20 7946 0000")
    session = SessionStore()
    session[SESSION_KEY] = str(agent.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = agent.get_session_auth_hash()
    session.save()
    token = _get_new_csrf_string()
    return {
        "cookies": {settings.SESSION_COOKIE_NAME: session.session_key, "csrftoken": token},
        "headers": {csrf_header_name(): token},
    }


schema = load_for_schemathesis()
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@schema.parametrize()
@hypothesis_settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_schema(
    case: Any, signed_in: dict[str, Any], in_test_transaction: None
) -> None:
    # The agent's session and CSRF token replace generated credentials, so the checks
    # about authentication (ignored_auth, negative_data_rejection of a missing cookie)
    # do not apply; these are the ones the schema must pass.
    case.call_and_validate(
        headers=signed_in["headers"], cookies=signed_in["cookies"], checks=CHECKS
    )
