from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from crm_connect.models import CallCenter

pytestmark = pytest.mark.django_db


def render(source: str, user: object, **context: object) -> str:
    request = RequestFactory().get("/")
    request.user = user  # type: ignore[attr-defined]
    return Template("{% load crm_connect %}" + source).render(
        Context({"request": request, **context})
    )


def config_json(html: str) -> dict[str, object]:
    start = html.index(">", html.index('id="crm-connect-connector-config"')) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_connector_tag_renders_config_scripts_and_iframe(
    agent: User, call_center: CallCenter
) -> None:
    html = render("{% crm_connect_connector %}", agent)
    config = config_json(html)
    expected_config = (
        '<script id="crm-connect-connector-config" type="application/json">'
        + json.dumps(config, separators=(",", ":")).replace("<", "\\u003C").replace(">", "\\u003E")
        + "</script>"
    )
    assert html == (
        '<div id="crm-connect-connector" class="crm-connect-connector" hx-preserve'
        " data-turbo-permanent>"
        '<link rel="stylesheet" href="/static/crm_connect/connector.css">'
        + expected_config
        + '<script src="/static/crm_connect/channel.js"></script>'
        '<script src="/static/crm_connect/connector.js"></script>'
        '<iframe id="crmConnectIframeId" src="https://connector.example.com/app/" '
        'title="Contact center" width="400" height="600" allow="camera; microphone; geolocation" '
        "data-crm-connect-connector></iframe></div>"
    )
    assert config["mode"] == "docked"
    assert config["origin"] == "https://connector.example.com"
    assert config["iframeId"] == "crmConnectIframeId"
    assert config["crmDataUrl"] == "/crm-connect/api/crm-data/"
    assert config["crmData"]["currentUser"]["Id"] == str(agent.pk)  # type: ignore[index]


def test_connector_tag_options(agent: User, call_center: CallCenter) -> None:
    html = render(
        '{% crm_connect_connector width=320 height="100%" allow="microphone" '
        'title="Phone" css_class="softphone" %}',
        agent,
    )
    assert (
        '<iframe id="crmConnectIframeId" src="https://connector.example.com/app/" '
        'title="Phone" width="320" height="100%" allow="microphone" class="softphone" '
        "data-crm-connect-connector></iframe>"
    ) in html


def test_attribute_values_are_escaped(agent: User, call_center: CallCenter) -> None:
    html = render("{% crm_connect_connector title=t %}", agent, t='"><script>x</script>')
    assert "<script>x" not in html
    assert 'title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html


def test_crm_data_in_the_config_cannot_break_out_of_the_script(
    agent: User, call_center: CallCenter
) -> None:
    agent.first_name = "</script><script>alert(1)</script>"
    agent.save()
    html = render("{% crm_connect_connector %}", agent)
    assert html.count("</script>") == 3  # the config block and the two scripts
    name = config_json(html)["crmData"]["currentUser"]["Name"]  # type: ignore[index]
    assert name.startswith("</script><script>alert(1)</script>")


@override_settings(CRM_CONNECT={"INLINE_CRM_DATA": False})
def test_without_inline_data_the_config_carries_none(agent: User, call_center: CallCenter) -> None:
    assert config_json(render("{% crm_connect_connector %}", agent))["crmData"] is None


def test_scripts_are_rendered_once_per_request(agent: User, call_center: CallCenter) -> None:
    html = render("{% crm_connect_connector %}{% crm_connect_connector %}", agent)
    assert html.count("channel.js") == 1


def test_nothing_for_anonymous_users(call_center: CallCenter) -> None:
    assert render("{% crm_connect_connector %}", AnonymousUser()) == ""


def test_nothing_without_a_call_center(agent: User) -> None:
    assert render("{% crm_connect_connector %}", agent) == ""


def test_nothing_without_the_request_in_the_context(call_center: CallCenter) -> None:
    assert Template("{% load crm_connect %}{% crm_connect_connector %}").render(Context()) == ""
