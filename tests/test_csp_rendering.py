"""Pages rendered under every CSP setup: nonces on scripts, and frame-src for the connector.

The matrix (see ``tests/csp/setups.py``): django-csp and Django's built-in middleware,
each before and after ``CrmConnectMiddleware``, and no CSP.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.template import Context
from django.test import Client, RequestFactory

from crm_connect import csp
from crm_connect.models import CallCenter
from crm_connect.rendering import script_tags
from tests.csp.setups import (
    LIBRARY_SETUPS,
    NO_CSP,
    NONCE,
    SETUPS,
    Setup,
    directives,
    header_nonce,
    scripts_of,
)

pytestmark = pytest.mark.django_db

CONNECTOR = "https://connector.example.com"
HEADERS = (csp.HEADER, csp.HEADER_REPORT_ONLY)


@pytest.fixture
def agent_client(client: Client, agent: User, call_center: CallCenter) -> Client:
    client.force_login(agent)
    return client


@pytest.fixture
def skylight_agent_client(client: Client, agent: User, make_call_center: Any) -> Client:
    """An agent whose call center has the connector and Skylight: every script we render."""
    make_call_center(skylight_url="https://skylight.example.com/")
    client.force_login(agent)
    return client


# A page with every tag that is not embeddable: framing headers are test_framing.py's.
PAGE = "/interaction-logs/"


def get(client: Client, path: str = PAGE) -> Any:
    response = client.get(path)
    assert response.status_code == 200
    return response


# --- nonces --------------------------------------------------------------------------


@pytest.mark.parametrize("setup", SETUPS, ids=str)
@pytest.mark.parametrize("uses_nonce", [True, False], ids=["nonce policy", "no-nonce policy"])
def test_every_script_carries_the_nonce_when_one_is_in_use_and_none_otherwise(
    skylight_agent_client: Client, setup: Setup, uses_nonce: bool
) -> None:
    script_src = ["'self'", NONCE] if uses_nonce else ["'self'"]
    with setup.settings({"default-src": ["'self'"], "script-src": script_src}):
        response = get(skylight_agent_client)
    scripts = scripts_of(response.content.decode())
    assert sorted(script.get("src") or script["id"] for script in scripts) == [  # type: ignore[type-var]
        "/static/crm/events.js",  # the example's own, with {% crm_connect_nonce %}
        "/static/crm/htmx.min.js",  # the example's docked pages are boosted
        "/static/crm_connect/channel-lazy.js",  # once: it runs UCP's and Skylight's scripts
        "/static/crm_connect/channel-page.js",  # what connector-persist.js builds on
        "/static/crm_connect/channel.js",  # once, though both protocols use it
        "/static/crm_connect/connector-persist.js",  # persistent=True
        "/static/crm_connect/connector.js",
        "crm-connect-connector-config",
        "crm-connect-skylight-config",
        "crm-connect-ucp-config",
    ]
    policy = response.get(csp.HEADER)
    if setup.library is None:
        assert policy is None
    else:
        assert policy is not None
    nonce = header_nonce(policy) if policy else None
    if setup.library is not None and uses_nonce:
        assert nonce
        assert [script.get("nonce") for script in scripts] == [nonce] * len(scripts)
    else:
        assert nonce is None
        assert all("nonce" not in script for script in scripts), scripts


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
def test_the_nonce_only_in_the_report_only_policy_is_still_rendered(
    agent_client: Client, setup: Setup
) -> None:
    with setup.settings({"object-src": ["'none'"]}, report_only={"script-src": ["'self'", NONCE]}):
        response = get(agent_client)
    nonce = header_nonce(response[csp.HEADER_REPORT_ONLY])
    assert nonce
    assert header_nonce(response[csp.HEADER]) is None
    assert {script.get("nonce") for script in scripts_of(response.content.decode())} == {nonce}


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
def test_the_nonce_is_found_without_the_csp_context_processors(
    agent_client: Client, setup: Setup, settings: Any
) -> None:
    templates = [
        {
            **engine,
            "OPTIONS": {
                **engine["OPTIONS"],
                "context_processors": [
                    processor
                    for processor in engine["OPTIONS"]["context_processors"]
                    if processor
                    not in (
                        "django.template.context_processors.csp",
                        "csp.context_processors.nonce",
                    )
                ],
            },
        }
        for engine in settings.TEMPLATES
    ]
    with setup.settings({"script-src": ["'self'", NONCE]}, TEMPLATES=templates):
        response = get(agent_client)
    nonce = header_nonce(response[csp.HEADER])
    assert nonce
    assert {script.get("nonce") for script in scripts_of(response.content.decode())} == {nonce}


def test_a_plain_nonce_in_the_context_is_used_as_it_is() -> None:
    """A project (or a test) that computed a nonce itself passes it in the context."""
    assert csp.get_nonce(RequestFactory().get("/"), Context({"csp_nonce": "abc"})) == "abc"
    assert csp.get_nonce(None, Context({"CSP_NONCE": "xyz"})) == "xyz"
    assert csp.get_nonce(None, None) is None


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
def test_a_nonce_generated_earlier_in_the_request_is_rendered_even_if_the_policy_omits_it(
    setup: Setup,
) -> None:
    """Somebody used the nonce (a view, another app's tag): the header will carry it."""
    from django.http import HttpResponse
    from django.utils.module_loading import import_string

    request = RequestFactory().get("/")
    library_middleware = (
        csp.DJANGO_CSP_MIDDLEWARE if setup.library == csp.DJANGO_CSP else csp.BUILTIN_CSP_MIDDLEWARE
    )
    with setup.settings({"script-src": ["'self'"]}):
        import_string(library_middleware)(lambda request: HttpResponse()).process_request(request)
        assert csp.get_nonce(request) is None  # unused, and not in the policy
        lazy = request.csp_nonce if setup.library == csp.DJANGO_CSP else request._csp_nonce  # type: ignore[attr-defined]
        used = str(lazy)
        assert csp.get_nonce(request) == used


def test_the_script_helper_renders_each_script_once_with_the_nonce() -> None:
    request = RequestFactory().get("/")
    context = Context({"csp_nonce": "n0nce"})
    first = script_tags(request, context, "crm_connect/channel.js", "crm_connect/connector.js")
    again = script_tags(request, context, "crm_connect/channel.js")
    assert first == (
        '<script src="/static/crm_connect/channel.js" nonce="n0nce"></script>'
        '<script src="/static/crm_connect/connector.js" nonce="n0nce"></script>'
    )
    assert again == ""


# --- frame-src -----------------------------------------------------------------------

FRAME_CASES = [
    pytest.param(
        {"default-src": ["'self'"], "script-src": ["'self'", NONCE]},
        f"'self' {CONNECTOR}",
        id="from default-src",
    ),
    pytest.param(
        {
            "default-src": ["'none'"],
            "child-src": ["'self'", "https://other.example.com"],
            "script-src": ["'self'"],
        },
        f"'self' https://other.example.com {CONNECTOR}",
        id="from child-src, before default-src",
    ),
    pytest.param(
        {"default-src": ["'self'"], "frame-src": ["'none'"]},
        CONNECTOR,
        id="frame-src 'none'",
    ),
    pytest.param(
        {"default-src": ["'none'"], "frame-src": ["https://maps.example.com"]},
        f"https://maps.example.com {CONNECTOR}",
        id="frame-src extended",
    ),
    pytest.param(
        {"frame-src": [CONNECTOR, "'self'"], "script-src": ["'self'"]},
        f"{CONNECTOR} 'self'",
        id="frame-src already has it",
    ),
    pytest.param(
        {"default-src": ["'self'", NONCE, "'strict-dynamic'", "'unsafe-inline'"]},
        f"'self' {CONNECTOR}",
        id="script-only sources are not copied",
    ),
    pytest.param({"script-src": ["'self'"]}, None, id="frames not restricted"),
]


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
@pytest.mark.parametrize(("policy", "frame_src"), FRAME_CASES)
@pytest.mark.parametrize("header", HEADERS, ids=["enforced", "report-only"])
def test_frame_src_gets_the_connector_origin_and_nothing_else_changes(
    agent_client: Client, setup: Setup, policy: Any, frame_src: str | None, header: str
) -> None:
    policies = {"policy": policy} if header == csp.HEADER else {"report_only": policy}
    with setup.settings(**policies):
        page = get(agent_client)
        login_page = get(Client(), "/accounts/login/")  # anonymous: no connector
    expected = directives(login_page[header])
    if frame_src is not None:
        expected["frame-src"] = frame_src
    assert directives(page[header]) == expected
    assert "frame-src" not in directives(login_page[header]) or "frame-src" in policy


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
def test_frame_src_is_added_to_the_enforced_and_the_report_only_policy(
    agent_client: Client, setup: Setup
) -> None:
    with setup.settings(
        {"default-src": ["'self'"]}, report_only={"frame-src": ["https://a.example.com"]}
    ):
        page = get(agent_client)
    assert directives(page[csp.HEADER])["frame-src"] == f"'self' {CONNECTOR}"
    assert (
        directives(page[csp.HEADER_REPORT_ONLY])["frame-src"]
        == f"https://a.example.com {CONNECTOR}"
    )


def test_without_csp_no_policy_is_invented_for_the_connector(agent_client: Client) -> None:
    with NO_CSP.settings():
        page = get(agent_client)
    assert csp.HEADER not in page
    assert csp.HEADER_REPORT_ONLY not in page


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
def test_a_view_specific_policy_is_extended_too(
    agent_client: Client, setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The view changed the policy (django-csp's csp_update, Django's csp_override)."""
    from example_project.crm.views import InteractionLogListView

    original = InteractionLogListView.render_to_response

    def render_to_response(self: Any, context: Any, **kwargs: Any) -> Any:
        response = original(self, context, **kwargs)
        if setup.library == csp.DJANGO_CSP:
            response._csp_update = {"frame-src": ["https://update.example.com"]}
        else:
            response._csp_config = {"frame-src": ["https://override.example.com"]}
        return response

    monkeypatch.setattr(InteractionLogListView, "render_to_response", render_to_response)
    with setup.settings({"frame-src": ["'self'"]}):
        page = get(agent_client)
    expected = (
        f"'self' https://update.example.com {CONNECTOR}"
        if setup.library == csp.DJANGO_CSP
        else f"https://override.example.com {CONNECTOR}"
    )
    assert directives(page[csp.HEADER])["frame-src"] == expected


# --- editing policies ----------------------------------------------------------------


def test_apply_to_header_replaces_the_first_directive_and_drops_repeats() -> None:
    policy = "default-src 'self'; frame-src a; img-src *; frame-src b"
    assert csp.apply_to_header(policy, {"frame-src": ["c"], "base-uri": ["'none'"]}) == (
        "default-src 'self'; frame-src c; img-src *; base-uri 'none'"
    )


def test_directives_of_takes_the_first_of_each_name_like_browsers() -> None:
    assert csp.directives_of(" Frame-Src a ;; frame-src b; sandbox") == {
        "frame-src": ["a"],
        "sandbox": [],
    }
