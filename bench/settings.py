"""Settings for the benchmarks: the example project on PostgreSQL, with a shared cache.

The runner (``python -m bench``) decides the database and cache and passes them to
every process it starts (gunicorn workers included) through the environment:
``BENCH_DATABASE_URL`` and ``BENCH_CACHE_URL`` (``redis://...`` or ``locmem://``).
"""

from __future__ import annotations

import contextvars
import os

import dj_database_url

from example_project.settings import *  # noqa: F403
from example_project.settings import CRM_CONNECT, INSTALLED_APPS

DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATABASES = {
    "default": dict(
        dj_database_url.parse(
            os.environ.get(
                "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crm_connect_bench"
            ),
            conn_max_age=600,
        )
    )
}

_cache_url = os.environ.get("BENCH_CACHE_URL", "locmem://")
if _cache_url.startswith("redis://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "crm_connect_bench",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

#: Set per request by ``bench.views.endpoint_variant``: the same page, crmData not inlined.
INLINE_OVERRIDE: contextvars.ContextVar[bool | None] = contextvars.ContextVar(
    "INLINE_OVERRIDE", default=None
)


CRM_CONNECT = {**CRM_CONNECT, "DEBUG": False, "CONNECTOR_URL": ""}
