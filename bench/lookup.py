"""Screen pop and directory on 1,000,000 contacts (PostgreSQL only).

The example CRM's ``Contact`` table gets a million rows from one ``generate_series``
statement, numbers spelled four ways. Each timed row is a ratio against a baseline
measured in the same run, the two sides interleaved: an indexed equality on the same
table returning the same rows through the ORM. The plans come from ``EXPLAIN``.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.report import Row, judged, median, ms, not_present
from crm_connect.providers import ModelProvider, get_provider
from example_project.crm.models import Contact

CONTACTS = 1_000_000
ROUNDS = 400
SCAN_ROUNDS = 3
DIRECTORY_LIMIT = 500

#: Four spellings of ``+1 <area> <subscriber>``; subscribers spread by a multiplicative
#: hash so that, as in real data, few rows share their last seven digits.
SEED = f"""
INSERT INTO crm_contact (name, phone, email, company, notes)
SELECT 'Seeded ' || lpad(i::text, 7, '0'),
       CASE i % 4
         WHEN 0 THEN '+1 (' || area || ') ' || left(sub, 3) || '-' || right(sub, 4)
         WHEN 1 THEN '+1' || area || sub
         WHEN 2 THEN area || '.' || left(sub, 3) || '.' || right(sub, 4)
         ELSE '1 ' || area || ' ' || left(sub, 3) || ' ' || right(sub, 4)
       END,
       CASE WHEN i % 3 = 0 THEN 'seeded' || i || '@example.com' ELSE '' END,
       'Company ' || (i % 5000), ''
FROM (
  SELECT i, (200 + i % 800)::text AS area,
         lpad(((i::bigint * 2654435761) % 10000000)::text, 7, '0') AS sub
  FROM generate_series(1, {CONTACTS}) AS i
) AS numbers
"""


def rows() -> list[Row]:
    if connection.vendor != "postgresql":
        why = "needs PostgreSQL (BENCH_DATABASE_URL)"
        return [
            not_present("screen pop, 3 numbers, 1,000,000 contacts", "-", "≤ 2×", why),
            not_present("directory, 1,000,000 contacts", "-", "index scan", why),
        ]
    provider = get_provider()
    assert isinstance(provider, ModelProvider)
    assert provider.phone_key is not None
    user = AnonymousUser()
    result: list[Row] = []

    started = time.monotonic()
    # A bulk load as a DBA does it: the secondary indexes dropped, then built once.
    with connection.schema_editor() as editor:
        for index in Contact._meta.indexes:
            editor.remove_index(Contact, index)
        editor.execute(SEED, None)
        for index in Contact._meta.indexes:
            editor.add_index(Contact, index)
    seeded = time.monotonic() - started
    result.append(
        Row(
            "seeding 1,000,000 contacts (`INSERT ... SELECT generate_series`, then the indexes)",
            "-",
            f"{seeded:.1f} s",
            "< 60 s",
            judged(seeded < 60),
        )
    )
    out = io.StringIO()
    started = time.monotonic()
    call_command("crm_connect_reindex", stdout=out)
    reindexed = time.monotonic() - started
    result.append(
        Row(
            "`crm_connect_reindex` over 1,000,000 contacts",
            "-",
            f"{reindexed:.1f} s (nothing to rebuild; ANALYZE)",
            "well under 60 s",
            judged(reindexed < 30),
        )
    )

    # Three numbers that exist, spelled as a call presents them, and their rows.
    picks = [37, 500_001, 999_998]
    contacts = list(Contact.objects.filter(name__in=[f"Seeded {i:07d}" for i in picks]))
    numbers = [c.phone for c in contacts]
    ids = [c.pk for c in contacts]

    def screen_pop() -> object:
        found = provider.find_by_phones(user, numbers, 20)
        assert {r.id for r in found} >= {str(pk) for pk in ids}, (numbers, found)
        return found

    def equality() -> object:
        return list(Contact.objects.filter(pk__in=ids).order_by("name", "pk"))

    pop, base = paired(screen_pop, equality, ROUNDS)
    with CaptureQueriesContext(connection) as captured:
        provider.find_by_phones(user, numbers, 20)
    pop_plan = explain(captured.captured_queries[-1]["sql"], None)
    result.append(
        Row(
            "screen pop, 3 numbers: `find_by_phones` on 1,000,000 contacts (p50)",
            f"indexed equality (`pk IN`, same 3 rows, ORM): {ms(base)}",
            f"{pop / base:.2f}× ({ms(pop)})",
            "≤ 2×",
            judged(pop / base <= 2),
        )
    )
    result.append(plan_row("query plan: screen pop", pop_plan, "crm_contact_phone_key"))

    scan = ScanProvider()
    started = time.monotonic()
    for _ in range(SCAN_ROUNDS):
        scan.find_by_phones(user, numbers, 20)
    scanned = (time.monotonic() - started) / SCAN_ROUNDS * 1000
    result.append(
        Row(
            "screen pop, 3 numbers, without the index (the W110 fallback, mean of 3)",
            f"indexed: {ms(pop)}",
            f"{scanned / pop:.0f}× ({ms(scanned)})",
            "reported",
            "info",
        )
    )

    def directory() -> object:
        return provider.directory(user, DIRECTORY_LIMIT)

    def first_rows() -> object:
        return list(Contact.objects.order_by("pk")[:DIRECTORY_LIMIT])

    listed, first = paired(directory, first_rows, ROUNDS // 10)
    with CaptureQueriesContext(connection) as captured:
        provider.directory(user, DIRECTORY_LIMIT)
    directory_plan = explain(captured.captured_queries[-1]["sql"], None)
    result.append(
        Row(
            f"directory: {DIRECTORY_LIMIT} of 1,000,000 contacts (p50)",
            f"first {DIRECTORY_LIMIT} rows by primary key (ORM): {ms(first)}",
            f"{listed / first:.2f}× ({ms(listed)})",
            "reported (records and URLs built for each row)",
            "info",
        )
    )
    result.append(plan_row("query plan: directory", directory_plan, "crm_contact_directory"))

    # What the directory cost before its index: the planner kept off every index.
    started = time.monotonic()
    for _ in range(SCAN_ROUNDS):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_indexscan = off")
                cursor.execute("SET LOCAL enable_bitmapscan = off")
            provider.directory(user, DIRECTORY_LIMIT)
    unindexed = (time.monotonic() - started) / SCAN_ROUNDS * 1000
    result.append(
        Row(
            "directory without its index (Seq Scan and top-N sort, mean of 3)",
            f"indexed: {ms(listed)}",
            f"{unindexed / listed:.1f}× ({ms(unindexed)})",
            "reported",
            "info",
        )
    )
    return result


class ScanProvider(ModelProvider):
    """The default provider as it behaves on a model without the index."""

    @property
    def phone_key(self) -> None:
        return None


def paired(
    measured: Callable[[], object], baseline: Callable[[], object], rounds: int
) -> tuple[float, float]:
    """p50 of each, in ms, the two called alternately after a warm-up."""
    for _ in range(5):
        measured()
        baseline()
    times: tuple[list[float], list[float]] = ([], [])
    for index in range(rounds):
        order = (0, 1) if index % 2 else (1, 0)
        for side in order:
            call = (measured, baseline)[side]
            started = time.perf_counter()
            call()
            times[side].append((time.perf_counter() - started) * 1000)
    return median(times[0]), median(times[1])


def explain(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def plan_row(what: str, plan: str, index: str) -> Row:
    lines = [line.strip().removeprefix("->  ") for line in plan.splitlines()]
    used = [line.split("  (")[0] for line in lines if index in line]
    return Row(
        what,
        "-",
        "; ".join(used) or "no index: " + lines[0].split("  (")[0],
        f"uses `{index}`, no Seq Scan",
        judged(bool(used) and "Seq Scan" not in plan),
    )
