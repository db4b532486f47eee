"""Origins as browsers compare them: scheme, host and a port only when it is not the default."""

from __future__ import annotations

import pytest

from crm_connect.models import CallCenter
from crm_connect.origins import origin_of


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://connector.example.com:443/app/?x=1#y", "https://connector.example.com"),
        ("http://example.com:80/", "http://example.com"),
        ("https://example.com:8443/a", "https://example.com:8443"),
        ("  HTTPS://Example.COM/path  ", "https://example.com"),
        ("http://[::1]:8000/sandbox/", "http://[::1]:8000"),
        ("https://[2001:db8::1]/", "https://[2001:db8::1]"),
    ],
)
def test_the_origin_is_scheme_host_and_a_non_default_port(url: str, origin: str) -> None:
    assert origin_of(url) == origin


@pytest.mark.parametrize(
    "url",
    [
        "",
        "connector.example.com/app/",  # no scheme
        "ftp://example.com/",  # not a web scheme
        "javascript:alert(1)",
        "https:///path-only",  # no host
        "https://example.com:99999/",  # port out of range
        "https://example.com:port/",  # port not a number
        "http://[::1/",  # broken IPv6 literal
    ],
)
def test_a_url_without_a_web_origin_has_none(url: str) -> None:
    assert origin_of(url) == ""


def test_a_call_center_knows_the_origins_of_its_urls() -> None:
    call_center = CallCenter(
        connector_url="https://connector.example.com/app/",
        skylight_url="https://skylight.example.com:8443/desktop/",
    )
    assert call_center.connector_origin == "https://connector.example.com"
    assert call_center.skylight_origin == "https://skylight.example.com:8443"
    assert CallCenter(connector_url="").skylight_origin == ""
