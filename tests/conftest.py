from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from pytest_django.live_server_helper import LiveServer

from crm_connect.call_centers import clear_local_cache
from crm_connect.models import CallCenter
from tests.csp.setups import Setup

# Playwright's sync API runs an asyncio loop in the main thread; without this, Django's
# ORM refuses to run in test setup. Test configuration only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test parametrized with a CSP setup takes the setup's marks: the built-in CSP
    setups are skipped, visibly and with a reason, on a Django without built-in CSP."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        setup = callspec.params.get("setup") if callspec else None
        if isinstance(setup, Setup):
            for mark in setup.marks:
                item.add_marker(mark)


CALL_CENTER_SETTINGS = {
    "ReqGeneralInfo": {"reqInternalName": "TestCC", "reqDisplayName": "Test call center"},
    "ServerConfig": {"serverHostName": "https://connector.example.com"},
    "SoftphoneOptions": {"clickToDial": "Y", "language": "en_US"},
}


@pytest.fixture(autouse=True)
def _empty_caches() -> None:
    """Each test starts with empty caches: rolled-back test databases reuse primary keys,
    so an entry cached by one test could otherwise answer for another's user."""
    for cache in caches.all(initialized_only=True):
        cache.clear()
    clear_local_cache()


@pytest.fixture(scope="session")
def live_server(django_db_setup: None, django_db_blocker: Any) -> Iterator[LiveServer]:
    """pytest-django's ``live_server``, but made after the test database exists.

    Session fixtures are set up before function ones, so pytest-django's own fixture is
    made before ``transactional_db`` creates the database, while ``NAME`` still reads
    ``":memory:"``: it then hands the main thread's connection to the server's threads,
    which is right for a real in-memory database and wrong for our file one. Every
    request thread and the main thread then share one SQLite connection, and Python
    3.11's sqlite3 crashes (segfault) when a test's teardown flushes the database while
    the server still answers the page.
    """
    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1:0")
    yield server
    server.stop()


@pytest.fixture
def agent(django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user(
        "agent", "agent@example.com", "agent", first_name="Alice", last_name="Agent"
    )


@pytest.fixture
def other_agent(django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user("bob", "bob@example.com", "bob")


@pytest.fixture
def make_call_center(db: Any) -> Any:
    def make(**fields: Any) -> CallCenter:
        values: dict[str, Any] = {
            "name": "Test call center",
            "connector_url": "https://connector.example.com/app/",
            "settings": CALL_CENTER_SETTINGS,
            "is_default": True,
            "app_name": "Test CRM",
        }
        values.update(fields)
        return CallCenter.objects.create(**values)

    return make


@pytest.fixture
def call_center(make_call_center: Any) -> CallCenter:
    return make_call_center()


# --- browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Use the system Chromium (Debian's) when there is one; else Playwright's own."""
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    extra = {"executable_path": executable} if executable else {}
    return {
        **browser_type_launch_args,
        **extra,
        "args": [
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-features=LocalNetworkAccessChecks",
        ],
    }
