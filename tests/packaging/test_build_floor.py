"""The oldest setuptools ``[build-system] requires`` allows really builds the package.

``license = "MIT"`` is a PEP 639 expression: setuptools before 77 refuses it ("project.license
must be valid exactly by one definition"), so a floor below that was a promise pip would
break on the first user whose resolver picked it.
"""

from __future__ import annotations

import re
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from crm_connect import __version__
from tests.packaging.conftest import ROOT, Distributions, run

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def setuptools_floor() -> str:
    """The version after ``>=`` in the build requirement on setuptools."""
    build_system = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]
    requirements = [Requirement(line) for line in build_system["requires"]]
    (setuptools,) = [req for req in requirements if req.name == "setuptools"]
    floors = [spec.version for spec in setuptools.specifier if spec.operator == ">="]
    assert len(floors) == 1, f"setuptools needs exactly one >= floor: {setuptools}"
    return floors[0]


def test_the_floor_is_new_enough_for_a_license_expression() -> None:
    floor = tuple(int(part) for part in re.findall(r"\d+", setuptools_floor())[:3])
    assert floor >= (77, 0, 3)


@pytest.fixture(scope="session")
def floor_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv with exactly the floor version of setuptools, and nothing else."""
    venv = tmp_path_factory.mktemp("floor-venv")
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    run([*pip, "install", "--quiet", f"setuptools=={setuptools_floor()}"])
    return python


def test_the_sdist_builds_a_wheel_with_the_floor_setuptools(
    distributions: Distributions, floor_python: Path, tmp_path: Path
) -> None:
    # No build isolation: the backend is the floor venv's setuptools, not the newest.
    pip = [sys.executable, "-m", "pip", "--python", str(floor_python)]
    run([*pip, "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path),
         str(distributions.sdist)])  # fmt: skip
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = HeaderParser().parsestr(
            archive.read(f"django_crm_connect-{__version__}.dist-info/METADATA").decode()
        )
        names = set(archive.namelist())
    assert metadata["License-Expression"] == "MIT"
    assert "crm_connect/static/crm_connect/channel.js" in names
    version = run([str(floor_python), "-c", "import setuptools; print(setuptools.__version__)"])
    assert version.stdout.strip() == setuptools_floor()
