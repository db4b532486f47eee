"""The installed wheel in a new ``startproject``: migrations, the tags over HTTP, static files.

The project is the one docs/quickstart.md builds (see conftest.py), served by runserver.
"""

from __future__ import annotations

import html
import json
import re
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, OpenerDirector, Request, build_opener

import pytest

from tests.packaging.conftest import PACKAGE, PASSWORD, USERNAME, FreshProject
from tests.packaging.quickstart import QUICKSTART

STATIC = PACKAGE / "static" / "crm_connect"


def sign_in(project: FreshProject) -> OpenerDirector:
    """Sign in through the admin's login form, as the quickstart tells a reader to."""
    opener = build_opener(HTTPCookieProcessor(jar := CookieJar()))
    login = project.url + "/admin/login/?next=/"
    opener.open(login).read()
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    form = {"csrfmiddlewaretoken": token, "username": USERNAME, "password": PASSWORD}
    opener.open(Request(login, data=urlencode(form).encode(), headers={"Referer": login}))
    assert any(cookie.name == "sessionid" for cookie in jar), "the sign-in failed"
    return opener


@pytest.fixture(scope="module")
def home_page(fresh_project: FreshProject) -> str:
    with sign_in(fresh_project).open(fresh_project.url + "/") as response:
        assert response.status == 200
        return str(response.read().decode())


def test_the_app_migrates_from_the_wheel(fresh_project: FreshProject) -> None:
    shown = fresh_project.manage("showmigrations", "crm_connect").stdout
    assert re.search(r"\[X\] 0001_initial", shown), shown


def test_the_installed_app_is_the_wheel_not_the_source_tree(fresh_project: FreshProject) -> None:
    location = (
        fresh_project.manage("shell", "-c", "import crm_connect; print(crm_connect.__file__)")
        .stdout.strip()
        .splitlines()[-1]
    )
    assert location.startswith(str(fresh_project.python.parent.parent)), location


def test_the_only_system_check_message_is_the_one_the_quickstart_announces(
    fresh_project: FreshProject,
) -> None:
    result = fresh_project.manage("check")
    reported = set(re.findall(r"\((crm_connect\.[EW]\d{3})\)", result.stderr + result.stdout))
    assert reported == {"crm_connect.W100"}
    assert "crm_connect.W100" in QUICKSTART.read_text()


def test_a_signed_in_page_renders_the_connector_tag(
    fresh_project: FreshProject, home_page: str
) -> None:
    connector_url = f"{fresh_project.sandbox_origin}/sandbox/connector/"
    iframe = re.search(r"<iframe [^>]*>", home_page)
    assert iframe is not None, home_page
    assert 'id="crmConnectIframeId"' in iframe.group()
    assert f'src="{connector_url}"' in iframe.group()
    scripts = re.findall(r'<script src="([^"]+)"', home_page)
    assert scripts == ["/static/crm_connect/channel.js", "/static/crm_connect/connector.js"]
    config = re.search(
        r'<script id="crm-connect-connector-config" type="application/json">(.*?)</script>',
        home_page,
        re.DOTALL,
    )
    assert config is not None, home_page
    crm_data = json.loads(html.unescape(config.group(1)))["crmData"]
    assert crm_data["currentUser"]["Username"] == USERNAME
    assert crm_data["callCenterSettings"]["ReqGeneralInfo"]["reqInternalName"] == "MyCallCenter"


def test_an_anonymous_page_has_no_connector(fresh_project: FreshProject) -> None:
    with build_opener().open(fresh_project.url + "/") as response:
        page = response.read().decode()
    assert "Hello, stranger" in page
    assert "<iframe" not in page
    assert "crm_connect/connector.js" not in page


def test_the_tags_scripts_are_served(fresh_project: FreshProject, home_page: str) -> None:
    for src in re.findall(r'<script src="([^"]+)"', home_page):
        with build_opener().open(fresh_project.url + src) as response:
            assert response.read() == (STATIC / src.rsplit("/", 1)[1]).read_bytes()


def test_collectstatic_gathers_every_static_file(fresh_project: FreshProject) -> None:
    collected = fresh_project.directory / "staticfiles" / "crm_connect"
    expected = sorted(path.name for path in STATIC.iterdir())
    assert sorted(path.name for path in collected.iterdir()) == expected
    for name in expected:
        assert (collected / name).read_bytes() == (STATIC / name).read_bytes()
