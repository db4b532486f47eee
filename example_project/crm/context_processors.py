"""The example's template context: where the connector lives."""

from __future__ import annotations

from django.http import HttpRequest

from crm_connect.conf import conf


def connector_mode(request: HttpRequest) -> dict[str, str]:
    """``connector_mode``: ``CRM_CONNECT["CONNECTOR_MODE"]``. ``"docked"``: base.html
    boosts the pages with htmx, so the connector stays across them; ``"window"``: one
    softphone window (docs/softphone-window.md). The setting, not the agent's call center:
    no query on a page without the connector (tests/test_query_counts.py)."""
    return {"connector_mode": conf.CONNECTOR_MODE}
