"""The JavaScript is type-checked and linted, and its declarations (crm-connect.d.ts) hold.

- ``tsc -p tsconfig.json``: every served script (``// @ts-check``) against the
  declarations: what a script assigns to ``window.crmConnect`` must match them, so the
  ``.d.ts`` users import cannot drift from the code.
- ``tsc --noEmit --strict`` over typecheck/: usage files that exercise the whole declared
  API, and ``misuse.ts``, whose every ``// @ts-expect-error`` line must be an error.
- eslint (``eslint.config.js``, the recommended rules) over the scripts.

A planted type error and a planted lint error (in a temporary copy) make each tool fail.
The declarations are compared with the running scripts in
tests/browser/test_js_api_shape.py. TypeScript and eslint come from ``npm ci`` (``make
test`` runs it); without node_modules these tests fail, they do not skip.
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
STATIC = DECLARATIONS.parent
TSC = ROOT / "node_modules" / "typescript" / "bin" / "tsc"
ESLINT = ROOT / "node_modules" / "eslint" / "bin" / "eslint.js"
EXPECT_ERROR = "// @ts-expect-error"


def node() -> str:
    executable = shutil.which("node")
    if executable is None:
        pytest.fail("node is not installed: the TypeScript checks need Node.js (see .ci/run)")
    if not TSC.exists():
        pytest.fail(f"{TSC} is missing: run `npm ci` (or `make test`, which runs it)")
    return executable


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [node(), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def tsc(*args: str) -> subprocess.CompletedProcess[str]:
    return run(str(TSC), "--noEmit", "--strict", "--pretty", "false", *args)


def served_scripts() -> list[Path]:
    return sorted(STATIC.glob("*.js"))


def copy_of_the_scripts(tmp_path: Path) -> Path:
    """The static scripts, tsconfig.json and eslint.config.js in ``tmp_path``, laid out as
    in the repository (node_modules linked), to plant errors in."""
    static = tmp_path / STATIC.relative_to(ROOT)
    shutil.copytree(STATIC, static)
    for name in ("tsconfig.json", "eslint.config.js"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    return static


def plant(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new))


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


def test_every_served_script_is_type_checked() -> None:
    config = json.loads((ROOT / "tsconfig.json").read_text())
    listed = {(ROOT / name).resolve() for name in config["files"]}
    assert config["compilerOptions"]["checkJs"] is True
    assert DECLARATIONS in listed
    assert served_scripts()
    for script in served_scripts():
        assert script in listed, f"{script.name} is not in tsconfig.json"
        head = script.read_text().splitlines()[:3]
        assert any(line.startswith("// @ts-check") for line in head), script.name


def test_the_served_scripts_type_check_against_the_declarations() -> None:
    result = run(str(TSC), "-p", "tsconfig.json", "--pretty", "false")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_script_that_drifts_from_the_declarations_fails_the_type_check(
    tmp_path: Path,
) -> None:
    static = copy_of_the_scripts(tmp_path)
    assert run(str(TSC), "-p", "tsconfig.json", cwd=tmp_path).returncode == 0
    # The connector's state() no longer matches ConnectorState, and a plain type error.
    plant(static / "connector.js", 'status: "waiting",', 'status: "idle",')
    plant(
        static / "ucp.js",
        "return isFramed() && targetOrigins().length > 0;",
        "return isFramed() && targetOrigins().size > 0;",
    )
    result = run(str(TSC), "-p", "tsconfig.json", "--pretty", "false", cwd=tmp_path)
    assert result.returncode != 0
    assert re.search(r"connector\.js\(\d+,\d+\): error TS2322", result.stdout), result.stdout
    assert re.search(r"ucp\.js\(\d+,\d+\): error TS2339: Property 'size'", result.stdout), (
        result.stdout
    )


def test_the_scripts_pass_eslint() -> None:
    result = run(str(ESLINT), "--max-warnings", "0", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_lint_error_fails_eslint(tmp_path: Path) -> None:
    static = copy_of_the_scripts(tmp_path)
    assert run(str(ESLINT), "--max-warnings", "0", ".", cwd=tmp_path).returncode == 0, (
        "the copy lints clean before the planted error"
    )
    plant(
        static / "channel.js",
        "var counters = Object.create(null);",
        "var counters = Object.create(null);\n  counterz.x = 1;",
    )
    result = run(str(ESLINT), "--max-warnings", "0", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode != 0
    problems = {
        (Path(report["filePath"]).name, message["ruleId"])
        for report in json.loads(result.stdout)
        for message in report["messages"]
    }
    assert problems == {("channel.js", "no-undef")}
