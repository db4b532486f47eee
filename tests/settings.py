"""Test settings: the example project, with an in-memory SQLite database by default.

Set ``DATABASE_URL`` (e.g. ``postgres://postgres@127.0.0.1:5432/test``) to run the
suite against another database.
"""

from __future__ import annotations

import os
import tempfile

from example_project.settings import *  # noqa: F403
from example_project.settings import CRM_CONNECT, SQLITE_OPTIONS

if not os.environ.get("DATABASE_URL"):
    # A file, not ":memory:": the live servers of the browser tests answer several
    # requests at once (a page and its frames), and an in-memory database is one
    # connection shared by every thread, which SQLite does not survive.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": ":memory:",
            "OPTIONS": SQLITE_OPTIONS,
            "TEST": {
                "NAME": os.path.join(
                    tempfile.gettempdir(), f"crm_connect_tests_{os.getpid()}.sqlite3"
                )
            },
        }
    }
else:
    # One test database per run: CI legs and other checkouts may share the server, and
    # two runs creating the same "test_<name>" would destroy each other's database.
    DATABASES["default"]["TEST"] = {"NAME": f"test_crm_connect_{os.getpid()}"}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
CRM_CONNECT = {
    **CRM_CONNECT,
    "DEBUG": True,
    "CONNECTOR_URL": "",
    "SKYLIGHT_URL": "",
    "UCP_ORIGINS": [],  # tests that need host origins set them
}
SILENCED_SYSTEM_CHECKS: list[str] = []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The example project sends a Content-Security-Policy (see its settings). Tests that need
# one set it themselves (tests/csp/setups.py): under script-src without 'unsafe-eval',
# Playwright's wait_for_function("expression") fails as soon as it has to poll, because
# it polls with eval ("() => expression" is evaluated once and works).
SECURE_CSP: dict[str, object] = {}
CONTENT_SECURITY_POLICY = None
