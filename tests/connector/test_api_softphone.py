"""``GET /api/softphone-session/``: the softphone window's check of who is signed in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from crm_connect.models import CallCenter

pytestmark = pytest.mark.django_db

URL = "/crm-connect/api/softphone-session/"


def test_signed_out_is_refused(client: Client) -> None:
    assert client.get(URL).status_code in (401, 403)


def test_the_signed_in_user_and_a_fingerprint_of_the_session(
    client: Client, agent: User, other_agent: User, call_center: CallCenter
) -> None:
    client.force_login(agent)
    body = client.get(URL).json()
    assert set(body) == {"userId", "session"}
    assert body["userId"] == str(agent.pk)
    key = client.session.session_key
    assert key
    assert len(body["session"]) == 16
    assert key not in body["session"]
    assert client.get(URL).json() == body  # stable within a session
    client.force_login(other_agent)  # a new sign-in: another user, another session
    again = client.get(URL).json()
    assert again["userId"] == str(other_agent.pk)
    assert again["session"] != body["session"]


def test_no_parameter_and_no_writes(client: Client, agent: User) -> None:
    client.force_login(agent)
    assert client.get(URL + "?userId=1").status_code == 400
    assert client.post(URL, {}).status_code in (403, 405)
