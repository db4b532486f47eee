"""``python manage.py rundemo``: the CRM on one port and the sandboxes on the next.

The sandboxes must be another origin than the CRM (that is the point of every
protocol), and UCP frames CRM pages, which needs the session cookie: two ports of
127.0.0.1 are two origins of one site, so both hold.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandParser
from django.core.servers.basehttp import get_internal_wsgi_application, run


class Command(BaseCommand):
    help = "Serve the example CRM and its sandbox simulators (development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="the CRM's port")

    def handle(self, *args: Any, **options: Any) -> None:
        port: int = options["port"]
        sandbox = urlsplit(settings.SANDBOX_ORIGIN)
        sandbox_host = sandbox.hostname or "127.0.0.1"
        sandbox_port = sandbox.port or port + 1
        handler = StaticFilesHandler(get_internal_wsgi_application())
        threading.Thread(
            target=run, args=(sandbox_host, sandbox_port, handler), daemon=True
        ).start()
        self.stdout.write(
            f"Example CRM:  http://127.0.0.1:{port}/  (log in as agent/agent or admin/admin)\n"
            f"Sandboxes:    {settings.SANDBOX_ORIGIN}/sandbox/\n"
            f"UCP host:     {settings.SANDBOX_ORIGIN}/sandbox/ucp/?crm=http://127.0.0.1:{port}\n"
            "Quit with CONTROL-C."
        )
        if urlsplit(settings.CRM_ORIGIN).port != port:
            self.stderr.write(
                f"CRM_CONNECT_CRM_ORIGIN is {settings.CRM_ORIGIN}: the sandbox UCP host frames "
                "that unless its URL says ?crm= (`make demo PORT=...` sets both)."
            )
        with contextlib.suppress(KeyboardInterrupt):
            run("127.0.0.1", port, handler)
