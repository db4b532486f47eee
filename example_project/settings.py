"""Settings of the example CRM. Not for production: see docs/deployment.md."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-project-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

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

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A CSP middleware is inserted here below, when one is available.
    # Adds the connector's origin to frame-src, and the popup-friendly COOP, on the
    # pages that need them; before or after the CSP middleware, either works.
    "crm_connect.middleware.CrmConnectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Skylight is a cross-origin popup: it reaches the CRM only through window.opener, which
# Django's default "same-origin" cuts. Every page of the site sends the same policy,
# because the agent's tab visiting a page with another one cuts the link for good.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popups"

# Content Security Policy: a strict one, to show what the app does for a real policy.
# `default-src 'self'` and scripts only with the request's nonce or from the site's own
# origin; crm_connect's tags render the nonce. No other origin is written here: on each
# page, CrmConnectMiddleware adds the connector's origin to frame-src when the page shows
# the connector (and the Skylight SDK table to connect-src where Skylight is), and the
# sandbox UCP host adds the CRM it frames (example_project/sandbox/views.py).
# DJANGO_CSP_LIBRARY picks the library: "builtin" (Django 6+, the default there),
# "django-csp" (`make install` installs the `csp` extra; the default on Django 5.2) or
# "none". (Lower-case names below: upper-case ones in a settings module become settings.)
csp_library = os.environ.get("DJANGO_CSP_LIBRARY") or next(
    (
        library
        for library, module in (("builtin", "django.utils.csp"), ("django-csp", "csp"))
        if importlib.util.find_spec(module) is not None
    ),
    "none",
)
csp_processor = None
if csp_library == "builtin":
    from django.utils import csp as builtin_csp

    MIDDLEWARE.insert(1, "django.middleware.csp.ContentSecurityPolicyMiddleware")
    SECURE_CSP = {
        "default-src": [builtin_csp.CSP.SELF],
        "script-src": [builtin_csp.CSP.SELF, builtin_csp.CSP.NONCE],
        "object-src": [builtin_csp.CSP.NONE],
        "base-uri": [builtin_csp.CSP.NONE],
    }
    csp_processor = "django.template.context_processors.csp"
elif csp_library == "django-csp":
    from csp import constants as django_csp

    MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")
    CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            "default-src": [django_csp.SELF],
            "script-src": [django_csp.SELF, django_csp.NONCE],
            "object-src": [django_csp.NONE],
            "base-uri": [django_csp.NONE],
        }
    }
    csp_processor = "csp.context_processors.nonce"
elif csp_library != "none":
    raise ValueError(f"DJANGO_CSP_LIBRARY is {csp_library!r}: builtin, django-csp or none")

ROOT_URLCONF = "example_project.urls"
WSGI_APPLICATION = "example_project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "example_project.crm.context_processors.connector_mode",
                *([csp_processor] if csp_processor else []),
            ],
        },
    },
]


SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}


def _database() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url

        return dict(dj_database_url.parse(url, conn_max_age=60))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
        # SQLite is for the demo (docs/deployment.md). Without these, parallel saves fail
        # with "database is locked" (crm_connect.W021).
        "OPTIONS": SQLITE_OPTIONS,
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR.parent / "staticfiles"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "crm:contact-list"
LOGOUT_REDIRECT_URL = "login"

REST_FRAMEWORK: dict[str, object] = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}

# The OpenAPI schema at /api/schema/ (docs/api.md), with django-crm-connect[openapi].
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

# The sandboxes play the contact-center side. They are served from another origin than
# the CRM: `make demo` runs the CRM on PORT and the sandboxes on PORT + 1.
SANDBOX_ORIGIN = os.environ.get("CRM_CONNECT_SANDBOX_ORIGIN", "http://127.0.0.1:8001")
# Where the sandbox UCP host finds the CRM when its URL does not say (`?crm=<origin>`).
CRM_ORIGIN = os.environ.get("CRM_CONNECT_CRM_ORIGIN", "http://127.0.0.1:8000")


def _origins(value: str) -> list[str]:
    return [origin.strip() for origin in value.split(",") if origin.strip()]


# `seed_demo` stores this in the demo call center; CRM_CONNECT_CONNECTOR_URL points the
# example project at any other connector.
DEMO_CONNECTOR_URL = os.environ.get(
    "CRM_CONNECT_CONNECTOR_URL", f"{SANDBOX_ORIGIN}/sandbox/connector/"
)

CRM_CONNECT: dict[str, Any] = {
    # The settings-only default call center, used while the database has none.
    "CONNECTOR_URL": DEMO_CONNECTOR_URL,
    # Laid over the vendor's defaults (docs/connector.md); the connector requires
    # serverHostName (system check crm_connect.E011).
    "CALL_CENTER_SETTINGS": {
        "ServerConfig": {
            "serverHostName": "{0.scheme}://{0.netloc}".format(urlsplit(DEMO_CONNECTOR_URL))
        },
    },
    # Skylight, the CxEngage agent desktop opened as a popup (docs/skylight.md); also
    # stored in the demo call center by `seed_demo`.
    "SKYLIGHT_URL": os.environ.get(
        "CRM_CONNECT_SKYLIGHT_URL", f"{SANDBOX_ORIGIN}/sandbox/skylight/"
    ),
    "APP_NAME": "Example CRM",
    # "docked" (the connector in every page, kept across navigations by htmx) or "window"
    # (one softphone window for every tab): docs/softphone-window.md.
    "CONNECTOR_MODE": os.environ.get("CRM_CONNECT_CONNECTOR_MODE") or "docked",
    # Hosts that may frame the contact pages (UCP): comma-separated, the sandbox UCP
    # host by default. Empty: only the CRM itself may frame them, and crmConnect.ucp
    # posts to '*' (system check crm_connect.W301).
    "UCP_ORIGINS": _origins(os.environ.get("CRM_CONNECT_UCP_ORIGINS", SANDBOX_ORIGIN)),
    "DEBUG": DEBUG,
    # Connector features (docs/providers.md, docs/connector-features.md)
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

# The default UCP host (the sandbox) is another port of 127.0.0.1: the same site as the
# CRM, so SameSite=Lax cookies reach the framed pages and W003 does not apply. A host
# named in CRM_CONNECT_UCP_ORIGINS may be another site: then the warning stands.
if "CRM_CONNECT_UCP_ORIGINS" not in os.environ:
    SILENCED_SYSTEM_CHECKS = ["crm_connect.W003"]
