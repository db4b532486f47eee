"""``manage.py crm_connect_reindex``: bring the lookups' index in step with the records.

Run it after loading contacts behind the ORM's back (``COPY``, ``loaddata``, raw SQL,
``QuerySet.update``, ``bulk_update``) and after changing what the phone search relies
on. With the default provider and an index on ``PhoneKey`` the database keeps the index
in step by itself: the command then only refreshes the table's planner statistics.
A provider that keeps its own index rebuilds it in :meth:`Provider.reindex`. See
docs/providers.md.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from crm_connect.providers import get_provider


class Command(BaseCommand):
    help = (
        "Rebuild what phone search and the directory rely on after a bulk load; a no-op "
        "where the database keeps it in step."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        message = get_provider().reindex()
        self.stdout.write(f"{message} ({time.monotonic() - started:.1f} s)")
