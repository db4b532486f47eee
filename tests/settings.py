"""Test settings: what the suite needs, written out, and nothing read from the environment
but ``DATABASE_URL``.

The example project's CRM app (``example_project.crm``: contacts, pages with the tags)
and its sandboxes (``example_project.sandbox``: the contact-center side) are the suite's
fixtures, but not its settings: the demo's settings read a dozen environment variables and
send a Content-Security-Policy, and neither may change what a test sees. Tests that need a
policy, host origins or a connector URL set them (``tests/csp/setups.py``,
``override_settings``).

Set ``DATABASE_URL`` (e.g. ``postgres://postgres@127.0.0.1:5432/test``) to run the suite
against another database.
"""

from __future__ import annotations

import os
import tempfile
from importlib.util import find_spec
from pathlib import Path
from typing import Any

root = Path(__file__).resolve().parent.parent

SECRET_KEY = "crm-connect-tests-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "crm_connect",
    "example_project.crm",
    "example_project.sandbox",
]

# The CSP middleware of the installed Django (its own on 6+, else django-csp), with no
# policy: pages carry no header until a test sets one (tests/csp/setups.py swaps it).
# (Lower-case names are not settings.)
if find_spec("django.middleware.csp") is not None:
    csp_middleware = "django.middleware.csp.ContentSecurityPolicyMiddleware"
    csp_context_processor = "django.template.context_processors.csp"
else:  # pragma: no cover - Django 5.2
    csp_middleware = "csp.middleware.CSPMiddleware"
    csp_context_processor = "csp.context_processors.nonce"
SECURE_CSP: dict[str, object] = {}
CONTENT_SECURITY_POLICY = None

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    csp_middleware,
    "crm_connect.middleware.CrmConnectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# Skylight's popup reaches the CRM through window.opener (docs/skylight.md).
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popups"

ROOT_URLCONF = "example_project.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [root / "example_project" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "example_project.crm.context_processors.connector_mode",
                csp_context_processor,
            ],
        },
    },
]

SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}


def _database() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url

        database = dict(dj_database_url.parse(url, conn_max_age=60))
        # One test database per run: CI legs and other checkouts may share the server, and
        # two runs creating the same "test_<name>" would destroy each other's database.
        database["TEST"] = {"NAME": f"test_crm_connect_{os.getpid()}"}
        return database
    # A file, not ":memory:": the live servers of the browser tests answer several
    # requests at once (a page and its frames), and an in-memory database is one
    # connection shared by every thread, which SQLite does not survive.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
        "OPTIONS": SQLITE_OPTIONS,
        "TEST": {
            "NAME": os.path.join(tempfile.gettempdir(), f"crm_connect_tests_{os.getpid()}.sqlite3")
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "crm:contact-list"
LOGOUT_REDIRECT_URL = "login"

REST_FRAMEWORK: dict[str, object] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
# The OpenAPI schema (tests/test_api_openapi.py), when the openapi extra is installed: one
# test runs the app with drf_spectacular made unimportable.
try:
    import drf_spectacular  # noqa: F401
except ImportError:
    pass
else:
    INSTALLED_APPS.append("drf_spectacular")
    REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "drf_spectacular.openapi.AutoSchema"
    SPECTACULAR_SETTINGS = {
        "TITLE": "django-crm-connect example CRM",
        "VERSION": "1",
        "OAS_VERSION": "3.1.0",  # pydantic's JSON schema: null is a type
        "SERVE_INCLUDE_SCHEMA": False,
    }

# The example CRM's pages link to the sandboxes, and the sandbox UCP host to the CRM;
# its seed_demo command stores the sandbox connector in the demo call center.
SANDBOX_ORIGIN = "http://127.0.0.1:8001"
CRM_ORIGIN = "http://127.0.0.1:8000"
DEMO_CONNECTOR_URL = f"{SANDBOX_ORIGIN}/sandbox/connector/"

CRM_CONNECT: dict[str, Any] = {
    "DEBUG": True,
    # No default connector, popup or UCP host: tests that need one set it.
    "CONNECTOR_URL": "",
    "SKYLIGHT_URL": "",
    "UCP_ORIGINS": [],
    "CALL_CENTER_SETTINGS": {"ServerConfig": {"serverHostName": SANDBOX_ORIGIN}},
    "APP_NAME": "Example CRM",
    # The connector features, over the example CRM's contacts.
    "DIRECTORY_MODEL": "crm.Contact",
    "DIRECTORY_FIELDS": {"name": "name", "phone": "phone", "email": "email"},
    "PHONE_REGION": "US",
    "CREATE_URL": "crm:contact-create",
    "REPORTS_URL": "crm:interaction-log-list",
    "CUSTOM_FIELDS": {
        "voice": {
            "caseNumber": {"label": "Case number"},
            "outcome": {"label": "Outcome", "type": "PICKLIST"},
        },
        "digital": {"caseNumber": {"label": "Case number"}},
    },
}
SILENCED_SYSTEM_CHECKS: list[str] = []
