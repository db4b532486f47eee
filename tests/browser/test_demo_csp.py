"""The example project as `make demo` serves it, under its own strict policy.

The example's settings send ``default-src 'self'`` and scripts only with the nonce or
from the site itself, and write no other origin: the app adds the connector's origin to
``frame-src`` where the connector is shown (and Skylight's SDK table to ``connect-src``),
the sandbox UCP host adds the CRM it frames. This test runs the example project itself
(``manage.py rundemo``, its settings, its environment variables, a database of its own)
with each CSP library it supports, and drives all three protocols through its pages:
not one ``securitypolicyviolation`` and not one console error may occur.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from tests.csp.setups import BUILTIN_CSP_SKIP, directives

pytestmark = [pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]

# Every securitypolicyviolation of every page and frame, reported as it happens (a frame
# that navigates away would lose a list kept in the page).
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolation({directive: event.effectiveDirective, blocked: event.blockedURI,
                         page: location.href});
});
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Demo:
    crm: str
    sandbox: str
    violations: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        """Record every violation and console error of every page of ``context``."""
        context.expose_binding(
            "__cspViolation", lambda _source, violation: self.violations.append(violation)
        )
        context.add_init_script(REPORT_VIOLATIONS)

        def on_console(message: ConsoleMessage) -> None:
            # The browser's own request for /favicon.ico, on pages that name no icon (the
            # sandboxes, the admin), is not something a page did.
            url = str(message.location.get("url"))
            if message.type == "error" and not url.endswith("/favicon.ico"):
                self.errors.append(f"{url}: {message.text}")

        def on_page(page: Page) -> None:
            page.on("console", on_console)

        for page in context.pages:
            on_page(page)
        context.on("page", on_page)


def run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def wait_for(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60  # a readiness wait, not an assertion on speed
    while time.monotonic() < deadline:
        assert server.poll() is None, f"rundemo exited:\n{log.read_text()}"
        try:
            with urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"rundemo did not answer {url}:\n{log.read_text()}")


MANAGE = [sys.executable, "manage.py"]


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment `make demo` gives the example project, on two free ports, with a
    database migrated and seeded once (`seed_demo` stores the sandbox's origin)."""
    crm, sandbox = free_port(), free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CRM_CONNECT_", "DJANGO_"))
    }
    database = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    env.update(
        DJANGO_SETTINGS_MODULE="example_project.settings",
        DATABASE_URL=f"sqlite:///{database}",
        CRM_CONNECT_CRM_ORIGIN=f"http://127.0.0.1:{crm}",
        CRM_CONNECT_SANDBOX_ORIGIN=f"http://127.0.0.1:{sandbox}",
    )
    run([*MANAGE, "migrate", "--noinput"], env)
    run([*MANAGE, "seed_demo"], env)
    return env


@pytest.fixture(
    params=[
        "django-csp",
        pytest.param("builtin", marks=BUILTIN_CSP_SKIP),
    ]
)
def demo(
    request: pytest.FixtureRequest, demo_env: dict[str, str], tmp_path: Path
) -> Iterator[Demo]:
    """`manage.py rundemo`, as `make demo` runs it, with one CSP library."""
    env = {**demo_env, "DJANGO_CSP_LIBRARY": request.param}
    crm = env["CRM_CONNECT_CRM_ORIGIN"].rsplit(":", 1)[1]
    log = tmp_path / "rundemo.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*MANAGE, "rundemo", "--port", crm],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        demo = Demo(crm=env["CRM_CONNECT_CRM_ORIGIN"], sandbox=env["CRM_CONNECT_SANDBOX_ORIGIN"])
        wait_for(demo.crm + "/accounts/login/", server, log)
        wait_for(demo.sandbox + "/sandbox/", server, log)
        yield demo
    finally:
        server.terminate()
        server.wait(timeout=30)


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url)
    page.fill("#id_username", username)
    page.fill("#id_password", username)
    page.click("[type=submit]")


def policy_of(page: Page, url: str) -> dict[str, str]:
    """The page's policy as {directive: "value"}, the nonce left out."""
    response = page.request.get(url)
    return directives(response.headers["content-security-policy"])


def test_the_demo_runs_all_three_protocols_under_its_strict_policy_without_a_violation(
    page: Page, demo: Demo
) -> None:
    page.set_default_timeout(15_000)
    demo.watch(page.context)
    # A page without the tags (signed out) keeps the strict policy as it is.
    strict = {"default-src": "'self'", "object-src": "'none'", "base-uri": "'none'"}
    assert policy_of(page, demo.crm + "/accounts/login/") == {**strict, "script-src": "'self'"}
    sign_in(page, demo.crm + "/accounts/login/", "agent")
    expect(page.get_by_role("heading", name="Contacts")).to_be_visible()

    # The policy is the example's strict one; the app added the connector's origin to
    # frame-src and Skylight's table to connect-src, on this page only.
    assert policy_of(page, demo.crm + "/") == {
        **strict,
        "script-src": "'self'",  # and the nonce
        "frame-src": f"'self' {demo.sandbox}",
        "connect-src": f"'self' {demo.crm}/static/crm_connect/skylight-sdk.json",
        "frame-ancestors": f"'self' {demo.sandbox}",  # the UCP host (UCP_ORIGINS)
    }

    # The connector: handshake, then a directory request (a same-origin fetch).
    connector = page.frame_locator("#crmConnectIframeId")
    expect(connector.locator("#status")).to_have_text("connected")
    connector.locator('[data-send="requestGetCrmDirectory"]').click()
    expect(connector.locator('[data-reply="crmDirectory"]')).to_contain_text("Ada Lovelace")
    # ... and a screen pop: the phone search finds Ada, whose record opens.
    connector.locator('form[data-action="screen-pop"] button').click()
    page.wait_for_url(re.compile(r"/contacts/\d+/$"))
    expect(page.get_by_role("heading", name="Ada Lovelace")).to_be_visible()

    # Skylight: the popup, a dial (which fetches the SDK table), then its screen pop.
    with page.expect_popup() as popup_info:
        page.click("[data-skylight-open]")
    popup = popup_info.value
    expect(page.locator("[data-skylight-status]")).to_have_attribute(
        "data-skylight-status", "ready"
    )
    dialed = page.evaluate(
        "crmConnect.skylight.dial('+15555550199').then((value) => value.phoneNumber,"
        " (error) => error.code)"
    )
    assert dialed == "+15555550199"
    page.goto(demo.crm + "/")
    expect(page.locator("[data-skylight-status]")).to_have_attribute(
        "data-skylight-status", "ready"
    )
    popup.fill("#caller", "+15550100199")
    popup.click('[data-simulate="offer"]')
    popup.click('[data-simulate="pop"]')
    page.wait_for_url(re.compile(r"/contacts/\d+/$"))
    expect(page.get_by_role("heading", name="Ada Lovelace")).to_be_visible()

    # UCP: the sandbox index's link opens the host, which frames the CRM on its port.
    host = page.context.new_page()
    host.goto(demo.sandbox + "/sandbox/")
    host.get_by_role("link", name="UCP host").click()
    tab = host.frame_locator('iframe[data-tab-id="tab-1"]')
    expect(tab.get_by_role("heading", name="Contacts")).to_be_visible()
    frame = host.frame(url=lambda url: url.startswith(demo.crm + "/?ucp_tab=tab-1"))
    assert frame is not None
    frame.wait_for_function("() => window.crmConnect && window.crmConnect.ucp")
    assert policy_of(host, host.url) == {
        **strict,
        "script-src": "'self'",
        "frame-src": f"'self' {demo.crm}",
    }

    # Every other page of the CRM, the app's admin pages included.
    for path in ("/interaction-logs/", "/contacts/new/"):
        page.goto(demo.crm + path)
    admin = page.context.browser.new_context()  # type: ignore[union-attr]
    try:
        demo.watch(admin)
        admin_page = admin.new_page()
        sign_in(admin_page, demo.crm + "/admin/login/", "admin")
        for path in ("callcenter/", "callcenter/1/change/", "callcenter/preview-crm-data/"):
            admin_page.goto(f"{demo.crm}/admin/crm_connect/{path}")
        expect(admin_page.locator("#content")).to_be_visible()
    finally:
        admin.close()

    assert demo.violations == []
    assert demo.errors == []

    # The recorder works: a frame of an origin the page did not ask for is refused.
    other = demo.sandbox.replace("127.0.0.1", "localhost")
    page.evaluate(
        "(url) => { const frame = document.createElement('iframe'); frame.src = url;"
        " document.body.append(frame); }",
        other + "/sandbox/",
    )
    for _ in range(100):
        if demo.violations:
            break
        page.wait_for_timeout(50)
    assert [(v["directive"], v["blocked"]) for v in demo.violations] == [("frame-src", other)]
