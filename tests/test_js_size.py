"""Regression guard: the JavaScript a page with only the connector tag downloads.

The issue's budget is 5 kB gzip (penpal's minified build is about 7 kB). There is no
build step, so the sources themselves must stay lean.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from bench.jssize import connector_js_bytes, script_files
from crm_connect.models import CallCenter

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]

BUDGET = 5 * 1024


@pytest.fixture
def connector_only_page(client: Client, agent: User, call_center: CallCenter) -> str:
    client.force_login(agent)
    response = client.get("/bench/connector-only/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_loads_the_connector_scripts(connector_only_page: str) -> None:
    names = [path.name for path in script_files(connector_only_page)]
    assert "channel.js" in names
    assert "connector.js" in names


def test_the_connector_javascript_is_at_most_5_kb_gzipped(connector_only_page: str) -> None:
    sizes = connector_js_bytes(connector_only_page)
    assert sum(sizes.values()) <= BUDGET, f"gzip -9 sizes: {sizes}, budget {BUDGET} B"
