"""The live server's threads open connections of their own."""

from __future__ import annotations

from pytest_django.live_server_helper import LiveServer


def test_the_live_server_does_not_share_the_main_threads_connection(
    live_server: LiveServer,
) -> None:
    """Sharing one SQLite connection between the server's threads and the test crashed
    Python 3.11 (tests/conftest.py, ``live_server``)."""
    assert live_server.thread.connections_override == {}
