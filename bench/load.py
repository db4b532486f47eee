"""Load and scale-out: 50 clients against gunicorn with 1 and with 2 workers.

Both servers run at once and the load alternates between them in short slices
(1, 2, 2, 1, 1, 2 workers), so that a change in the machine's other load hits both
alike. PostgreSQL is the database and Redis the shared cache of every worker.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from bench import loadgen
from bench.report import Row, judged, median, percentile
from bench.servers import Gunicorn, free_port

CLIENTS = 50
SLICE_SECONDS = 10.0  # three slices each: 30 s per configuration and endpoint
WARMUP_SECONDS = 2.0
ORDER = [1, 2, 2, 1, 1, 2]
THREADS = 4
CSRF_SECRET = "b" * 32  # Django accepts the unmasked secret in the header


@dataclass
class Endpoint:
    name: str
    make: loadgen.MakeRequest


def get_request(path: str, sessions: list[str]) -> loadgen.MakeRequest:
    prebuilt = [
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
            f"Cookie: sessionid={session}\r\n\r\n"
        ).encode()
        for session in sessions
    ]
    return lambda client, sequence: prebuilt[client % len(prebuilt)]


def interaction_log_body(client: int, sequence: int) -> dict[str, object]:
    """The endpoint's body: ``{"data": <requestSaveInteractionLog data>}``, the data as
    the connector sends it (docs/connector-features.md), one new interaction per request."""
    return {"data": _log_data(client, sequence)}


def _log_data(client: int, sequence: int) -> dict[str, object]:
    return {
        "message": {
            "header": {"type": "interactionLog"},
            "body": {
                "interactionId": f"bench-{client}-{sequence}",
                "interactionData": {
                    "interaction": {
                        "intrinsics": {"START_TIME": "10:00:00", "START_DATE": "2025-01-01"},
                        "topic": "Support",
                    },
                    "logDetails": {
                        "subject": "Call with Contact 001",
                        "comments": "Discussed the renewal.",
                        "customFields": [{"logFieldName": "reason", "currentValue": "renewal"}],
                    },
                    "updatedOriginatingAddress": "+15550100001",
                    "updatedDestinationAddress": "+15550100999",
                },
            },
        }
    }


def post_request(
    path: str, sessions: list[str], body: Callable[[int, int], object] = interaction_log_body
) -> loadgen.MakeRequest:
    def make(client: int, sequence: int) -> bytes:
        payload = json.dumps(body(client, sequence)).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
            f"Cookie: sessionid={sessions[client % len(sessions)]}; csrftoken={CSRF_SECRET}\r\n"
            f"X-CSRFToken: {CSRF_SECRET}\r\n\r\n"
        )
        return head.encode() + payload

    return make


def probe(port: int, make: loadgen.MakeRequest) -> str | None:
    """None when one request succeeds, else why not."""
    result = loadgen.run("127.0.0.1", port, make, clients=1, seconds=0.0001)
    if result.errors or not result.requests:
        return "; ".join(result.error_samples) or "no response"
    return None


Results = dict[str, dict[int, loadgen.LoadResult]]


def run(
    endpoints: list[Endpoint], env: dict[str, str], *, slice_seconds: float = SLICE_SECONDS
) -> tuple[Results, dict[str, str]]:
    """The results per endpoint and worker count, and the endpoints that failed a probe."""
    ports = {1: free_port(), 2: free_port()}
    results: Results = {}
    failed: dict[str, str] = {}
    one = Gunicorn("bench.wsgi:application", [ports[1]], workers=1, threads=THREADS, env=env)
    two = Gunicorn("bench.wsgi:application", [ports[2]], workers=2, threads=THREADS, env=env)
    with one, two:
        for endpoint in endpoints:
            why = probe(ports[1], endpoint.make)
            if why:
                failed[endpoint.name] = why
                continue
            results[endpoint.name] = {1: loadgen.LoadResult(), 2: loadgen.LoadResult()}
            for workers in (1, 2):
                loadgen.run(
                    "127.0.0.1",
                    ports[workers],
                    endpoint.make,
                    clients=CLIENTS,
                    seconds=WARMUP_SECONDS,
                )
            for workers in ORDER:
                sliced = loadgen.run(
                    "127.0.0.1",
                    ports[workers],
                    endpoint.make,
                    clients=CLIENTS,
                    seconds=slice_seconds,
                )
                results[endpoint.name][workers].add(sliced)
                print(
                    f"  load {endpoint.name}, {workers} worker(s): {sliced.rate:.0f} req/s,"
                    f" {sliced.errors} errors",
                    flush=True,
                )
    return results, failed


def describe(result: loadgen.LoadResult) -> str:
    if not result.latencies:
        return f"no successful request, {result.errors} errors"
    p50 = median(result.latencies) * 1000
    p99 = percentile(result.latencies, 0.99) * 1000
    return f"{result.rate:.0f} req/s, p50 {p50:.0f} ms, p99 {p99:.0f} ms, {result.errors} errors"


def rows(results: Results, slice_seconds: float = SLICE_SECONDS) -> list[Row]:
    seconds = slice_seconds * ORDER.count(1)
    out = []
    for name, by_workers in results.items():
        errors = by_workers[1].errors + by_workers[2].errors
        note = "; ".join(by_workers[1].error_samples + by_workers[2].error_samples)[:300]
        out.append(
            Row(
                f"load: {CLIENTS} clients × {seconds:.0f} s, {name}, gunicorn + PostgreSQL + Redis",
                "-",
                f"1 worker: {describe(by_workers[1])}; 2 workers: {describe(by_workers[2])}",
                "zero errors; p50/p99 reported",
                judged(errors == 0 and by_workers[1].requests > 0),
                note,
            )
        )
    for name, by_workers in results.items():
        ratio = by_workers[2].rate / by_workers[1].rate if by_workers[1].rate else 0.0
        out.append(
            Row(
                f"scale-out: 2 workers vs 1, {name}",
                f"1 worker: {by_workers[1].rate:.0f} req/s",
                f"{ratio:.2f}× ({by_workers[2].rate:.0f} req/s)",
                "≥ 1.6×",
                judged(ratio >= 1.6),
            )
        )
    return out
