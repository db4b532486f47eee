"""The wheel in a new project set up as the README's "Add it to an existing project"
says, with no ``CRM_CONNECT`` setting: every management entry point works."""

from __future__ import annotations

import re

import pytest

from tests.packaging.conftest import FreshProject


@pytest.mark.parametrize(
    "command",
    [
        ("migrate",),
        ("check",),
        ("check", "--deploy"),
        ("check", "--deploy", "--database", "default"),
    ],
    ids=" ".join,
)
def test_a_project_without_crm_connect_runs_every_check(
    bare_project: FreshProject, command: tuple[str, ...]
) -> None:
    assert "CRM_CONNECT" not in (bare_project.directory / "mysite" / "settings.py").read_text()
    # Django's own deployment errors (Django 6.1's console MAILERS backend, mail.E001) are
    # not ours to fix: only crm_connect's errors, and any crash, fail here.
    if command[0] == "check":
        command = (*command, "--fail-level", "CRITICAL")
    result = bare_project.manage(*command)  # fails the test on a non-zero exit
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    errors = re.findall(r"\((crm_connect\.E\d{3})\)", output)
    assert errors == [], output


def test_the_bare_project_gets_the_deployment_warnings_of_a_default_project(
    bare_project: FreshProject,
) -> None:
    """The deployment hints crm_connect adds to a default project: its per-process cache
    (W020), its SQLite database (W021), UCP posting to '*' (W301)."""
    result = bare_project.manage("check", "--deploy", "--fail-level", "CRITICAL")
    reported = set(re.findall(r"\((crm_connect\.[EW]\d{3})\)", result.stdout + result.stderr))
    assert reported == {
        "crm_connect.W020",
        "crm_connect.W021",
        "crm_connect.W100",
        "crm_connect.W301",
    }
