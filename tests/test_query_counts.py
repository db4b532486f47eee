"""Regression guards: how many queries the connector costs, per endpoint and per page.

Counts, not times, so they hold on any machine. The baselines are the same page without
the tag and a bare DRF view through the same middleware and authentication.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from crm_connect.call_centers import invalidate_call_centers
from crm_connect.models import CallCenter

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class BareView(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        return Response({})


urlpatterns = [
    path("bare/", BareView.as_view()),
    path("", include("tests.urls")),  # the CRM, plus /tests/without-tag/
]

PAGE = "/"
PAGE_WITHOUT_TAG = "/tests/without-tag/"
ENDPOINT = "/crm-connect/api/crm-data/"


@pytest.fixture
def agent_client(client: Client, agent: User, call_center: CallCenter) -> Client:
    client.force_login(agent)
    return client


def queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return [query["sql"] for query in captured.captured_queries]


def counts(client: Client, url: str) -> tuple[int, int]:
    """Queries with a cold cache, then with a warm one."""
    invalidate_call_centers()
    return len(queries(client, url)), len(queries(client, url))


def test_the_crm_data_endpoint_costs_one_query_cold_and_none_warm(agent_client: Client) -> None:
    bare = len(queries(agent_client, "/bare/"))
    assert bare == 2  # the session and the user
    assert counts(agent_client, ENDPOINT) == (bare + 1, bare)


def test_the_connector_tag_costs_one_query_cold_and_none_warm(agent_client: Client) -> None:
    without = len(queries(agent_client, PAGE_WITHOUT_TAG))
    cold, warm = counts(agent_client, PAGE)
    assert (cold - without, warm - without) == (1, 0)
    assert b"crm-connect-connector-config" in agent_client.get(PAGE).content


def test_the_one_cold_query_is_the_call_center(agent_client: Client) -> None:
    invalidate_call_centers()
    ours = [sql for sql in queries(agent_client, PAGE) if "crm_connect_" in sql]
    assert len(ours) == 1
    assert "crm_connect_callcenter" in ours[0]


def test_a_user_without_a_call_center_costs_no_query_when_warm(client: Client, agent: User) -> None:
    """No call center at all (nothing in the database or settings) is cached too."""
    client.force_login(agent)
    without = len(queries(client, PAGE_WITHOUT_TAG))
    assert counts(client, PAGE) == (without + 1, without)


def test_several_tags_on_a_page_resolve_the_call_center_once(
    agent_client: Client, settings: object
) -> None:
    """The connector and the Skylight launcher share one resolution, even uncached."""
    from django.conf import settings as django_settings

    without = len(queries(agent_client, PAGE_WITHOUT_TAG))
    crm_connect = {**django_settings.CRM_CONNECT, "CACHE_TIMEOUT": 0}
    settings.CRM_CONNECT = crm_connect  # type: ignore[attr-defined]
    CallCenter.objects.update(skylight_url="https://skylight.example.com/")
    page = queries(agent_client, PAGE)
    assert len(page) - without == 1
    content = agent_client.get(PAGE).content
    assert b"crm-connect-connector-config" in content
    assert b"crm-connect-skylight-config" in content
