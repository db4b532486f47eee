"""Session fixtures: the built distributions, a fresh virtualenv with the wheel, and a new
``startproject`` configured from docs/quickstart.md and served by ``runserver``.

Everything expensive (build, pip install, migrate) is paid once per session. The fresh
project runs in its own interpreter, outside the repository, so it imports the installed
wheel and never the source tree.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.request import urlopen

import pytest
from pytest_django.live_server_helper import LiveServer

from tests.packaging.quickstart import read_steps

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "crm_connect"

# The quickstart has the reader export the two ports it uses, then uses them as
# $CRM_PORT / $SANDBOX_PORT (and its settings read SANDBOX_PORT from the environment);
# the test exports free ports instead. Nothing else of the page is changed.
DOCUMENTED_PORTS = ("CRM_PORT", "SANDBOX_PORT")
DOCUMENTED_RUNSERVER = "python manage.py runserver $CRM_PORT"
INSTALL = "pip install django-crm-connect"

USERNAME = "quickstart-agent"
PASSWORD = "a-long-enough-test-password"

# The wheel's dependencies at the versions this test run uses, so that each CI leg checks
# the wheel with its own Django (and pip finds them in its cache).
PINNED = ("Django", "djangorestframework", "phonenumbers", "pydantic")


def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure, fail the test with its output."""
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    if result.returncode != 0:
        pytest.fail(
            f"{shlex.join(command)} exited with {result.returncode}\n"
            f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
        )
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Distributions:
    wheel: Path
    sdist: Path


@dataclass
class FreshProject:
    directory: Path
    url: str
    python: Path
    env: dict[str, str]
    sandbox_origin: str
    server: subprocess.Popen[bytes] | None = None
    log: Path | None = None
    commands: list[str] = field(default_factory=list)

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run([str(self.python), "manage.py", *args], cwd=self.directory, env=self.env)


@pytest.fixture(scope="session")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> Distributions:
    """``python -m build``: the sdist, then the wheel built from that sdist."""
    out = tmp_path_factory.mktemp("dist")
    # No isolation: setuptools comes from the test dependency group, not from a download.
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)])
    wheels = list(out.glob("*.whl"))
    sdists = list(out.glob("*.tar.gz"))
    assert len(wheels) == 1, wheels
    assert len(sdists) == 1, sdists
    return Distributions(wheel=wheels[0], sdist=sdists[0])


@pytest.fixture(scope="session")
def fresh_python(distributions: Distributions, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtualenv holding only the wheel and what it requires."""
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    pins = [f"{name}=={version(name)}" for name in PINNED]
    # This environment's pip installs into the new interpreter (pip --python).
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    run([*pip, "install", "--quiet", str(distributions.wheel), *pins])
    return python


@pytest.fixture(scope="session")
def sandbox_connector_origin(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The repository's sandbox connector (example_project/sandbox), on a free port."""
    with django_db_blocker.unblock():
        server = LiveServer("127.0.0.1:0")
    yield str(server.url)
    server.stop()


def clean_env(python: Path) -> dict[str, str]:
    """The environment of a user's shell: the fresh venv first on PATH, nothing of ours."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "DJANGO_SETTINGS_MODULE",
            "PYTHONPATH",
            "VIRTUAL_ENV",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # the browser tests' setting; deploy checks refuse it
            *DOCUMENTED_PORTS,  # the quickstart's own step exports them
        )
    }
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(python.parent.parent)
    env["DJANGO_SUPERUSER_USERNAME"] = USERNAME
    env["DJANGO_SUPERUSER_PASSWORD"] = PASSWORD
    env["DJANGO_SUPERUSER_EMAIL"] = "agent@example.com"
    return env


def start_server(project: FreshProject) -> None:
    project.log = project.directory.parent / "runserver.log"
    port = project.url.rsplit(":", 1)[1]
    with project.log.open("wb") as log:
        project.server = subprocess.Popen(
            [str(project.python), "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=project.directory,
            env=project.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60  # a readiness wait, not an assertion on speed
    while time.monotonic() < deadline:
        if project.server.poll() is not None:
            pytest.fail(f"runserver exited:\n{project.log.read_text()}")
        try:
            with urlopen(project.url + "/admin/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except (URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"runserver did not answer:\n{project.log.read_text()}")


def expand(project: FreshProject, command: str) -> str:
    """``$NAME`` and ``${NAME}`` replaced from the project's environment, as a shell does."""
    return re.sub(
        r"\$(?:(\w+)|\{(\w+)\})",
        lambda match: project.env[match[1] or match[2]],
        command,
    )


def perform(project: FreshProject, command: str) -> None:
    """One command of a ``run`` step, as a user would type it."""
    project.commands.append(command)
    words = shlex.split(expand(project, command))
    if command == INSTALL:
        return  # the fresh_python fixture installed the wheel in its place
    if words[0] == "export":
        # The reader's choice of ports, in the test: free ones.
        ports = {"CRM_PORT": project.url, "SANDBOX_PORT": project.sandbox_origin}
        for assignment in words[1:]:
            name = assignment.split("=", 1)[0]
            assert name in ports, f"the quickstart exports an unknown {name}"
            project.env[name] = ports[name].rsplit(":", 1)[1]
    elif words[0] == "cd":
        project.directory = project.directory / words[1]
    elif command == DOCUMENTED_RUNSERVER:
        start_server(project)
    elif words[:3] == ["python", "manage.py", "createsuperuser"]:
        # The documented command asks for a name and password; the same, unattended.
        run([*words, "--noinput"], cwd=project.directory, env=project.env)
    else:
        run(words, cwd=project.directory, env=project.env)


@pytest.fixture(scope="session")
def fresh_project(
    fresh_python: Path,
    sandbox_connector_origin: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[FreshProject]:
    """A new ``startproject``, configured and run by docs/quickstart.md's steps only."""
    project = FreshProject(
        directory=tmp_path_factory.mktemp("quickstart") / "work",
        url=f"http://127.0.0.1:{free_port()}",
        python=fresh_python,
        env=clean_env(fresh_python),
        sandbox_origin=sandbox_connector_origin,
    )
    project.directory.mkdir()
    try:
        for step in read_steps():
            if step.action == "run":
                for command in step.commands:
                    perform(project, command)
                continue
            assert step.path is not None
            body = step.body
            target = project.directory / step.path
            if step.action == "write":
                assert not target.exists(), f"the quickstart overwrites {step.path}"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(body)
            else:
                assert target.exists(), f"the quickstart appends to a missing {step.path}"
                with target.open("a") as file:
                    file.write("\n\n" + body)
        assert sorted(name for name in DOCUMENTED_PORTS if name in project.env) == sorted(
            DOCUMENTED_PORTS
        ), "the quickstart should export the ports it uses"
        assert project.server is not None, f"no {DOCUMENTED_RUNSERVER!r} in the quickstart"
        yield project
    finally:
        if project.server is not None:
            project.server.terminate()
            project.server.wait(timeout=30)


@pytest.fixture(scope="session")
def bare_project(fresh_python: Path, tmp_path_factory: pytest.TempPathFactory) -> FreshProject:
    """A new ``startproject`` with only the README's "Add it to an existing project"
    steps: the two apps, the request context processor, the URL include. No
    ``CRM_CONNECT``: the README says the setting is optional."""
    directory = tmp_path_factory.mktemp("bare") / "mysite"
    directory.mkdir()
    env = clean_env(fresh_python)
    run([str(fresh_python), "-m", "django", "startproject", "mysite", str(directory)], env=env)
    with (directory / "mysite" / "settings.py").open("a") as file:
        file.write(
            '\nINSTALLED_APPS += ["rest_framework", "crm_connect"]\n'
            'TEMPLATES[0]["OPTIONS"]["context_processors"] += '
            '["django.template.context_processors.request"]\n'
        )
    with (directory / "mysite" / "urls.py").open("a") as file:
        file.write(
            "\nfrom django.urls import include\n"
            'urlpatterns += [path("crm-connect/", include("crm_connect.urls"))]\n'
        )
    return FreshProject(
        directory=directory, url="", python=fresh_python, env=env, sandbox_origin=""
    )
