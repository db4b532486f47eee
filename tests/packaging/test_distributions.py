"""The wheel and the sdist carry everything the app needs at run time."""

from __future__ import annotations

import tarfile
import zipfile
from email.parser import HeaderParser

from packaging.requirements import Requirement

from crm_connect import __version__
from tests.packaging.conftest import PACKAGE, ROOT, Distributions


def source_files() -> set[str]:
    """Every file of the package in the source tree, as ``crm_connect/...`` paths."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def wheel_files(distributions: Distributions) -> set[str]:
    with zipfile.ZipFile(distributions.wheel) as wheel:
        return set(wheel.namelist())


def test_the_wheel_holds_every_file_of_the_package(distributions: Distributions) -> None:
    missing = source_files() - wheel_files(distributions)
    assert not missing, f"not in the wheel: {sorted(missing)}"


def test_the_wheel_holds_static_files_migrations_and_type_marker(
    distributions: Distributions,
) -> None:
    files = wheel_files(distributions)
    static = {name for name in files if name.startswith("crm_connect/static/crm_connect/")}
    expected_static = {
        path for path in source_files() if path.startswith("crm_connect/static/crm_connect/")
    }
    assert static == expected_static
    assert {"crm_connect/static/crm_connect/channel.js", "crm_connect/py.typed"} <= files
    assert "crm_connect/migrations/0001_initial.py" in files
    templates = {path for path in source_files() if path.startswith("crm_connect/templates/")}
    locale = {path for path in source_files() if path.startswith("crm_connect/locale/")}
    assert templates | locale <= files


def test_the_wheel_holds_no_tests_or_example_project(distributions: Distributions) -> None:
    tops = {name.split("/", 1)[0] for name in wheel_files(distributions)}
    assert tops == {"crm_connect", f"django_crm_connect-{__version__}.dist-info"}


def test_the_wheel_metadata_names_the_version_and_requirements(
    distributions: Distributions,
) -> None:
    with zipfile.ZipFile(distributions.wheel) as wheel:
        raw = wheel.read(f"django_crm_connect-{__version__}.dist-info/METADATA").decode()
    metadata = HeaderParser().parsestr(raw)
    assert metadata["Name"] == "django-crm-connect"
    assert metadata["Version"] == __version__
    required = [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]
    # The unconditional ones: what `pip install django-crm-connect` brings.
    requirements = {requirement.name.lower() for requirement in required if not requirement.marker}
    assert {"django", "djangorestframework", "phonenumbers", "pydantic"} <= requirements
    assert "Typing :: Typed" in (metadata.get_all("Classifier") or [])
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]


def test_the_wheel_offers_only_the_user_facing_extras(distributions: Distributions) -> None:
    """Development tools are [dependency-groups] (PEP 735), not extras a user could install:
    the published metadata names no test runner, linter or docs builder."""
    with zipfile.ZipFile(distributions.wheel) as wheel:
        raw = wheel.read(f"django_crm_connect-{__version__}.dist-info/METADATA").decode()
    metadata = HeaderParser().parsestr(raw)
    assert set(metadata.get_all("Provides-Extra") or []) == {"csp", "openapi"}
    required = {Requirement(line).name.lower() for line in metadata.get_all("Requires-Dist") or []}
    assert not required & {"pytest", "ruff", "mypy", "mkdocs", "playwright", "build"}


def test_the_sdist_holds_the_package_and_its_build_files(distributions: Distributions) -> None:
    prefix = f"django_crm_connect-{__version__}/"
    with tarfile.open(distributions.sdist) as sdist:
        names = {name.removeprefix(prefix) for name in sdist.getnames()}
    missing = (source_files() | {"pyproject.toml", "README.md", "LICENSE", "PKG-INFO"}) - names
    assert not missing, f"not in the sdist: {sorted(missing)}"
