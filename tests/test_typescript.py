"""The TypeScript declarations of ``window.crmConnect`` (crm-connect.d.ts) type-check.

``tsc --noEmit --strict`` over typecheck/: usage files that exercise the whole declared
API, and ``misuse.ts``, whose every ``// @ts-expect-error`` line must be an error. The
declarations are compared with the running scripts in
tests/browser/test_js_api_shape.py. TypeScript comes from ``npm ci`` (``make test`` runs
it); without node_modules these tests fail, they do not skip.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parent.parent
TYPECHECK = ROOT / "typecheck"
DECLARATIONS = ROOT / "crm_connect" / "static" / "crm_connect" / "crm-connect.d.ts"
TSC = ROOT / "node_modules" / "typescript" / "bin" / "tsc"
EXPECT_ERROR = "// @ts-expect-error"


def node() -> str:
    executable = shutil.which("node")
    if executable is None:
        pytest.fail("node is not installed: the TypeScript checks need Node.js (see .ci/run)")
    if not TSC.exists():
        pytest.fail(f"{TSC} is missing: run `npm ci` (or `make test`, which runs it)")
    return executable


def tsc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [node(), str(TSC), "--noEmit", "--strict", "--pretty", "false", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_declarations_are_shipped_with_the_static_files() -> None:
    found = finders.find("crm_connect/crm-connect.d.ts")
    assert found is not None
    assert Path(found).resolve() == DECLARATIONS


def test_the_tsconfig_checks_every_usage_file() -> None:
    config = json.loads((TYPECHECK / "tsconfig.json").read_text())
    listed = {Path(name).name for name in config["files"]}
    assert config["compilerOptions"]["strict"] is True
    assert DECLARATIONS.name in listed
    assert {path.name for path in TYPECHECK.glob("*.ts")} <= listed


def test_usage_and_misuse_files_type_check_under_strict() -> None:
    result = tsc("-p", str(TYPECHECK))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_misuse_is_an_error_on_its_own_line(tmp_path: Path) -> None:
    """Without its ``@ts-expect-error`` comments, misuse.ts fails exactly on the lines
    that had one: each misuse is rejected by the declarations, not by a typo nearby."""
    lines = (TYPECHECK / "misuse.ts").read_text().splitlines()
    expected = {
        number + 2 for number, line in enumerate(lines) if line.strip().startswith(EXPECT_ERROR)
    }
    assert len(expected) >= 30
    (tmp_path / "misuse.ts").write_text(
        "\n".join(line.replace(EXPECT_ERROR, "// expected error:") for line in lines)
    )
    config = json.loads((TYPECHECK / "tsconfig.json").read_text())
    config["files"] = [str(DECLARATIONS), "misuse.ts"]
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    result = tsc("-p", str(tmp_path))
    errors = re.findall(r"misuse\.ts\((\d+),\d+\): error TS\d+", result.stdout)
    assert result.returncode != 0
    assert {int(line) for line in errors} == expected, result.stdout
