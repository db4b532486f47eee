"""The repository's layout as docs/contributing.md describes it.

- The package map that opens docs/contributing.md names only paths that exist, and every
  subpackage of ``crm_connect``.
- Test files mirror the package: ``tests/<protocol>/test_<module>...`` for a module of a
  protocol subpackage, ``tests/test_<module>...`` for a shared one.
- Tests stand alone: none imports ``bench``, and no test function is defined only under
  a condition (a test that cannot run somewhere is a skip with a reason).
- Modules are small (at most 400 lines, Python and JavaScript), and only the registry,
  ``crm_connect.checks``, imports a subsystem's checks module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from crm_connect.protocols import PROTOCOLS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "crm_connect"
TESTS = ROOT / "tests"

# Top-level tests about the whole project rather than one module (docs/contributing.md).
PROJECT_WIDE = {"docs", "example_project", "js_size", "query_counts", "typescript",
                "translations", "layout"}  # fmt: skip


def package_map() -> list[str]:
    """The paths of the map, as ``crm_connect/...``, read from its indentation."""
    text = (ROOT / "docs" / "contributing.md").read_text()
    block = re.search(r"## The package at a glance\n.*?```text\n(.*?)```", text, re.S)
    assert block, "docs/contributing.md opens with the package map in a ```text block"
    paths: list[str] = []
    parents: list[tuple[int, str]] = []  # (indent, folder path)
    for line in block.group(1).splitlines():
        indent = len(line) - len(line.lstrip())
        names = re.split(r"\s{2,}", line.strip(), maxsplit=1)[0]
        if not names or not re.match(r"[\w.]", names):
            continue  # a description's continuation line
        while parents and parents[-1][0] >= indent:
            parents.pop()
        prefix = parents[-1][1] if parents else ""
        for name in names.split(", "):
            path = prefix + name
            paths.append(path)
            if name.endswith("/"):
                parents.append((indent, path))
    return paths


def test_the_map_names_only_paths_that_exist() -> None:
    paths = package_map()
    assert paths[0] == "crm_connect/"
    missing = [path for path in paths if not (ROOT / path).exists()]
    assert not missing, f"docs/contributing.md names paths that do not exist: {missing}"


def test_every_subpackage_is_in_the_map() -> None:
    subpackages = {
        init.parent.relative_to(ROOT).as_posix() + "/"
        for init in PACKAGE.rglob("__init__.py")
        if init.parent != PACKAGE and "commands" not in init.parent.parts
    }
    unlisted = subpackages - set(package_map())
    assert not unlisted, f"add these to the map in docs/contributing.md: {sorted(unlisted)}"


def module_names(folder: Path) -> set[str]:
    """Modules and subpackages under ``folder`` as test files name them: ``api_crm_data``
    for ``api/crm_data.py``, ``api`` for ``api/``."""
    names = set()
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if "__pycache__" in relative.parts or "migrations" in relative.parts:
            continue
        if path.is_dir() and (path / "__init__.py").exists():
            names.add("_".join(relative.parts))
        elif path.suffix == ".py" and path.name != "__init__.py":
            names.add("_".join(relative.with_suffix("").parts))
    return names


def mirrored(test_file: Path, names: set[str]) -> bool:
    stem = test_file.stem.removeprefix("test_")
    return any(stem == name or stem.startswith(name + "_") for name in names)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_each_protocol_has_its_test_folder_mirroring_its_modules(protocol: str) -> None:
    folder = TESTS / protocol
    assert (folder / "__init__.py").exists(), f"tests/{protocol}/ holds {protocol}'s tests"
    names = module_names(PACKAGE / protocol)
    strays = [p.name for p in folder.glob("test_*.py") if not mirrored(p, names)]
    assert not strays, f"not named after a module of crm_connect/{protocol}/: {strays}"


def test_top_level_tests_are_named_after_a_shared_module() -> None:
    names = module_names(PACKAGE) - set(PROTOCOLS)
    names = {name for name in names if name.split("_")[0] not in PROTOCOLS}
    strays = [
        path.name for path in TESTS.glob("test_*.py") if not mirrored(path, names | PROJECT_WIDE)
    ]
    assert not strays, (
        f"move these to tests/<protocol>/ or name them after a module of crm_connect/: {strays}"
    )


def python_files() -> list[Path]:
    return sorted(path for path in TESTS.rglob("*.py") if "__pycache__" not in path.parts)


def test_no_test_imports_bench() -> None:
    importers = []
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            modules = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(module == "bench" or module.startswith("bench.") for module in modules):
                importers.append(path.relative_to(ROOT).as_posix())
        # A dotted path in a string (pytest.mark.urls("bench.urls")); not this file's own.
        if path != Path(__file__).resolve() and re.search(r"""["']bench[.:]""", path.read_text()):
            importers.append(path.relative_to(ROOT).as_posix())
    assert not importers, f"tests must not use bench/: {sorted(set(importers))}"


def test_no_test_is_defined_only_under_a_condition() -> None:
    """``if connection.vendor == ...: def test_...`` hides a test where it does not run;
    ``pytest.mark.skipif(..., reason=...)`` shows it as skipped."""
    hidden = []
    for path in python_files():
        if not path.name.startswith("test_"):
            continue
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, (ast.If, ast.Try, ast.With)):
                hidden += [
                    f"{path.relative_to(ROOT).as_posix()}::{inner.name}"
                    for inner in ast.walk(node)
                    if isinstance(inner, (ast.FunctionDef, ast.ClassDef))
                    and inner.name.lower().startswith("test")
                ]
    assert not hidden, f"define these unconditionally and skip with a reason: {hidden}"


MAX_LINES = 400


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts)


def scripts() -> list[Path]:
    """The browser side's modules: every script the app serves."""
    return sorted(PACKAGE.rglob("*.js"))


def test_no_module_is_over_400_lines() -> None:
    """Python and JavaScript alike (a script split in parts: docs/contributing.md)."""
    assert scripts(), "no JavaScript found: the test would pass on nothing"
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in [*modules(), *scripts()]
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


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
