"""``python -m bench``: run every benchmark and print one Markdown table.

Options: ``--quick`` (fewer loads, 2 s load slices: for trying the benchmarks out, not
for figures), ``--skip-browser``, ``--skip-load``, ``--skip-lookup``, ``--only GROUP``
(repeatable: ``inprocess``, ``browser``, ``load``, ``lookup``; ``handshake``: the connector
handshake rows of ``browser`` alone; ``softphone``: its softphone rows alone, connector
loads per page views and click-to-dial from a second tab). Environment: ``BENCH_DATABASE_URL``
(default: PostgreSQL at 127.0.0.1:5432, database ``crm_connect_bench``, created and
dropped by the run), ``BENCH_CACHE_URL`` (default: Redis at 127.0.0.1:6379 when it
answers, else a per-process cache), ``BENCH_KEEP_DB=1`` keeps the database.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench.report import Row, not_present, table

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/crm_connect_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
GROUPS = ["inprocess", "browser", "load", "lookup"]
HANDSHAKE = "handshake"  # --only handshake: the browser group's connector handshake rows
SOFTPHONE = "softphone"  # --only softphone: the browser group's softphone rows


def redis_available(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except Exception:
        return False


def section(rows: list[Row], name: str, run: Callable[[], list[Row]]) -> None:
    started = time.monotonic()
    print(f"- {name} ...", flush=True)
    try:
        rows.extend(run())
    except Exception as error:
        traceback.print_exc()
        rows.append(Row(name, "-", f"error: {type(error).__name__}: {error}", "-", "MISSED"))
    print(f"  done in {time.monotonic() - started:.0f} s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-lookup", action="store_true")
    parser.add_argument(
        "--only", action="append", choices=[*GROUPS, HANDSHAKE, SOFTPHONE], default=[]
    )
    options = parser.parse_args()
    options.handshake_only = HANDSHAKE in options.only and "browser" not in options.only
    options.softphone_only = SOFTPHONE in options.only and "browser" not in options.only
    if options.handshake_only or options.softphone_only:
        options.only.append("browser")
    for group in GROUPS:
        if options.only and group not in options.only:
            setattr(options, f"skip_{group}", True)
    started = time.monotonic()

    from bench import data
    from bench.servers import free_port

    database = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    notes: list[str] = []
    if database.startswith("postgres") and not data.postgres_available(database):
        database = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
        notes.append("PostgreSQL did not answer: SQLite instead, load figures not meaningful")
    cache = os.environ.get("BENCH_CACHE_URL") or (
        DEFAULT_REDIS if redis_available(DEFAULT_REDIS) else "locmem://"
    )
    if not cache.startswith("redis://"):
        notes.append("no Redis: each process has its own cache, so the cache is not shared")
    crm_port, sandbox_port = free_port(), free_port()
    crm, sandbox = f"http://127.0.0.1:{crm_port}", f"http://127.0.0.1:{sandbox_port}"
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": database,
        "BENCH_CACHE_URL": cache,
        "CRM_CONNECT_SANDBOX_ORIGIN": sandbox,
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",  # Playwright's sync API runs an event loop
    }
    os.environ.update(env)

    import django

    if database.startswith("postgres"):
        data.recreate_postgres(database)
    django.setup()
    try:
        return run(options, env, crm, sandbox, notes, started)
    finally:
        from django.db import connections

        connections.close_all()
        if database.startswith("postgres") and not os.environ.get("BENCH_KEEP_DB"):
            data.drop_postgres(database)


def run(
    options: argparse.Namespace,
    env: dict[str, str],
    crm: str,
    sandbox: str,
    notes: list[str],
    started: float,
) -> int:
    from django.urls import NoReverseMatch, reverse

    from bench import data, inprocess
    from crm_connect.call_centers import invalidate_call_centers

    seeded = data.seed(crm, sandbox)
    sessions: list[str] = seeded["sessions"]
    rows: list[Row] = []

    if not getattr(options, "skip_inprocess", False):
        app = inprocess.App(sessions[0])
        section(
            rows, "database queries", lambda: inprocess.query_rows(app, invalidate_call_centers)
        )
        rounds = 10 if options.quick else 40
        section(rows, "page render", lambda: [inprocess.render_row(app, rounds)])
        section(rows, "crmData throughput", lambda: [inprocess.throughput_row(app, rounds)])
        section(rows, "JavaScript size", lambda: inprocess.js_size_rows(app))

    if not options.skip_browser:
        section(
            rows,
            "browser",
            lambda: browser_rows(options, env, crm, sandbox, sessions, seeded["skylight_url"]),
        )

    if not options.skip_load:
        section(rows, "load", lambda: load_rows(options, env, sessions, reverse, NoReverseMatch))

    # Last: it adds a million contacts to the database the other rows use.
    if not options.skip_lookup:
        from bench import lookup

        section(rows, "lookups on 1,000,000 contacts", lookup.rows)

    output = table(rows)
    header = (
        f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"Django {__import__('django').get_version()}, "
        f"database {env['BENCH_DATABASE_URL'].split('://')[0]}, "
        f"cache {env['BENCH_CACHE_URL'].split('://')[0]}"
        f"{' (--quick: not for publishing)' if options.quick else ''}, "
        f"{time.monotonic() - started:.0f} s."
    )
    text = "\n\n".join([header, output, *(f"Note: {note}." for note in notes)]) + "\n"
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(text)
    print()
    print(text)
    print(f"(also written to {RESULTS / 'latest.md'})")
    return 1 if any(row.measured.startswith("error:") for row in rows) else 0


def browser_rows(
    options: argparse.Namespace,
    env: dict[str, str],
    crm: str,
    sandbox: str,
    sessions: list[str],
    skylight_url: str,
) -> list[Row]:
    from playwright.sync_api import sync_playwright

    from bench import browser, softphone
    from bench.servers import Gunicorn

    if options.quick:
        browser.LOADS, browser.SKYLIGHT_OPENS, browser.ROUNDS = 10, 4, 2
    ports = [int(crm.rsplit(":", 1)[1]), int(sandbox.rsplit(":", 1)[1])]
    rows: list[Row] = []
    with (
        Gunicorn("bench.wsgi:with_static", ports, workers=1, threads=8, env=env),
        sync_playwright() as playwright,
    ):
        chromium = browser.launch(playwright)
        try:
            if not options.softphone_only:
                context = browser.new_context(chromium, crm, sessions[0])
                page = context.new_page()
                section(rows, "handshake", lambda: browser.handshake_rows(page, crm))
            if not options.handshake_only:
                section(rows, "softphone", lambda: softphone.rows(chromium, crm, sessions))
            if options.handshake_only or options.softphone_only:
                return rows
            section(rows, "channel", lambda: [browser.channel_row(page, crm)])
            section(rows, "skylight", lambda: [browser.skylight_row(page, crm, skylight_url)])
        finally:
            chromium.close()
    return rows


def load_rows(
    options: argparse.Namespace,
    env: dict[str, str],
    sessions: list[str],
    reverse: Callable[[str], str],
    no_match: type[Exception],
) -> list[Row]:
    from bench import load

    endpoints = [
        load.Endpoint(
            "`crmData` endpoint (GET)", load.get_request(reverse("crm_connect:crm-data"), sessions)
        )
    ]
    logs_name = "interaction-log endpoint (POST)"
    missing: dict[str, str] = {}
    try:
        endpoints.append(
            load.Endpoint(
                logs_name, load.post_request(reverse("crm_connect:interaction-logs"), sessions)
            )
        )
    except no_match:
        missing[logs_name] = "feature not present (no crm_connect:interaction-logs URL)"
    slice_seconds = 2.0 if options.quick else load.SLICE_SECONDS
    results, failed = load.run(endpoints, env, slice_seconds=slice_seconds)
    missing.update({name: f"requests fail: {why}" for name, why in failed.items()})
    rows = load.rows(results, slice_seconds)
    for name, why in missing.items():
        rows.append(
            not_present(
                f"load: {load.CLIENTS} clients × 30 s, {name}",
                "-",
                "zero errors; p50/p99 reported",
                why,
            )
        )
        rows.append(not_present(f"scale-out: 2 workers vs 1, {name}", "-", "≥ 1.6×", why))
    return rows


if __name__ == "__main__":
    sys.exit(main())
