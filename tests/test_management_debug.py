"""``manage.py crm_connect_debug``: a user's crmData and why, a page's headers and tags."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from crm_connect.csp import directives_of
from crm_connect.management.page_report import PageContents, report
from crm_connect.models import CallCenter
from tests.csp.setups import LIBRARY_SETUPS, NONCE

pytestmark = pytest.mark.django_db

CRM_DATA_URL = "/crm-connect/api/crm-data/"
STRICT_POLICY = {"default-src": ["'self'"], "script-src": ["'self'", NONCE]}


def run(*args: str) -> str:
    out = StringIO()
    call_command("crm_connect_debug", *args, stdout=out)
    return out.getvalue()


def crm_data_of(output: str) -> dict[str, Any]:
    """The pretty JSON after the ``crmData:`` line (it runs to the end or a blank line)."""
    block = output.split("crmData:\n", 1)[1].split("\n\n", 1)[0]
    data: dict[str, Any] = json.loads(block)
    return data


# --- --user ---------------------------------------------------------------------------


def test_prints_what_the_endpoint_answers_that_user(
    client: Client, agent: User, call_center: CallCenter
) -> None:
    output = run("--user", "agent")
    client.force_login(agent)
    assert crm_data_of(output) == client.get(CRM_DATA_URL).json()
    assert f"Call center: {call_center.name} (pk {call_center.pk}, from the database)" in output
    assert "default call center" in output


def test_names_the_group_that_chose_the_call_center(
    agent: User, other_agent: User, make_call_center: Any
) -> None:
    make_call_center()
    sales = make_call_center(name="Sales desk", is_default=False, app_name="Sales CRM")
    sales.groups.add(Group.objects.create(name="Sales"))
    agent.groups.add(Group.objects.get(name="Sales"))

    output = run("--user", "agent")
    assert "Call center: Sales desk" in output
    assert "“Sales”" in output
    assert crm_data_of(output)["capabilities"]["name"] == "Sales CRM"
    assert "Call center: Test call center" in run("--user", "bob")


@override_settings(CRM_CONNECT={"CONNECTOR_URL": "https://settings.example.com/cc/"})
def test_says_when_the_settings_call_center_applies(agent: User) -> None:
    output = run("--user", "agent")
    assert "from the CRM_CONNECT setting (https://settings.example.com/cc/)" in output
    assert crm_data_of(output)["currentUser"]["Username"] == "agent"


def test_says_when_no_call_center_applies(agent: User) -> None:
    output = run("--user", "agent")
    assert "Call center: none (the crmData endpoint answers 404)" in output
    assert "crmData:" not in output


@pytest.mark.parametrize(("language", "locale"), [("de", "de"), ("pt-br", "pt_BR")])
def test_previews_in_the_language_given(
    agent: User, call_center: CallCenter, language: str, locale: str
) -> None:
    output = run("--user", "agent", "--language", language)
    assert crm_data_of(output)["currentUser"]["LanguageLocaleKey"] == locale


def test_an_unknown_user_is_a_command_error() -> None:
    with pytest.raises(CommandError, match="No user with username 'nobody'"):
        run("--user", "nobody")


def test_nothing_to_do_is_a_command_error() -> None:
    with pytest.raises(CommandError, match="--user"):
        run()


# --- --url ----------------------------------------------------------------------------


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
def test_reports_the_headers_and_tags_of_a_page(
    setup: Any, agent: User, call_center: CallCenter
) -> None:
    with setup.settings(STRICT_POLICY):
        output = run("--user", "agent", "--url", "/")
    page = output.split("GET http://127.0.0.1/ as agent\n", 1)[1]
    assert "Status: 200" in page
    nonce = page.split("script nonce: ", 1)[1].split("\n", 1)[0]
    assert len(nonce) >= 16
    assert "frame-src: 'self' https://connector.example.com" in page
    assert "Cross-Origin-Opener-Policy: same-origin-allow-popups" in page
    assert "crm_connect_connector (connector iframe)" in page
    assert f"/static/crm_connect/connector.js (nonce {nonce})" in page
    assert "Problems: none found" in page


def test_an_anonymous_page_has_no_connector(call_center: CallCenter) -> None:
    output = run("--url", "/accounts/login/")
    assert "(anonymous)" in output
    assert "crm_connect tags rendered:\n  (none)" in output
    assert "X-Frame-Options: DENY" in output


def test_a_404_is_a_command_error() -> None:
    with pytest.raises(CommandError, match="404"):
        run("--url", "/no/such/page/")


def failing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [path("fails/", failing_view)]


@pytest.mark.urls(__name__)
def test_a_failing_view_is_a_command_error_not_a_traceback() -> None:
    with pytest.raises(CommandError, match="answered 500"):
        run("--url", "/fails/")


def test_a_redirect_is_reported_and_can_be_followed(agent: User) -> None:
    assert "Redirected to /accounts/login/?next=/" in run("--url", "/")
    assert "Redirected" not in run("--url", "/", "--follow")


def test_a_url_of_another_scheme_is_refused() -> None:
    with pytest.raises(CommandError, match="http"):
        run("--url", "ftp://example.com/")


# --- what the report finds wrong ------------------------------------------------------


def page(html: str, **headers: str) -> HttpResponse:
    response = HttpResponse(html)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def test_a_script_without_the_policys_nonce_is_a_problem() -> None:
    html = '<script src="/static/crm_connect/channel.js" nonce="other"></script>'
    found = report(page(html, Content_Security_Policy="script-src 'nonce-abc'")).problems
    assert found == [
        "/static/crm_connect/channel.js lacks the policy's nonce: the browser will not run it"
    ]
    fine = '<script src="/static/crm_connect/channel.js" nonce="abc"></script>'
    assert report(page(fine, Content_Security_Policy="script-src 'nonce-abc'")).problems == []


def test_a_connector_origin_outside_frame_src_is_a_problem() -> None:
    html = '<iframe src="https://cc.example.com/x" data-crm-connect-connector></iframe>'
    blocked = report(page(html, Content_Security_Policy="default-src 'self'"))
    assert blocked.problems == [
        "frame-src does not allow https://cc.example.com: the connector iframe is blocked"
    ]
    assert "  frame-src: (not set), so default-src applies" in blocked.lines()
    allowed = report(page(html, Content_Security_Policy="frame-src https://cc.example.com"))
    assert allowed.problems == []


def test_a_coop_that_cuts_the_skylight_opener_is_a_problem() -> None:
    html = "<div data-crm-connect-skylight><button data-skylight-open></button></div>"
    cut = report(page(html, Cross_Origin_Opener_Policy="same-origin"))
    assert len(cut.problems) == 1
    assert "same-origin-allow-popups" in cut.problems[0]
    kept = report(page(html, Cross_Origin_Opener_Policy="same-origin-allow-popups"))
    assert kept.problems == []


def test_a_json_response_is_reported_without_tags() -> None:
    response = HttpResponse(b"{}", content_type="application/json")
    assert "Not an HTML page: no tags to look for." in report(response).lines()


def test_the_parser_finds_every_tag_by_its_marker() -> None:
    contents = PageContents()
    contents.feed(
        '<a data-crm-connect-dial></a><a data-skylight-dial="1"></a>'
        '<button data-crm-connect-ucp="close-tab"></button>'
        '<script id="crm-connect-ucp-config" type="application/json">{}</script>'
        '<script src="/static/other/app.js"></script>'
    )
    assert contents.tags == [
        "crm_connect_tel (click-to-dial link)",
        "crm_connect_skylight_dial (Skylight dial link)",
        "crm_connect_ucp_close_tab (Close tab button)",
        "crm_connect_ucp (UCP configuration)",
    ]
    assert contents.scripts == []


def test_policies_parse_into_directives() -> None:
    assert directives_of("script-src 'self' 'nonce-x'; FRAME-SRC a b;;") == {
        "script-src": ["'self'", "'nonce-x'"],
        "frame-src": ["a", "b"],
    }
