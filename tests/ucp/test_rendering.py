"""UCP on the server side: tag output, framing headers, settings, the sandbox host.

Its system checks are tests/ucp/test_checks.py's, its message shapes test_schemas.py's.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.views import View

from crm_connect.connector.rendering import render_connector
from crm_connect.framing import EmbeddableMixin, embeddable
from crm_connect.ucp.rendering import render_ucp, ucp_config
from example_project.crm.models import Contact

UCP = "https://ucp.example.com"
# The core, and its loader (deferred), which runs what the block's "load" names after the
# connector's answer: UCP's scripts are not on the page before then.
SCRIPTS = (
    '<script src="/static/crm_connect/channel.js"></script>'
    '<script src="/static/crm_connect/channel-lazy.js" defer></script>'
)
LOAD = (
    '"load":{"scripts":["/static/crm_connect/channel-page.js","/static/crm_connect/ucp.js"],'
    '"wait":1000,"clicks":"[data-crm-connect-ucp]","hold":""}'
)


def configure(settings: Any, **values: Any) -> None:
    settings.CRM_CONNECT = {**settings.CRM_CONNECT, **values}


def render(source: str, request: HttpRequest | None = None, **context: Any) -> str:
    return Template("{% load crm_connect %}" + source).render(
        Context({"request": request, **context})
    )


def config_block(html: str) -> dict[str, Any]:
    start = html.index(">", html.index('<script id="crm-connect-ucp-config"')) + 1
    return json.loads(html[start : html.index("</script>", start)])  # type: ignore[no-any-return]


# --- {% crm_connect_ucp %} ------------------------------------------------------------


def test_ucp_tag_renders_its_config_and_scripts(rf: RequestFactory, settings: Any) -> None:
    configure(settings, UCP_ORIGINS=[UCP], DEBUG=False)
    html = render("{% crm_connect_ucp %}", rf.get("/"))
    assert html == (
        '<script id="crm-connect-ucp-config" type="application/json" data-crm-connect-load>'
        '{"origins":["https://ucp.example.com"],"anyOrigin":false,'
        '"makeCallField":"phoneNumber","debug":false,' + LOAD + "}</script>" + SCRIPTS
    )


def test_ucp_tag_scripts_carry_the_csp_nonce(rf: RequestFactory, settings: Any) -> None:
    configure(settings, UCP_ORIGINS=[UCP])
    request = rf.get("/")
    request.csp_nonce = "n0nce"  # type: ignore[attr-defined]  (what django-csp sets)
    html = render("{% crm_connect_ucp %}", request)
    assert html.endswith(
        '<script src="/static/crm_connect/channel.js" nonce="n0nce"></script>'
        '<script src="/static/crm_connect/channel-lazy.js" nonce="n0nce" defer></script>'
    )
    assert html.count("<script") == 3


def test_ucp_tag_renders_once_per_request(rf: RequestFactory, settings: Any) -> None:
    request = rf.get("/")
    html = render("{% crm_connect_ucp %}{% crm_connect_ucp %}", request)
    assert html.count('id="crm-connect-ucp-config"') == 1
    assert html.count("ucp.js") == 1
    assert html.count("channel-lazy.js") == 1
    assert render_ucp(request) == ""


def test_ucp_tag_does_not_load_the_channel_core_twice(
    rf: RequestFactory, agent: User, call_center: Any
) -> None:
    request = rf.get("/")
    request.user = agent
    connector = render_connector(request)
    assert "channel.js" in connector
    html = render_ucp(request)
    assert "channel.js" not in html
    assert html.endswith('<script src="/static/crm_connect/channel-lazy.js" defer></script>')


def test_ucp_config_normalizes_origins(settings: Any) -> None:
    configure(
        settings,
        UCP_ORIGINS=[f"{UCP}/", "https://ucp.example.com:443", "http://ucp.test:8080", "nonsense"],
        UCP_MAKE_CALL_FIELD="number",
    )
    config = ucp_config()
    assert config["origins"] == [UCP, "http://ucp.test:8080"]
    assert config["anyOrigin"] is False
    assert config["makeCallField"] == "number"


@pytest.mark.parametrize("value", [[], "", None])
def test_any_origin_only_when_no_ucp_origin_is_configured(settings: Any, value: Any) -> None:
    configure(settings, UCP_ORIGINS=value)
    assert ucp_config()["origins"] == []
    assert ucp_config()["anyOrigin"] is True


def test_invalid_origins_alone_never_mean_any_origin(settings: Any) -> None:
    configure(settings, UCP_ORIGINS=["ucp.example.com"])
    assert ucp_config() == {**ucp_config(), "origins": [], "anyOrigin": False}


def test_a_single_origin_string_is_accepted(settings: Any) -> None:
    configure(settings, UCP_ORIGINS=UCP)
    assert ucp_config()["origins"] == [UCP]


def test_the_make_call_field_defaults_to_phone_number(settings: Any) -> None:
    settings.CRM_CONNECT = {}
    assert ucp_config()["makeCallField"] == "phoneNumber"


# --- {% crm_connect_ucp_close_tab %} and {% crm_connect_ucp_call %} ---------------------


def test_close_tab_tag() -> None:
    assert render("{% crm_connect_ucp_close_tab %}") == (
        '<button type="button" data-crm-connect-ucp="close-tab" data-crm-connect-ucp-only'
        " hidden>Close tab</button>"
    )


def test_close_tab_tag_with_a_tab_id_label_and_class() -> None:
    html = render(
        '{% crm_connect_ucp_close_tab label="Done" tab_id=tab css_class="btn" %}', tab='t"1<'
    )
    assert html == (
        '<button type="button" class="btn" data-crm-connect-ucp="close-tab"'
        ' data-crm-connect-ucp-tab-id="t&quot;1&lt;" data-crm-connect-ucp-only hidden>Done</button>'
    )


def test_call_tag_sends_the_number_in_e164_form_like_the_tel_link() -> None:
    """Issue 12, point 13: the button sent ``+1 (555) 010-0199`` as displayed while the
    ``tel:`` link of the same contact sent ``+15550100199``."""
    assert render("{% crm_connect_ucp_call number %}", number=" +1 (555) 010-0199 ") == (
        '<button type="button" data-crm-connect-ucp="make-call"'
        ' data-crm-connect-ucp-number="+15550100199" data-crm-connect-ucp-only'
        " hidden>Call</button>"
    )


def test_call_tag_keeps_a_number_that_does_not_parse_as_written() -> None:
    assert 'data-crm-connect-ucp-number="ext. 12"' in render(
        "{% crm_connect_ucp_call number %}", number=" ext. 12 "
    )


@pytest.mark.parametrize("number", ["", "  ", None])
def test_call_tag_renders_nothing_without_a_number(number: Any) -> None:
    assert render("{% crm_connect_ucp_call number %}", number=number) == ""


def test_call_tag_escapes_the_label() -> None:
    html = render('{% crm_connect_ucp_call "1" label=label %}', label="<b>Dial</b>")
    assert ">&lt;b&gt;Dial&lt;/b&gt;</button>" in html


# --- framing headers ----------------------------------------------------------------------


def _through_xframe_middleware(view: Any, rf: RequestFactory) -> HttpResponse:
    return XFrameOptionsMiddleware(view)(rf.get("/"))  # type: ignore[no-any-return]


def test_embeddable_decorator_headers(rf: RequestFactory, settings: Any) -> None:
    configure(settings, UCP_ORIGINS=[UCP, "http://ucp.test:8080"])

    @embeddable
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    response = _through_xframe_middleware(view, rf)
    assert "X-Frame-Options" not in response
    assert response["Content-Security-Policy"] == (
        f"frame-ancestors 'self' {UCP} http://ucp.test:8080"
    )


def test_embeddable_mixin_headers(rf: RequestFactory, settings: Any) -> None:
    configure(settings, UCP_ORIGINS=[UCP])

    class Page(EmbeddableMixin, View):
        def get(self, request: HttpRequest) -> HttpResponse:
            return HttpResponse("ok")

    response = _through_xframe_middleware(Page.as_view(), rf)
    assert "X-Frame-Options" not in response
    assert response["Content-Security-Policy"] == f"frame-ancestors 'self' {UCP}"


def test_a_view_that_is_not_embeddable_keeps_x_frame_options_deny(rf: RequestFactory) -> None:
    response = _through_xframe_middleware(lambda request: HttpResponse("ok"), rf)
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["list", "detail"])
def test_the_example_contact_pages_are_embeddable_by_ucp(
    client: Client, agent: User, settings: Any, page: str
) -> None:
    configure(settings, UCP_ORIGINS=[UCP])
    contact = Contact.objects.create(name="Ada", phone="+1 555 010 0100")
    client.force_login(agent)
    response = client.get("/" if page == "list" else contact.get_absolute_url())
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert response["Content-Security-Policy"] == f"frame-ancestors 'self' {UCP}"
    html = response.content.decode()
    assert 'id="crm-connect-ucp-config"' in html
    if page == "detail":
        assert 'data-crm-connect-ucp="close-tab"' in html
        # One format on every path: the button sends what the tel: link sends.
        assert 'data-crm-connect-ucp-number="+15550100100"' in html
        assert 'href="tel:+15550100100"' in html
        assert 'data-crm-connect-ucp="make-call">+1 555 010 0100</a>' in html


@pytest.mark.django_db
def test_the_login_page_is_not_embeddable(client: Client) -> None:
    assert client.get("/accounts/login/")["X-Frame-Options"] == "DENY"


# --- the sandbox UCP host ----------------------------------------------------------------


@pytest.mark.django_db
def test_sandbox_host_opens_only_http_tabs_and_names_them(client: Client) -> None:
    response = client.get(
        "/sandbox/ucp/",
        {
            "crm": "http://crm.test:8000/ignored/path",
            "tab": ["/contacts/1/", "javascript:alert(1)", "//evil.test/", "https://x.test/a?b=c"],
        },
    )
    tabs = response.context["tabs"]
    assert [(t["id"], t["url"], t["origin"]) for t in tabs] == [
        ("tab-1", "http://crm.test:8000/contacts/1/?ucp_tab=tab-1", "http://crm.test:8000"),
        ("tab-2", "https://x.test/a?b=c&ucp_tab=tab-2", "https://x.test"),
    ]


@pytest.mark.django_db
def test_sandbox_host_defaults_to_the_crm_origin_setting(client: Client, settings: Any) -> None:
    settings.CRM_ORIGIN = "http://127.0.0.1:9000"
    tabs = client.get("/sandbox/ucp/").context["tabs"]
    assert [t["url"] for t in tabs] == ["http://127.0.0.1:9000/?ucp_tab=tab-1"]
