"""The whole connector handshake under a strict policy, with zero CSP violations.

``default-src 'self'; script-src 'nonce-…' 'strict-dynamic'``: every script needs the
nonce, and the connector's frame is only allowed because ``CrmConnectMiddleware`` adds
its origin to ``frame-src`` (starting from ``default-src``).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from crm_connect import csp
from crm_connect.models import CallCenter
from tests.csp.live import live_setup
from tests.csp.setups import LIBRARY_SETUPS, NONCE, Setup, directives

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STRICT = {"default-src": ["'self'"], "script-src": [NONCE, "'strict-dynamic'"]}

# Every securitypolicyviolation, in every frame, from the very start.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push({directive: event.effectiveDirective, blocked: event.blockedURI,
                            source: event.sourceFile, page: location.href});
});
"""

# One setup per library, one in each middleware order: the library's per-response
# attributes (ours runs first) and the written header (ours runs last) are both used.
STRICT_SETUPS = [
    setup
    for setup in LIBRARY_SETUPS
    if (setup.library, setup.order) in (("django-csp", "before"), ("builtin", "last"))
]


@pytest.mark.parametrize("setup", STRICT_SETUPS, ids=str)
def test_the_handshake_runs_under_a_strict_policy_without_a_single_violation(
    agent_page: Page,
    crm: str,
    live_server: LiveServer,
    connector_call_center: CallCenter,
    sandbox_origin: str,
    other_origin: str,
    setup: Setup,
) -> None:
    agent_page.add_init_script(RECORD_VIOLATIONS)
    with live_setup(live_server, setup, STRICT):
        response = agent_page.goto(crm + "/")
        assert response is not None
        policy = directives(response.headers[csp.HEADER.lower()])
        expect(agent_page.frame_locator("#crmConnectIframeId").locator("#status")).to_have_text(
            "connected"
        )
        state = agent_page.evaluate("crmConnect.connector.state()")
        violations = [frame.evaluate("window.__violations") for frame in agent_page.frames]

        # The policy really is the strict one, extended by the connector's origin only.
        assert policy["script-src"] == "'strict-dynamic'"  # (nonce removed by directives())
        assert "'nonce-" in response.headers[csp.HEADER.lower()]
        assert policy["frame-src"] == f"'self' {sandbox_origin}"
        assert state["status"] == "connected"
        assert state["crmDataSent"] == 1
        assert violations == [[] for _ in agent_page.frames]

        # The recorder works, and frame-src was not widened: a frame of another origin
        # is refused, and reported.
        agent_page.evaluate(
            """(url) => { const frame = document.createElement('iframe');
            frame.src = url; document.body.appendChild(frame); }""",
            f"{other_origin}/sandbox/",
        )
        agent_page.wait_for_function("() => window.__violations.length > 0")
        assert agent_page.evaluate("window.__violations") == [
            {
                "directive": "frame-src",
                "blocked": other_origin,  # cross-origin: reported without its path
                "source": "",
                "page": crm + "/",
            }
        ]


def without_policy(route: Route) -> None:
    response = route.fetch()
    headers = {k: v for k, v in response.headers.items() if k.lower() != csp.HEADER.lower()}
    route.fulfill(response=response, headers=headers)


@pytest.mark.parametrize("setup", STRICT_SETUPS, ids=str)
def test_skylight_fetches_its_sdk_table_under_a_policy_that_allows_no_connections(
    agent_page: Page,
    crm: str,
    live_server: LiveServer,
    make_call_center: Any,
    sandbox_origin: str,
    setup: Setup,
) -> None:
    """``connect-src 'none'``: the page may fetch nothing, except the one file the
    Skylight tag asked for (``CrmConnectMiddleware`` adds its exact URL)."""
    make_call_center(connector_url="", skylight_url=f"{sandbox_origin}/sandbox/skylight/")
    agent_page.add_init_script(RECORD_VIOLATIONS)
    # The sandbox Skylight (same process, same settings) is the vendor's page, not under
    # test: it keeps no policy.
    agent_page.context.route(f"{sandbox_origin}/sandbox/**", without_policy)
    table = f"{crm}/static/crm_connect/skylight-sdk.json"
    with live_setup(live_server, setup, {**STRICT, "connect-src": ["'none'"]}):
        response = agent_page.goto(crm + "/")
        assert response is not None
        assert directives(response.headers[csp.HEADER.lower()])["connect-src"] == table
        with agent_page.expect_popup():
            agent_page.click("[data-skylight-open]")
        expect(agent_page.locator("[data-skylight-status]")).to_have_attribute(
            "data-skylight-status", "ready"
        )
        result = agent_page.evaluate(
            "crmConnect.skylight.dial('+15555550199').then((value) => value.phoneNumber,"
            " (error) => error.code)"
        )
        assert result == "+15555550199"
        # The tab that took up the popup loaded the cross-tab relay, with the page's nonce.
        relay = f"{crm}/static/crm_connect/skylight-relay.js"
        agent_page.wait_for_function(
            "(url) => performance.getEntriesByName(url).length === 1", arg=relay
        )
        assert agent_page.evaluate("window.__violations") == []
        # Nothing else may be fetched: the policy still refuses another URL.
        agent_page.evaluate("fetch('/crm-connect/api/crm-data/').catch(() => null)")
        agent_page.wait_for_function("() => window.__violations.length > 0")
        assert agent_page.evaluate("window.__violations[0].directive") == "connect-src"
