"""Fixtures the connector's tests share."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient


@pytest.fixture
def agent_api_client(agent: Any) -> APIClient:
    """DRF's test client, signed in as the agent (the modules that call the API as the
    agent name it ``client``)."""
    client = APIClient()
    client.force_login(agent)
    return client


@pytest.fixture
def staff_client(django_user_model: type[User]) -> Client:
    """A superuser's browser, for the admin pages."""
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("root", "r@x.io", "root"))
    return client
