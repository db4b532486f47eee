"""Embeddable pages (frame-ancestors, no X-Frame-Options) and popup openers (COOP), under
every CSP setup of ``tests/csp/setups.py``."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from crm_connect import csp
from crm_connect.models import CallCenter
from tests.csp.setups import LIBRARY_SETUPS, NO_CSP, SETUPS, Setup, directives

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.csp.urls"),
]

UCP = "https://ucp.example.com"
ANCESTORS = f"'self' {UCP}"
COOP = "Cross-Origin-Opener-Policy"
EMBEDDABLE = [
    "/t/embeddable/",
    "/t/embeddable-async/",
    "/t/embeddable-class/",
]


@pytest.fixture(autouse=True)
def ucp_origins(settings: Any) -> None:
    settings.CRM_CONNECT = {**settings.CRM_CONNECT, "UCP_ORIGINS": [UCP]}


def get(client: Client, path: str, status: int = 200) -> Any:
    response = client.get(path)
    assert response.status_code == status
    return response


@pytest.mark.parametrize("setup", SETUPS, ids=str)
@pytest.mark.parametrize("path", EMBEDDABLE)
def test_embeddable_pages_name_who_may_frame_them_and_drop_x_frame_options(
    client: Client, setup: Setup, path: str
) -> None:
    with setup.settings({"default-src": ["'self'"], "frame-ancestors": ["'none'"]}):
        response = get(client, path)
    assert "X-Frame-Options" not in response
    policy = directives(response[csp.HEADER])
    assert policy["frame-ancestors"] == ANCESTORS
    if setup.library is None:
        assert policy == {"frame-ancestors": ANCESTORS}  # only what was needed
    else:
        assert policy["default-src"] == "'self'"  # the rest of the policy is kept


@pytest.mark.parametrize("setup", SETUPS, ids=str)
def test_other_pages_stay_unframable(client: Client, setup: Setup) -> None:
    with setup.settings({"default-src": ["'self'"]}):
        response = get(client, "/t/plain/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors" not in directives(response.get(csp.HEADER))


@pytest.mark.parametrize("setup", SETUPS, ids=str)
def test_without_host_origins_only_the_site_itself_may_frame(
    client: Client, setup: Setup, settings: Any
) -> None:
    settings.CRM_CONNECT = {**settings.CRM_CONNECT, "UCP_ORIGINS": []}
    with setup.settings({"default-src": ["'self'"]}):
        response = get(client, "/t/embeddable/")
    assert directives(response[csp.HEADER])["frame-ancestors"] == "'self'"


@pytest.mark.parametrize("setup", SETUPS, ids=str)
def test_frame_ancestors_are_built_from_parsed_origins_only(
    client: Client, setup: Setup, settings: Any
) -> None:
    """A malformed entry (crm_connect.E003) is left out, never written as it stands: it
    could add a wildcard source or a whole directive to the policy."""
    settings.CRM_CONNECT = {
        **settings.CRM_CONNECT,
        "UCP_ORIGINS": [
            "https://a.example.com *",
            "https://b.example.com;script-src *",
            "https://*.example.com",
            UCP,
            "HTTPS://UCP.example.com:443",  # the same origin, as browsers write it
        ],
    }
    with setup.settings({"default-src": ["'self'"]}):
        response = get(client, "/t/embeddable/")
    header = response[csp.HEADER]
    assert directives(header)["frame-ancestors"] == ANCESTORS
    assert "*" not in header
    assert "script-src *" not in header


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
def test_embeddable_pages_get_frame_ancestors_when_the_library_sends_no_policy(
    client: Client, setup: Setup
) -> None:
    """No policy configured: the library writes nothing, so crm_connect writes it."""
    with setup.settings(None):
        response = get(client, "/t/embeddable/")
    assert response[csp.HEADER] == f"frame-ancestors {ANCESTORS}"


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
def test_embeddable_pages_keep_frame_ancestors_where_the_library_skips_the_header(
    client: Client, setup: Setup
) -> None:
    """django-csp sends no policy on DEBUG 404 pages; neither may that leave the page open."""
    with setup.settings({"default-src": ["'self'"]}, DEBUG=True):
        response = get(client, "/t/embeddable-404/", status=404)
    assert directives(response[csp.HEADER])["frame-ancestors"] == ANCESTORS
    assert "X-Frame-Options" not in response


def test_embeddable_and_csp_exempt_django_csp_still_names_the_ancestors(client: Client) -> None:
    from csp.decorators import csp_exempt
    from django.http import HttpResponse

    from crm_connect.framing import embeddable

    view = embeddable(csp_exempt()(lambda request: HttpResponse("exempt")))
    setup = LIBRARY_SETUPS[0]
    with setup.settings({"default-src": ["'self'"]}):
        request = client.get("/t/plain/").wsgi_request
        response = view(request)
    assert response[csp.HEADER] == f"frame-ancestors {ANCESTORS}"


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
def test_an_embeddable_page_with_the_connector_gets_both_directives(
    client: Client, setup: Setup, agent: User, call_center: CallCenter
) -> None:
    client.force_login(agent)
    with setup.settings({"default-src": ["'self'"], "script-src": ["'self'"]}):
        response = get(client, "/t/embeddable-connector/")
    policy = directives(response[csp.HEADER])
    assert policy["frame-ancestors"] == ANCESTORS
    assert policy["frame-src"] == "'self' https://connector.example.com"


@pytest.mark.parametrize("setup", LIBRARY_SETUPS, ids=str)
def test_a_header_rewritten_after_the_view_gets_frame_ancestors_back(
    client: Client, setup: Setup
) -> None:
    """A layer between the view and CrmConnectMiddleware replaced frame-ancestors."""
    from django.http import HttpResponse

    from crm_connect.framing import make_embeddable
    from crm_connect.middleware import CrmConnectMiddleware

    request = client.get("/t/plain/").wsgi_request
    response = make_embeddable(HttpResponse(), request)
    response[csp.HEADER] = "default-src 'self'; frame-ancestors *"
    with setup.settings({"default-src": ["'self'"]}):
        response = CrmConnectMiddleware(lambda request: response)(request)
    assert directives(response[csp.HEADER]) == {
        "default-src": "'self'",
        "frame-ancestors": ANCESTORS,
    }


# --- popups --------------------------------------------------------------------------
# Against Django's default COOP ("same-origin"); the example project sends
# "same-origin-allow-popups" on every page, as a Skylight site must (docs/security.md).


@pytest.mark.parametrize("path", ["/t/popups/", "/t/popups-async/", "/t/popups-class/"])
def test_popup_openers_keep_window_opener(client: Client, path: str) -> None:
    with NO_CSP.settings(SECURE_CROSS_ORIGIN_OPENER_POLICY="same-origin"):
        assert get(client, path)[COOP] == "same-origin-allow-popups"
        assert get(client, "/t/plain/")[COOP] == "same-origin"  # Django's default


@pytest.mark.parametrize("position", ["before SecurityMiddleware", "after SecurityMiddleware"])
def test_a_page_marked_while_rendering_gets_the_popup_coop(client: Client, position: str) -> None:
    ours = "crm_connect.middleware.CrmConnectMiddleware"
    security = "django.middleware.security.SecurityMiddleware"
    middleware = [path for path in NO_CSP.middleware() if path != ours]
    index = middleware.index(security) + (0 if position.startswith("before") else 1)
    middleware.insert(index, ours)
    with override_settings(MIDDLEWARE=middleware, SECURE_CROSS_ORIGIN_OPENER_POLICY="same-origin"):
        assert get(client, "/t/marks-popups/")[COOP] == "same-origin-allow-popups"
        assert get(client, "/t/plain/")[COOP] == "same-origin"


@pytest.mark.parametrize("existing", ["unsafe-none", "noopener-allow-popups"])
def test_a_coop_that_already_keeps_the_opener_is_left_alone(client: Client, existing: str) -> None:
    ours = "crm_connect.middleware.CrmConnectMiddleware"
    middleware = [ours, *(path for path in NO_CSP.middleware() if path != ours)]
    with override_settings(MIDDLEWARE=middleware, SECURE_CROSS_ORIGIN_OPENER_POLICY=existing):
        assert get(client, "/t/marks-popups/")[COOP] == existing
