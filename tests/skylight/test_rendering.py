"""Skylight on the server side: settings, the popup URL, the tags' HTML, the headers."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.template import Context, Template
from django.test import Client, RequestFactory, override_settings

from crm_connect.call_centers import ResolvedCallCenter
from crm_connect.conf import conf
from crm_connect.forms import CallCenterForm
from crm_connect.skylight.rendering import (
    CONFIG_ID,
    SKYLIGHT_SCRIPTS,
    SkylightSettings,
    render_dial_link,
    render_skylight,
    skylight_for,
)
from crm_connect.skylight.schemas import REPLY_TOPICS, SkylightClientConfig

SKYLIGHT = "https://skylight.example.com/app/"


def config_in(html: str) -> dict[str, Any]:
    match = re.search(
        rf'<script(?: nonce="[^"]+")? id="{CONFIG_ID}" type="application/json">(.*?)</script>', html
    )
    assert match, html
    config: dict[str, Any] = json.loads(match.group(1))
    return config


def request_for(user: Any, nonce: str | None = None) -> Any:
    request = RequestFactory().get("/")
    request.user = user
    if nonce:
        request.csp_nonce = nonce
    return request


# --- the popup URL ---------------------------------------------------------------------


def test_popup_url_asks_for_the_standalone_controller_popup() -> None:
    assert (
        SkylightSettings(url=SKYLIGHT).popup_url
        == "https://skylight.example.com/app/?standalonePopup=true&skylightController=true"
    )


def test_popup_url_carries_crm_module_and_default_work_mode_and_keeps_other_parameters() -> None:
    skylight = SkylightSettings(
        url="https://skylight.example.com/?tenant=acme&standalonePopup=false",
        crm_module="zendesk",
        default_work_mode="voice & email",
    )
    assert skylight.popup_url == (
        "https://skylight.example.com/?tenant=acme&standalonePopup=true"
        "&skylightController=true&crmModule=zendesk&defaultWorkMode=voice+%26+email"
    )
    assert skylight.origin == "https://skylight.example.com"


# --- which Skylight applies --------------------------------------------------------------


@pytest.mark.django_db
def test_the_users_call_center_decides(agent: User, make_call_center: Any) -> None:
    make_call_center(
        skylight_url=SKYLIGHT,
        skylight_window_name="cx",
        skylight_window_features="width=500,height=900",
        skylight_crm_module="salesforce-lightning",
        skylight_default_work_mode="inbound",
    )
    with override_settings(CRM_CONNECT={"SKYLIGHT_URL": "https://other.example.com/"}):
        assert skylight_for(agent) == SkylightSettings(
            url=SKYLIGHT,
            window_name="cx",
            window_features="width=500,height=900",
            crm_module="salesforce-lightning",
            default_work_mode="inbound",
        )


@pytest.mark.django_db
def test_an_empty_skylight_url_in_the_call_center_turns_skylight_off(
    agent: User, make_call_center: Any
) -> None:
    make_call_center(skylight_url="")
    with override_settings(CRM_CONNECT={"SKYLIGHT_URL": SKYLIGHT}):
        assert skylight_for(agent) is None


@pytest.mark.django_db
@override_settings(
    CRM_CONNECT={
        "SKYLIGHT_URL": SKYLIGHT,
        "SKYLIGHT_WINDOW_NAME": "cx",
        "SKYLIGHT_CRM_MODULE": "zendesk",
    }
)
def test_without_a_call_center_the_settings_apply(agent: User) -> None:
    assert skylight_for(agent) == SkylightSettings(
        url=SKYLIGHT, window_name="cx", window_features="width=400,height=800", crm_module="zendesk"
    )
    assert skylight_for(AnonymousUser()) is None


@override_settings(
    CRM_CONNECT={"CONNECTOR_URL": "https://c.example.com/", "SKYLIGHT_URL": SKYLIGHT}
)
def test_the_settings_call_center_has_the_skylight_dict() -> None:
    resolved = ResolvedCallCenter.from_settings()
    assert resolved is not None
    assert resolved.skylight == {
        "url": SKYLIGHT,
        "window_name": "skylight",
        "window_features": "width=400,height=800",
        "crm_module": "",
        "default_work_mode": "",
    }


@pytest.mark.parametrize("value", [0, -5, "soon", None, True])
def test_bad_timeouts_fall_back_to_the_defaults(value: Any) -> None:
    with override_settings(
        CRM_CONNECT={"SKYLIGHT_HANDSHAKE_TIMEOUT": value, "SKYLIGHT_COMMAND_TIMEOUT": value}
    ):
        assert (conf.SKYLIGHT_HANDSHAKE_TIMEOUT, conf.SKYLIGHT_COMMAND_TIMEOUT) == (20000, 10000)


# --- the launcher tag ------------------------------------------------------------------------


@pytest.mark.django_db
@override_settings(
    CRM_CONNECT={
        "SKYLIGHT_URL": SKYLIGHT,
        "SKYLIGHT_HANDSHAKE_TIMEOUT": 5000,
        "SKYLIGHT_COMMAND_TIMEOUT": 700,
        "SKYLIGHT_REPLY_TOPICS": {"contacts.search": "cxengage/contacts/search-response"},
        "DEBUG": False,
    }
)
def test_launcher_renders_config_scripts_and_controls(agent: User) -> None:
    html = render_skylight(request_for(agent, nonce="n0nce"))
    config = config_in(html)
    SkylightClientConfig.model_validate(config)
    assert config["origin"] == "https://skylight.example.com"
    assert config["popupUrl"] == SKYLIGHT + "?standalonePopup=true&skylightController=true"
    assert config["windowName"] == "skylight"
    assert config["windowFeatures"] == "width=400,height=800"
    assert (config["handshakeTimeout"], config["commandTimeout"]) == (5000, 700)
    # The SDK table is not in the page: the script fetches the static file when needed.
    assert "replyTopics" not in config
    assert "dial-send-acknowledged" not in html
    assert config["sdkUrl"] == "/static/crm_connect/skylight-sdk.json"
    # The cross-tab relay is not in the page either: the script loads it when needed.
    assert config["relayUrl"] == "/static/crm_connect/skylight-relay.js"
    assert "skylight-relay.js" not in html.split("</script>", 1)[1]
    assert config["replyTopicOverrides"] == {"contacts.search": "cxengage/contacts/search-response"}
    assert config["debug"] is False
    assert config["shareAcrossTabs"] is True
    assert html.startswith(f'<script nonce="n0nce" id="{CONFIG_ID}"')  # every script has it
    assert html.split("</script>", 1)[1] == (
        '<script src="/static/crm_connect/channel.js" nonce="n0nce"></script>'
        '<script src="/static/crm_connect/channel-page.js" nonce="n0nce" defer></script>'
        '<script src="/static/crm_connect/skylight-lifecycle.js" nonce="n0nce" defer></script>'
        '<script src="/static/crm_connect/skylight-popup.js" nonce="n0nce" defer></script>'
        '<script src="/static/crm_connect/skylight-commands.js" nonce="n0nce" defer></script>'
        '<script src="/static/crm_connect/skylight-tabs.js" nonce="n0nce" defer></script>'
        '<script src="/static/crm_connect/skylight-page.js" nonce="n0nce" defer></script>'
        '<script src="/static/crm_connect/skylight.js" nonce="n0nce" defer></script>'
        '<div class="crm-connect-skylight" data-crm-connect-skylight>'
        '<button type="button" data-skylight-open>Open Skylight</button> '
        '<span data-skylight-status="closed" role="status">Skylight closed</span> '
        '<span data-skylight-error role="alert" hidden></span></div>'
    )


@pytest.mark.django_db
@override_settings(CRM_CONNECT={"SKYLIGHT_URL": SKYLIGHT})
def test_tag_without_launcher_and_scripts_once_per_request(agent: User) -> None:
    request = request_for(agent)
    html = Template(
        "{% load crm_connect %}{% crm_connect_skylight launcher=False %}"
        '{% crm_connect_skylight label="Phone" css_class="side" %}'
    ).render(Context({"request": request}))
    assert "data-skylight-open" in html
    assert html.count("/static/crm_connect/channel.js") == 1
    assert html.count("/static/crm_connect/skylight.js") == 1
    assert '<div class="crm-connect-skylight side" data-crm-connect-skylight>' in html
    assert ">Phone</button>" in html
    assert "nonce" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "tags",
    [
        "{% crm_connect_ucp %}{% crm_connect_skylight %}",
        "{% crm_connect_skylight %}{% crm_connect_ucp %}",
    ],
    ids=["ucp first", "skylight first"],
)
@override_settings(
    CRM_CONNECT={"SKYLIGHT_URL": SKYLIGHT, "UCP_ORIGINS": ["https://ucp.example.com"]}
)
def test_page_script_once_with_ucp_and_before_skylight_js(agent: User, tags: str) -> None:
    """UCP and Skylight both need the core's page side: one tag for it, deferred before
    skylight.js (deferred scripts run in order, so it is there when skylight.js runs)."""
    html = Template("{% load crm_connect %}" + tags).render(
        Context({"request": request_for(agent)})
    )
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources.count("/static/crm_connect/channel-page.js") == 1, sources
    assert sources.count("/static/crm_connect/channel.js") == 1, sources
    page = sources.index("/static/crm_connect/channel-page.js")
    skylight = [sources.index(f"/static/{path}") for path in SKYLIGHT_SCRIPTS]
    assert page < skylight[0]
    assert skylight == sorted(skylight), sources  # its parts, then skylight.js
    assert page < sources.index("/static/crm_connect/ucp.js")
    assert '<script src="/static/crm_connect/channel-page.js" defer>' in html


@pytest.mark.django_db
def test_tag_renders_nothing_without_skylight(agent: User, make_call_center: Any) -> None:
    template = Template("{% load crm_connect %}{% crm_connect_skylight %}")
    assert template.render(Context({"request": request_for(AnonymousUser())})) == ""
    assert template.render(Context({"request": request_for(agent)})) == ""  # no URL anywhere
    assert template.render(Context({})) == ""


# --- click-to-dial links -----------------------------------------------------------------------


def test_dial_link_marks_a_tel_link_with_its_metadata() -> None:
    assert render_dial_link(
        "+1 555 010 0199", metadata={"name": 'Ada "The Countess"', "id": 7}
    ) == (
        '<a href="tel:+15550100199" data-skylight-dial="+15550100199"'
        ' data-skylight-metadata="{&quot;name&quot;: &quot;Ada \\&quot;The Countess\\&quot;&quot;,'
        ' &quot;id&quot;: 7}">+1 555 010 0199</a>'
    )
    assert render_dial_link("") == ""


def test_dial_link_tag() -> None:
    html = Template(
        '{% load crm_connect %}{% crm_connect_skylight_dial phone "Call" css_class="dial" %}'
    ).render(Context({"phone": "<+1 555>"}))
    assert html == (
        '<a href="tel:&lt;+1555&gt;" class="dial" data-skylight-dial="&lt;+1555&gt;">Call</a>'
    )


# --- schemas, admin form, headers --------------------------------------------------------


def test_reply_topics_are_full_cxengage_topics() -> None:
    assert REPLY_TOPICS["session.goReady"] == "cxengage/session/state-change-request-acknowledged"
    # "": the SDK publishes nothing for that command (no reply to wait for).
    assert all(topic.startswith("cxengage/") for topic in REPLY_TOPICS.values() if topic)
    assert all(topic.count("cxengage/") == 1 for topic in REPLY_TOPICS.values() if topic)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("skylight_window_name", "_blank", "reserved"),
        ("skylight_window_features", "width=400,noopener", "noopener"),
        # cxengage-javascript-sdk domain/specs.cljs: ::direction is one of three values.
        ("skylight_default_work_mode", "voice", "agent-initiated"),
    ],
)
def test_admin_form_refuses_windows_the_page_could_not_reach(
    field: str, value: str, message: str
) -> None:
    data = {
        "name": "CC",
        "connector_url": "https://c.example.com/",
        "settings": "{}",
        "skylight_url": SKYLIGHT,
        "skylight_window_name": "skylight",
        "skylight_window_features": "width=400,height=800",
        field: value,
    }
    form = CallCenterForm(data=data)
    assert not form.is_valid()
    assert message in str(form.errors[field])
    fixed = {"name": "skylight", "features": "width=400", "mode": "inbound"}[field.split("_")[-1]]
    assert CallCenterForm(data={**data, field: fixed}).is_valid()


@pytest.mark.django_db
def test_crm_pages_keep_window_opener_and_the_sandbox_skylight_sends_no_policy(
    client: Client, agent: User
) -> None:
    client.force_login(agent)
    assert client.get("/")["Cross-Origin-Opener-Policy"] == "same-origin-allow-popups"
    assert client.get("/sandbox/skylight/")["Cross-Origin-Opener-Policy"] == "unsafe-none"


# --- the SDK's commands (issue 12, point 11) ----------------------------------------------


@pytest.mark.parametrize(
    ("command", "topic"),
    [
        ("interactions.reject", "interactions/end-acknowledged"),
        ("interactions.cancelResourceTransfer", "interactions/voice/cancel-transfer-acknowledged"),
        ("interactions.cancelQueueTransfer", "interactions/voice/cancel-transfer-acknowledged"),
        ("interactions.cancelExtensionTransfer", "interactions/voice/cancel-transfer-acknowledged"),
        ("interactions.assignContact", "interactions/contact-assign-acknowledged"),
        ("interactions.voice.resourceHold", "interactions/voice/resource-hold-acknowledged"),
        ("interactions.voice.resourceResume", "interactions/voice/resource-resume-acknowledged"),
        ("interactions.voice.resumeAll", "interactions/voice/resume-all-acknowledged"),
        ("interactions.sendScript", "interactions/send-script"),
        ("session.setActiveTenant", "session/set-active-tenant-response"),
        ("authentication.login", "authentication/login-response"),
        ("authentication.updateDefaultTenant", "authentication/update-default-tenant-response"),
    ],
)
def test_reply_topics_cover_the_commands_the_old_table_lacked(command: str, topic: str) -> None:
    """cxengage-javascript-sdk src/cljs/cxengage_javascript_sdk/modules/interaction.cljs,
    voice.cljs, session.cljs, authentication.cljs: each ``ih/register`` name and the
    ``:topic-key`` of its ``def-sdk-fn`` (domain/topics.cljs)."""
    assert REPLY_TOPICS[command] == "cxengage/" + topic


def test_reply_topics_cover_every_module_of_the_sdk() -> None:
    """cxengage-javascript-sdk src/cljs/cxengage_javascript_sdk/modules/*.cljs: every
    module that registers commands."""
    modules = {key.split(".")[0] for key in REPLY_TOPICS}
    assert modules >= {
        "api", "authentication", "contacts", "entities", "interactions", "logging",
        "reporting", "salesforceClassic", "salesforceLightning", "session", "twilio", "zendesk",
    }  # fmt: skip
    assert len(REPLY_TOPICS) >= 250


def test_required_parameters_and_choices_come_from_the_sdk_specs() -> None:
    """cxengage-javascript-sdk modules/session.cljs ``::go-ready-spec`` (``:req-un
    [::specs/extension-value]``), modules/voice.cljs ``::dial-params``, domain/specs.cljs
    ``::direction``: ``goReady {}`` fails with 1003 against the real SDK."""
    from crm_connect.skylight.sdk import SDK_COMMANDS

    assert SDK_COMMANDS["session.goReady"].required == ("extensionValue",)
    assert SDK_COMMANDS["session.goNotReady"].required == ()
    assert SDK_COMMANDS["interactions.voice.dial"].required == ("phoneNumber",)
    assert dict(SDK_COMMANDS["session.setDirection"].choices)["direction"] == (
        "agent-initiated",
        "inbound",
        "outbound",
    )


@override_settings(CRM_CONNECT={"SKYLIGHT_URL": SKYLIGHT})
def test_commands_without_a_reply_are_marked_so_the_page_does_not_wait() -> None:
    """cxengage-javascript-sdk modules/zendesk.cljs: ``:dump-state`` is a plain function
    that publishes no topic; the bridge (agent-desktop app/containers/App/index.js)
    discards its return value, so no reply ever comes."""
    assert REPLY_TOPICS["zendesk.dumpState"] == ""


@pytest.mark.django_db
@override_settings(CRM_CONNECT={"SKYLIGHT_URL": SKYLIGHT})
def test_a_page_with_skylight_is_lighter_by_the_whole_sdk_table(agent: User) -> None:
    """The table (about 23 kB as JSON) used to be in every page's configuration."""
    html = render_skylight(request_for(agent))
    table = json.dumps(REPLY_TOPICS, separators=(",", ":"))
    assert len(table) > 20_000
    # The configuration, the eight script tags (the core's two, Skylight's six) and the
    # launcher: a fifth of the table alone.
    assert len(html) < 4_500, len(html)
    # Only the topics with message limits of their own are named (messageLimits).
    assert sum(topic in html for topic in set(REPLY_TOPICS.values()) if topic) < 10


@pytest.mark.django_db
@override_settings(
    CRM_CONNECT={"SKYLIGHT_URL": SKYLIGHT},
    STATIC_URL="https://cdn.example.net/assets/",
    ALLOWED_HOSTS=["testserver"],
)
def test_the_page_may_fetch_the_sdk_table_and_nothing_else_it_did_not_allow(agent: User) -> None:
    from crm_connect.render_state import render_state

    request = request_for(agent)
    config = config_in(render_skylight(request))
    url = "https://cdn.example.net/assets/crm_connect/skylight-sdk.json"
    assert config["sdkUrl"] == url
    assert render_state(request).connect_src == [url]  # the file, not the whole CDN


@pytest.mark.django_db
@override_settings(CRM_CONNECT={"SKYLIGHT_URL": SKYLIGHT})
def test_a_relative_static_url_is_allowed_as_the_absolute_url_of_the_file(agent: User) -> None:
    from crm_connect.render_state import render_state

    request = request_for(agent)
    render_skylight(request)
    assert render_state(request).connect_src == [
        "http://testserver/static/crm_connect/skylight-sdk.json"
    ]


def test_a_url_a_csp_source_cannot_hold_is_allowed_by_its_origin() -> None:
    from crm_connect.skylight.rendering import sdk_table_source

    request = RequestFactory().get("/")
    assert sdk_table_source(request, "https://cdn.example.net/a;b/x.json") == (
        "https://cdn.example.net"
    )


# --- message limits (point 9) and screen pops (point 12) ----------------------------------


@pytest.mark.django_db
@override_settings(CRM_CONNECT={"SKYLIGHT_URL": SKYLIGHT})
def test_the_dump_state_reply_is_read_within_larger_limits(agent: User) -> None:
    """agent-desktop app/containers/App/index.js answers dumpState with the SDK's whole
    ``interactions`` (cxengage-javascript-sdk state.cljs keeps ``:past`` in full)."""
    config = config_in(render_skylight(request_for(agent)))
    state = config["messageLimits"]["cxengage/state"]
    assert state["nodes"] >= 100 * 20000
    assert state["characters"] >= 64 * 1024 * 1024


@pytest.mark.django_db
def test_screen_pops_are_on_by_default_and_switched_off_by_setting(agent: User) -> None:
    with override_settings(CRM_CONNECT={"SKYLIGHT_URL": SKYLIGHT}):
        config = config_in(render_skylight(request_for(agent)))
    assert config["screenPop"] is True
    assert config["phoneSearchUrl"] == "/crm-connect/api/phone-search/"
    assert config["texts"]["chooserTitle"] == "Several records match {number}"
    with override_settings(CRM_CONNECT={"SKYLIGHT_URL": SKYLIGHT, "SKYLIGHT_SCREEN_POP": False}):
        config = config_in(render_skylight(request_for(agent)))
    assert config["screenPop"] is False
    assert config["phoneSearchUrl"] == ""


def test_the_docs_table_lists_every_sdk_command_with_its_reply_topic() -> None:
    """docs/skylight.md states each command's reply topic with its source file."""
    from pathlib import Path

    from crm_connect.skylight.sdk import SDK_COMMANDS

    docs = (Path(__file__).resolve().parents[2] / "docs" / "skylight.md").read_text()
    for key, command in SDK_COMMANDS.items():
        topic = f"`{command.topic}`" if command.topic else "none (no reply)"
        assert f"| `{key}` | {topic} |" in docs, key
        assert f"| `{command.source}` |" in docs


def test_the_sdk_table_is_one_static_data_file_in_the_generators_format() -> None:
    """Issue 14: the ~270 commands are data (a static file a browser can fetch and cache),
    not ~1150 generated lines of Python; ``sdk.py`` only reads it. The file is exactly what
    scripts/skylight_sdk_commands.py writes for this table (not edited by hand)."""
    import importlib.util
    import json
    from pathlib import Path

    from django.contrib.staticfiles import finders

    from crm_connect.skylight import sdk

    root = Path(__file__).resolve().parents[2]
    found = finders.find("crm_connect/skylight-sdk.json")
    assert found is not None
    data_file = Path(str(found))
    assert data_file == root / "crm_connect" / sdk.DATA_FILE
    assert len(Path(sdk.__file__).read_text().splitlines()) < 100

    spec = importlib.util.spec_from_file_location(
        "skylight_sdk_commands", root / "scripts" / "skylight_sdk_commands.py"
    )
    assert spec is not None
    assert spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    commands = {
        key: {
            "topic": command.topic,
            "required": list(command.required),
            "choices": {name: list(values) for name, values in command.choices},
            "source": command.source,
        }
        for key, command in sdk.SDK_COMMANDS.items()
    }
    assert generator.render(commands, sdk.SDK_COMMIT) == data_file.read_text()
    assert json.loads(data_file.read_text())["commit"] == sdk.SDK_COMMIT
