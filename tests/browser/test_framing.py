"""Embeddable pages in Chromium: a configured host origin may frame them, others may not.

The host pages are the sandbox index page, served from the configured host origin
(the sandbox server) and from another site (the same server reached as ``localhost``).
"""

from __future__ import annotations

import pytest
from django.test import override_settings
from playwright.sync_api import Frame, Page
from pytest_django.live_server_helper import LiveServer

from tests.csp.live import live_setup
from tests.csp.setups import NEWEST_LAST, NO_CSP, Setup

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.csp.urls"),
]

FRAME = """(url) => new Promise((resolve) => {
  const frame = document.createElement('iframe');
  frame.src = url;
  frame.addEventListener('load', () => resolve(true));
  document.body.appendChild(frame);
})"""


def framed(page: Page, host: str, url: str) -> Frame:
    """Open ``host``'s page, frame ``url`` in it, and return the frame once loaded."""
    page.goto(f"{host}/sandbox/")
    page.evaluate(FRAME, url)
    (frame,) = page.main_frame.child_frames
    for _ in range(100):  # an error page may commit after the load event
        if frame.url not in ("", "about:blank"):
            break
        page.wait_for_timeout(50)
    return frame


@pytest.mark.parametrize("setup", [NO_CSP, NEWEST_LAST], ids=str)
def test_embeddable_pages_load_in_the_host_origin_only(
    page: Page,
    crm: str,
    live_server: LiveServer,
    sandbox_origin: str,
    other_origin: str,
    setup: Setup,
) -> None:
    page.set_default_timeout(10_000)
    # No default-src: the settings apply to the host pages (the sandbox server) as well,
    # and a host page must itself be allowed to frame the CRM.
    policy = {"script-src": ["'self'"], "object-src": ["'none'"]}
    with (
        live_setup(live_server, setup, policy),
        override_settings(CRM_CONNECT={"UCP_ORIGINS": [sandbox_origin]}),
    ):
        allowed = framed(page, sandbox_origin, f"{crm}/t/embeddable/")
        assert allowed.url == f"{crm}/t/embeddable/"
        assert allowed.evaluate("document.body.textContent") == "embeddable"

        refused = framed(page, other_origin, f"{crm}/t/embeddable/")
        assert refused.url == "chrome-error://chromewebdata/"  # Chromium's error page
        assert "embeddable" not in refused.evaluate("document.documentElement.outerHTML")

        # And a page that is not embeddable stays unframable even for the host origin.
        plain = framed(page, sandbox_origin, f"{crm}/t/plain/")
        assert plain.url == "chrome-error://chromewebdata/"
