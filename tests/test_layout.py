"""The package's layout rules: small modules, and checks modules that nothing else imports."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "crm_connect"
MAX_LINES = 400
# Generated data, not code a maintainer reads (scripts/skylight_sdk_commands.py writes it).
GENERATED = {"skylight/sdk.py"}


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in modules()
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert {name for name in long if name not in GENERATED} == set(), long


def _is_checks_module(name: str) -> bool:
    """A subsystem's checks module; the registry, ``crm_connect.checks``, is not one."""
    parts = name.split(".")
    return (
        parts[0] == "crm_connect"
        and any(part.endswith("checks") for part in parts[1:])
        and parts[:2] != ["crm_connect", "checks"]
    )


def test_only_the_registry_imports_the_checks_modules() -> None:
    """Validators live beside their schemas (e.g. ``skylight/validators.py``), and only
    the registry imports the checks modules: a form or a model never does."""
    offenders = []
    for path in modules():
        if path.name.endswith("checks.py"):
            continue  # the checks modules import the registry and each other's helpers
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(_is_checks_module(name) for name in names):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")  # type: ignore[attr-defined]
    assert offenders == []
