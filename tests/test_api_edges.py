"""What every endpoint refuses, and how (docs/api.md, docs/security.md): the explicit
authentication classes, JSON-only bodies (415), bodies over Django's limit (413 in the
JSON error shape, not Django's HTML page), and unknown query parameters (400)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.authentication import BasicAuthentication
from rest_framework.test import APIClient
from rest_framework.views import APIView

from crm_connect.models import CallCenter, InteractionLog
from tests.factories import log_data

pytestmark = pytest.mark.django_db

CRM_DATA = reverse("crm_connect:crm-data")
DIRECTORY = reverse("crm_connect:directory")
PHONE_SEARCH = reverse("crm_connect:phone-search")
RECORD = reverse("crm_connect:record", args=["1"])
LOGS = reverse("crm_connect:interaction-logs")

# Every read, with the query it documents (so that only the extra parameter is wrong).
READS = [
    CRM_DATA,
    DIRECTORY,
    PHONE_SEARCH + "?number=5550100199",
    RECORD,
    LOGS + "?limit=5",
]


@pytest.fixture
def client(agent: Any) -> APIClient:
    client = APIClient()
    client.force_login(agent)
    return client


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


# --- authentication: the same explicit classes on every endpoint ---------------------


@pytest.fixture
def project_authentication(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set the project's ``REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]``. DRF reads
    it once, into ``APIView``'s class attributes, when it is imported; override_settings
    comes too late for that, so the class attribute is what is set here."""

    def set_default(classes: list[type]) -> None:
        monkeypatch.setattr(APIView, "authentication_classes", classes)

    return set_default


@pytest.mark.parametrize("url", READS)
def test_basic_authentication_is_refused_whatever_the_project_default(
    url: str, agent: Any, call_center: CallCenter, project_authentication: Any
) -> None:
    project_authentication([BasicAuthentication])
    response = APIClient().get(url, HTTP_AUTHORIZATION=basic("agent", "agent"))
    assert response.status_code == 403
    assert "currentUser" not in response.content.decode()


@pytest.mark.parametrize("url", READS)
def test_the_session_works_whatever_the_project_default(
    url: str, client: APIClient, call_center: CallCenter, project_authentication: Any
) -> None:
    project_authentication([])
    assert client.get(url).status_code in (200, 404)  # 404: record 1 does not exist


# --- bodies --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", "data=1"),
        (
            "multipart/form-data; boundary=XX",
            '--XX\r\nContent-Disposition: form-data; name="data"\r\n\r\n1\r\n--XX--\r\n',
        ),
        ("text/plain", json.dumps({"data": log_data()})),
    ],
)
def test_a_body_that_is_not_json_is_a_415(client: APIClient, content_type: str, body: str) -> None:
    response = client.generic("POST", LOGS, body, content_type=content_type)
    assert response.status_code == 415
    assert set(response.json()) == {"detail"}
    assert InteractionLog.objects.count() == 0


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_body_over_the_upload_limit_is_a_413_in_json(agent: Any) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(agent)
    token = client.get("/").cookies["csrftoken"].value
    body = json.dumps({"data": log_data(comments="x" * 20_000)})
    response = client.generic(
        "POST", LOGS, body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    # A form that large is refused for its type before it is read: JSON all the same.
    response = client.generic(
        "POST",
        LOGS,
        "a=" + "x" * 20_000,
        content_type="application/x-www-form-urlencoded",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 415
    assert set(response.json()) == {"detail"}
    assert InteractionLog.objects.count() == 0


# --- query parameters ----------------------------------------------------------------


@pytest.mark.parametrize("url", READS)
def test_an_unknown_query_parameter_is_a_field_error(
    url: str, client: APIClient, call_center: CallCenter
) -> None:
    response = client.get(url + ("&" if "?" in url else "?") + "who=all")
    assert response.status_code == 400
    assert "who" in response.json()


def test_a_write_takes_no_query_parameter(client: APIClient) -> None:
    response = client.post(LOGS + "?who=all", {"data": log_data()}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"who"}
    assert InteractionLog.objects.count() == 0


def test_drf_format_parameter_is_still_allowed(client: APIClient) -> None:
    assert client.get(DIRECTORY + "?format=json").status_code == 200


@pytest.mark.parametrize("url", READS)
def test_anonymous_callers_learn_nothing_about_parameters(url: str) -> None:
    """Authentication comes first: a 403, not a 400 listing what is wrong."""
    assert APIClient().get(url + ("&" if "?" in url else "?") + "who=all").status_code == 403
