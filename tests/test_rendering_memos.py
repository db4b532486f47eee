"""What a page with several of the app's tags computes once per request or per process."""

from __future__ import annotations

import json

from django.template import Template
from django.test import RequestFactory, override_settings
from django.utils.functional import SimpleLazyObject

from crm_connect import csp
from crm_connect.static_urls import static_url


def test_a_found_nonce_is_reused_by_every_later_tag_of_the_request() -> None:
    request = RequestFactory().get("/")
    calls: list[int] = []

    def make() -> str:
        calls.append(1)
        return "n0nce"

    request.csp_nonce = SimpleLazyObject(make)  # type: ignore[attr-defined]
    str(request.csp_nonce)  # the page used it already
    assert csp.get_nonce(request) == "n0nce"
    request.csp_nonce = "changed"  # type: ignore[attr-defined]
    assert csp.get_nonce(request) == "n0nce"
    assert len(calls) == 1


def test_no_nonce_yet_is_not_remembered() -> None:
    """A lazy nonce the page has not used is not rendered; if the page uses it later,
    the next tag must carry it."""
    request = RequestFactory().get("/")
    assert csp.get_nonce(request) is None
    request.csp_nonce = "late"  # type: ignore[attr-defined]
    assert csp.get_nonce(request) == "late"


def test_static_urls_follow_the_static_settings() -> None:
    with override_settings(STATIC_URL="/one/"):
        assert static_url("crm_connect/channel.js") == "/one/crm_connect/channel.js"
        with override_settings(STATIC_URL="/two/"):
            assert static_url("crm_connect/channel.js") == "/two/crm_connect/channel.js"
        assert static_url("crm_connect/channel.js") == "/one/crm_connect/channel.js"


def test_a_config_block_cannot_be_closed_by_its_values() -> None:
    from crm_connect.rendering import config_script

    html = config_script(None, None, {"name": "</script><script>alert(1)</script> & co"}, "x")
    body = html[html.index(">") + 1 : html.rindex("</script>")]
    assert not {"<", ">", "&"} & set(body)
    assert json.loads(body) == {"name": "</script><script>alert(1)</script> & co"}


def test_the_connector_reuses_the_csrf_token_the_page_already_made(rf: RequestFactory) -> None:
    """``{% csrf_token %}`` earlier on the page made the token; the connector's config
    carries the same one instead of masking a new one."""
    from django.middleware.csrf import get_token
    from django.template import RequestContext

    from crm_connect.connector.features import csrf_token

    request = rf.get("/")
    context = RequestContext(request, {})
    with context.bind_template(Template("")):
        made_by_page = str(context.get("csrf_token"))
        assert csrf_token(request, context) == made_by_page
    assert csrf_token(request) != made_by_page  # get_token masks anew each time
    assert get_token(request)
