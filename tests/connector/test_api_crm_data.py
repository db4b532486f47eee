from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from crm_connect.call_centers import invalidate_call_centers
from crm_connect.connector.definition import with_defaults
from crm_connect.models import CallCenter

pytestmark = pytest.mark.django_db

URL = "/crm-connect/api/crm-data/"


def test_the_url_name_is_namespaced() -> None:
    assert reverse("crm_connect:crm-data") == URL


def test_anonymous_users_are_refused(client: Client, call_center: CallCenter) -> None:
    response = client.get(URL)
    assert response.status_code in (401, 403)
    assert "currentUser" not in response.content.decode()


def test_an_agent_gets_their_own_crm_data(
    client: Client, agent: User, other_agent: User, call_center: CallCenter
) -> None:
    client.force_login(agent)
    response = client.get(URL, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["currentUser"]["Id"] == str(agent.pk)
    assert body["currentUser"]["Username"] == "agent"
    assert body["callCenterSettings"] == with_defaults(call_center.settings)


def test_no_parameter_shows_another_users_data(
    client: Client, agent: User, other_agent: User, call_center: CallCenter
) -> None:
    """The endpoint takes no parameter naming a user (docs/api.md): any is refused, none
    is obeyed."""
    client.force_login(agent)
    for query in [f"?user={other_agent.pk}", f"?Id={other_agent.pk}", "?username=bob"]:
        response = client.get(URL + query)
        assert response.status_code == 400
        assert "currentUser" not in response.json()
    assert client.get(URL).json()["currentUser"]["Id"] == str(agent.pk)


def test_writes_are_not_allowed(client: Client, agent: User, call_center: CallCenter) -> None:
    client.force_login(agent)
    assert client.post(URL, {}).status_code == 405


def test_one_query_beyond_authentication(
    client: Client, agent: User, call_center: CallCenter, django_assert_num_queries: Any
) -> None:
    client.force_login(agent)
    client.get(URL)  # warm up: the session row is read once
    invalidate_call_centers()
    # Authentication takes two queries (the session, the user); crmData one more, and
    # none once the user's call center is cached (tests/test_query_counts.py).
    with django_assert_num_queries(3):
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(URL).status_code == 200


def test_no_call_center_is_a_404_with_a_reason(client: Client, agent: User) -> None:
    client.force_login(agent)
    response = client.get(URL)
    assert response.status_code == 404
    assert "call center" in response.json()["detail"]


def test_the_language_of_the_request_sets_the_locale_key(
    client: Client, agent: User, call_center: CallCenter
) -> None:
    client.force_login(agent)
    body = client.get(URL, HTTP_ACCEPT_LANGUAGE="de").json()
    assert body["currentUser"]["LanguageLocaleKey"] == "de"
