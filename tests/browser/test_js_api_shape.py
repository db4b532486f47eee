"""window.crmConnect as the scripts build it has exactly the members crm-connect.d.ts
declares, with the declared kinds (typeof), recursively.

The page renders every tag (connector with its lazily loaded features, UCP, Skylight);
the declared members come from typecheck/members.js (the TypeScript compiler API).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from crm_connect.models import CallCenter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent.parent
MEMBERS_SCRIPT = ROOT / "typecheck" / "members.js"

# {"path.to.member": typeof}, walking plain objects (not functions, not arrays).
RUNTIME_SHAPE = """() => {
  const members = {};
  const walk = (value, prefix) => {
    for (const name of Object.keys(value)) {
      const member = value[name];
      const kind = member === null ? "null" : Array.isArray(member) ? "array" : typeof member;
      members[prefix + name] = kind;
      if (kind === "object") walk(member, prefix + name + ".");
    }
  };
  walk(window.crmConnect, "");
  return members;
}"""


@pytest.fixture(scope="module")
def declared_members() -> dict[str, str]:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "typescript").exists():
        pytest.fail("node and node_modules/typescript are needed: run `npm ci` (make test does)")
    result = subprocess.run(
        [node, str(MEMBERS_SCRIPT)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    members: dict[str, str] = json.loads(result.stdout)
    return members


@pytest.fixture
def every_module_call_center(make_call_center: Any, sandbox_origin: str) -> CallCenter:
    call_center: CallCenter = make_call_center(
        connector_url=f"{sandbox_origin}/sandbox/connector/",
        skylight_url=f"{sandbox_origin}/sandbox/skylight/",
    )
    return call_center


def test_the_runtime_api_has_exactly_the_declared_members(
    agent_page: Page,
    crm: str,
    every_module_call_center: CallCenter,
    declared_members: dict[str, str],
) -> None:
    agent_page.goto(crm + "/")
    # UCP's and Skylight's scripts run after the connector's answer.
    agent_page.evaluate("() => crmConnect.channel.loaded().then(() => true)")
    modules = agent_page.evaluate("() => Object.keys(window.crmConnect).sort()")
    assert modules == ["channel", "connector", "skylight", "ucp"]
    # Resolved only once connector-features.js has loaded and registered itself; the API
    # must still be what it declares after that.
    assert agent_page.evaluate("() => crmConnect.connector.setClickToDial(false)") is False
    runtime: dict[str, str] = agent_page.evaluate(RUNTIME_SHAPE)

    undeclared = {name: kind for name, kind in runtime.items() if name not in declared_members}
    missing = {name: kind for name, kind in declared_members.items() if name not in runtime}
    different = {
        name: (declared_members[name], kind)
        for name, kind in runtime.items()
        if name in declared_members and declared_members[name] != kind
    }
    assert (undeclared, missing, different) == ({}, {}, {})
    assert len(runtime) >= 40


# Only a docked connector (or the softphone window itself) has these: connector-tab.js
# relays the rest to the window, and the feature parts load there.
DOCKED_ONLY = {
    "connector._register",
    "connector.exportLogs",
    "connector.discardLog",
    "channel._parts.connector",
    "channel._parts.connector.calls",
    "channel._parts.connector.logs",
}


def test_a_window_mode_page_has_the_same_connector_api(
    agent_page: Page, crm: str, make_call_center: Any, sandbox_origin: str,
    declared_members: dict[str, str],
) -> None:  # fmt: skip
    make_call_center(
        connector_url=f"{sandbox_origin}/sandbox/connector/",
        skylight_url=f"{sandbox_origin}/sandbox/skylight/",
        connector_mode="window",
    )
    agent_page.goto(crm + "/")
    assert agent_page.evaluate("crmConnect.connector.mode") == "window"
    # UCP's and Skylight's scripts run after the page is parsed (at once: no connector here)
    agent_page.evaluate("() => crmConnect.channel.loaded().then(() => true)")
    runtime: dict[str, str] = agent_page.evaluate(RUNTIME_SHAPE)
    declared = {name: kind for name, kind in declared_members.items() if name not in DOCKED_ONLY}
    assert {name: kind for name, kind in runtime.items() if name in DOCKED_ONLY} == {}
    undeclared = {name: kind for name, kind in runtime.items() if name not in declared}
    missing = {name: kind for name, kind in declared.items() if name not in runtime}
    different = {
        name: (declared[name], kind)
        for name, kind in runtime.items()
        if name in declared and declared[name] != kind
    }
    assert (undeclared, missing, different) == ({}, {}, {})
