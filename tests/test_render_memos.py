"""What a page with several of the app's tags computes once per request or per process."""

from __future__ import annotations

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
