"""Run the CRM live server with another MIDDLEWARE for the length of a test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pytest_django.live_server_helper import LiveServer

from tests.csp.setups import Setup


@contextmanager
def live_setup(live_server: LiveServer, setup: Setup, *args: Any, **kwargs: Any) -> Iterator[None]:
    """``setup.settings(...)`` for the live server too.

    Policies are read per request, but a WSGI handler builds its middleware chain once:
    rebuild the live server's chain inside the override, and again after it.
    """
    handlers: list[Any] = [live_server.thread.httpd.get_app()]
    while hasattr(handlers[-1], "application"):  # static and media files handlers
        handlers.append(handlers[-1].application)

    def reload() -> None:
        # Each level that is a WSGIHandler may run its own chain (the media files
        # handler does); the static files handler's load_middleware() does nothing.
        for handler in handlers:
            handler.load_middleware()

    try:
        with setup.settings(*args, **kwargs):
            reload()
            yield
    finally:
        reload()
