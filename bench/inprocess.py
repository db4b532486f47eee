"""Benchmarks that run the Django app in this process, through its WSGI handler."""

from __future__ import annotations

import gc
import io
import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.report import Row, judged, median

PAGE = "/"
PAGE_WITHOUT_TAG = "/bench/without-tag/"
ENDPOINT = "/crm-connect/api/crm-data/"
CONSTANT_ENDPOINT = "/bench/api/constant-crm-data/"

PENPAL_MIN_GZIP = 7 * 1024  # the reference point: penpal's minified build, gzip
JS_BUDGET = 5 * 1024
JS_WITH_FEATURES_BUDGET = 16_896  # tests/test_js_size.py


class App:
    """Calls the WSGI application the way a server would, as one signed-in agent."""

    def __init__(self, session_key: str) -> None:
        self.handler = WSGIHandler()
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"

    def get(self, path: str) -> tuple[str, bytes]:
        environ = {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_ACCEPT": "text/html,application/json",
            "HTTP_COOKIE": self.cookie,
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        status: list[str] = []

        def start_response(
            status_line: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            status.append(status_line)
            return lambda data: None

        response = self.handler(environ, start_response)
        try:
            body = b"".join(response)
        finally:
            response.close()
        if not status[0].startswith("200"):
            raise RuntimeError(f"GET {path}: {status[0]}")
        return status[0], body

    def queries(self, path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.get(path)
        return len(captured.captured_queries)


def paired_ratios(
    app: App, path: str, baseline: str, *, rounds: int, per_round: int
) -> tuple[float, float, float]:
    """Median over rounds of (mean time of ``path``) / (mean time of ``baseline``), each
    round timing both back to back in alternating order, so that the machine's other
    load, which drifts over seconds, hits both sides of each ratio alike. Also returns
    the median seconds per request of each."""
    for each in (path, baseline):  # warm up: caches, connections, compiled templates
        for _ in range(per_round * 2):
            app.get(each)
    ratios, times, base_times = [], [], []
    for index in range(rounds):
        measured: dict[str, float] = {}
        for each in (path, baseline) if index % 2 == 0 else (baseline, path):
            gc.collect()
            start = time.perf_counter()
            for _ in range(per_round):
                app.get(each)
            measured[each] = (time.perf_counter() - start) / per_round
        ratios.append(measured[path] / measured[baseline])
        times.append(measured[path])
        base_times.append(measured[baseline])
    return median(ratios), median(times), median(base_times)


def query_rows(app: App, invalidate: Callable[[], None]) -> list[Row]:
    rows = []
    for what, path, baseline_path, baseline in [
        ("database queries: `crmData` endpoint", ENDPOINT, CONSTANT_ENDPOINT, "a bare view"),
        ("database queries: page with the connector tag", PAGE, PAGE_WITHOUT_TAG, "page without"),
    ]:
        app.get(baseline_path)  # a first request may fill per-process caches
        base = app.queries(baseline_path)
        invalidate()
        cold = app.queries(path)
        warm = app.queries(path)
        rows.append(
            Row(
                what,
                f"{baseline}: {base} queries",
                f"+{cold - base} cold cache, +{warm - base} warm",
                "≤ 1 more; 0 warm",
                judged(cold - base <= 1 and warm - base <= 0),
            )
        )
    return rows


def render_row(app: App, rounds: int = 40) -> Row:
    ratio, with_tag, without = paired_ratios(
        app, PAGE, PAGE_WITHOUT_TAG, rounds=rounds, per_round=10
    )
    return Row(
        "page render with the app's tags (whole request, warm cache)",
        f"same page without: {without * 1000:.2f} ms",
        f"{ratio:.2f}× ({with_tag * 1000:.2f} ms)",
        "≤ 1.1×",
        judged(ratio <= 1.1),
    )


def throughput_row(app: App, rounds: int = 40) -> Row:
    time_ratio, endpoint, constant = paired_ratios(
        app, ENDPOINT, CONSTANT_ENDPOINT, rounds=rounds, per_round=20
    )
    ratio = 1 / time_ratio  # throughput is the inverse of time per request
    return Row(
        "`crmData` endpoint throughput (one process, warm cache)",
        f"bare view, same JSON: {1 / constant:.0f} req/s",
        f"{ratio:.2f}× ({1 / endpoint:.0f} req/s)",
        "≥ 0.8×",
        judged(ratio >= 0.8),
    )


def js_size_rows(app: App) -> list[Row]:
    from bench.jssize import connector_js_bytes, feature_js_bytes, relay_js_bytes

    _status, body = app.get("/bench/connector-only/")
    initial: dict[str, Any] = connector_js_bytes(body.decode())
    features: dict[str, Any] = feature_js_bytes(body.decode())

    def figure(sizes: dict[str, Any]) -> str:
        files = " + ".join(f"{name} {size} B" for name, size in sizes.items())
        return f"{sum(sizes.values()) / 1024:.2f} kB = {files}"

    everything = {**initial, **features}
    _status, body = app.get("/")  # every tag
    every_tag: dict[str, Any] = connector_js_bytes(body.decode())
    relay: dict[str, Any] = relay_js_bytes(body.decode())
    return [
        Row(
            "JavaScript a connector-only page downloads (gzip -9)",
            f"penpal minified, gzip: ~{PENPAL_MIN_GZIP / 1024:.0f} kB (reference)",
            figure(initial),
            "≤ 5 kB",
            judged(sum(initial.values()) <= JS_BUDGET),
        ),
        Row(
            "JavaScript with the feature module loaded on first use (gzip -9)",
            "-",
            figure(everything),
            "≤ 16.5 kB (regression guard)",
            judged(sum(everything.values()) <= JS_WITH_FEATURES_BUDGET),
        ),
        Row(
            "JavaScript a page with every tag downloads (gzip -9); Skylight's relay apart",
            "-",
            f"{figure(every_tag)}; relay when a tab needs it: {figure(relay)}",
            "the relay not with the page",
            judged(not set(relay) & set(every_tag)),
        ),
    ]
