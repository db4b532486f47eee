"""The version matrix: one nox session per CI leg, each running ``make test``.

    nox                   every leg, one after the other
    nox -s lts            one leg
    nox -s new -- -k ucp  pytest options after ``--`` (coverage is then off: a subset
                          cannot reach the threshold)

Contributors, ``.ci/run`` and ``.github/workflows/ci.yml`` all run these sessions. A
session does not make a virtualenv of its own: ``make test`` installs into the leg's
(``.venv-new``, ``.venv-lts``), so a leg is exactly what
``make test PYTHON=... VENV=... DJANGO=...`` runs by hand. The interpreter of each leg is
found as ``python3.X`` on ``PATH`` (GitHub's setup-python, most systems); set
``CI_PYTHON_3_13`` / ``CI_PYTHON_3_10`` to name one elsewhere (``.ci/run`` does, for
pyenv). ``pg`` runs against ``DATABASE_URL``, by default the local server's ``test``
database.
"""

from __future__ import annotations

import os
import shlex
import shutil
from dataclasses import dataclass

import nox

nox.options.default_venv_backend = "none"
nox.options.error_on_missing_interpreters = True

PG_URL = "postgres://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class Leg:
    python: str  # major.minor
    django: str  # pip requirement
    venv: str
    database_url: str | None = None


LEGS = {
    # The newest Django 6 on the newest Python we support.
    "new": Leg("3.13", "Django>=6.0,<7", ".venv-new"),
    # The LTS on the oldest Python we claim (requires-python = ">=3.10").
    "lts": Leg("3.10", "Django>=5.2,<6", ".venv-lts"),
    # Leg new's virtualenv against PostgreSQL.
    "pg": Leg("3.13", "Django>=6.0,<7", ".venv-new", database_url=PG_URL),
}


def interpreter(session: nox.Session, version: str) -> str:
    """The ``python3.X`` for ``version``: ``CI_PYTHON_3_X``, else the one on ``PATH``."""
    named = os.environ.get("CI_PYTHON_" + version.replace(".", "_"))
    found = named or shutil.which(f"python{version}")
    if not found:
        session.error(f"Python {version} not found: put python{version} on PATH or set "
                      f"CI_PYTHON_{version.replace('.', '_')}")  # fmt: skip
    return found


def run_leg(session: nox.Session, name: str) -> None:
    leg = LEGS[name]
    # SQLite unless the leg names a database, even with DATABASE_URL in the shell.
    env = {"DATABASE_URL": ""}
    if leg.database_url:
        env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or leg.database_url
    variables = [
        f"PYTHON={interpreter(session, leg.python)}",
        f"VENV={leg.venv}",
        f"DJANGO={leg.django}",
    ]
    # `nox --install-only` stops here (.ci/run installs both legs at once this way).
    session.run_install("make", "install", *variables, external=True)
    if session.posargs:
        variables += [f"PYTEST_ARGS={shlex.join(session.posargs)}", "COV="]
    session.run("make", "test", *variables, env=env, external=True)


@nox.session
def new(session: nox.Session) -> None:
    """Django 6 (newest) on Python 3.13, SQLite."""
    run_leg(session, "new")


@nox.session
def lts(session: nox.Session) -> None:
    """Django 5.2 LTS on Python 3.10, SQLite."""
    run_leg(session, "lts")


@nox.session
def pg(session: nox.Session) -> None:
    """Django 6 (newest) on Python 3.13, PostgreSQL at DATABASE_URL."""
    run_leg(session, "pg")
