"""Fixtures for the browser tests: two origins, a logged-in agent, a call center.

The CRM is pytest-django's ``live_server`` (http://127.0.0.1:P1) and the sandbox
simulators are a second live server on another port (http://127.0.0.1:P2): another
origin of the same site, as in ``make demo``. ``other_origin`` is the sandbox server
reached as ``localhost``: another origin and another site.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from crm_connect.models import CallCenter

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def sandbox_server(django_db_setup: None, django_db_blocker: Any) -> Iterator[LiveServer]:
    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1:0")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sandbox_origin(sandbox_server: LiveServer) -> str:
    return sandbox_server.url


@pytest.fixture(scope="session")
def other_origin(sandbox_server: LiveServer) -> str:
    return f"http://localhost:{urlsplit(sandbox_server.url).port}"


@pytest.fixture
def crm(live_server: LiveServer) -> str:
    return str(live_server.url)


@pytest.fixture
def connector_call_center(make_call_center: Any, sandbox_origin: str) -> CallCenter:
    return make_call_center(connector_url=f"{sandbox_origin}/sandbox/connector/")


@pytest.fixture
def skylight_call_center(make_call_center: Any, sandbox_origin: str) -> CallCenter:
    """Skylight only (the sandbox's), no connector: Skylight sets up at once."""
    return make_call_center(connector_url="", skylight_url=f"{sandbox_origin}/sandbox/skylight/")


def login(page: Page, base_url: str, user: User) -> None:
    """Give the browser a session for ``user``, as logging in would."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base_url}]
    )


@pytest.fixture
def agent_page(page: Page, crm: str, agent: User) -> Page:
    login(page, crm, agent)
    page.set_default_timeout(10_000)
    return page
