"""WSGI entry points for gunicorn: ``bench.wsgi:application`` (the app alone) and
``bench.wsgi:with_static`` (also serving static files, for the browser benchmarks)."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
with_static = StaticFilesHandler(application)
