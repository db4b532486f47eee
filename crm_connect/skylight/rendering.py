"""Skylight (the CxEngage agent desktop popup): its settings for a user, and its HTML.

The template tags in ``crm_connect.templatetags.crm_connect`` are thin wrappers over
:func:`render_skylight` and :func:`render_dial_link`. The browser side is
``static/crm_connect/skylight.js`` and its parts (:data:`SKYLIGHT_SCRIPTS`); see
``docs/skylight.md``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from crm_connect import phones
from crm_connect.call_centers import (
    ResolvedCallCenter,
    call_center_for,
    call_center_for_request,
    skylight_from_settings,
)
from crm_connect.conf import DEFAULTS, conf
from crm_connect.connector.features import shared_config
from crm_connect.csp import allow_connect_src
from crm_connect.origins import origin_of
from crm_connect.rendering import (
    CONNECTOR_FIRST_WAIT,
    CORE_SCRIPT,
    PAGE_SCRIPT,
    config_script,
    script_tags,
)
from crm_connect.settings_cache import until_settings_change
from crm_connect.skylight.schemas import MESSAGE_LIMITS, SkylightClientConfig
from crm_connect.skylight.sdk import DATA_FILE
from crm_connect.static_urls import static_url

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

logger = logging.getLogger(__name__)

#: Skylight's scripts, in the order the tag renders them (deferred, after the core's page
#: side): its parts, then ``skylight.js``, which puts them together and sets
#: ``crmConnect.skylight``. Every Skylight script the page loads is named here.
SKYLIGHT_SCRIPTS = (
    "crm_connect/skylight-lifecycle.js",
    "crm_connect/skylight-popup.js",
    "crm_connect/skylight-commands.js",
    "crm_connect/skylight-tabs.js",
    "crm_connect/skylight-page.js",
    "crm_connect/skylight.js",
)
#: The cross-tab relay: skylight.js loads it (with the page's nonce) when first needed.
RELAY_SCRIPT = "crm_connect/skylight-relay.js"
#: The SDK command table, as a static file: skylight.js fetches it when first needed.
SDK_TABLE = DATA_FILE.removeprefix("static/")
# What a CSP source expression cannot hold: such a URL is allowed by its origin only.
_NOT_IN_A_SOURCE = frozenset(" \t\r\n;,'\"")
CONFIG_ID = "crm-connect-skylight-config"
# Query parameters that make Skylight a popup that takes commands from its opener.
POPUP_PARAMETERS = (("standalonePopup", "true"), ("skylightController", "true"))


@dataclass(frozen=True)
class SkylightSettings:
    """The Skylight popup of one call center."""

    url: str
    window_name: str = DEFAULTS.SKYLIGHT_WINDOW_NAME
    window_features: str = DEFAULTS.SKYLIGHT_WINDOW_FEATURES
    crm_module: str = ""
    default_work_mode: str = ""

    @property
    def origin(self) -> str:
        return origin_of(self.url)

    @property
    def popup_url(self) -> str:
        """``url`` with Skylight's popup parameters, ``crmModule`` and ``defaultWorkMode``.

        Parameters already in ``url`` are kept; the popup parameters always win.
        """
        parts = urlsplit(self.url)
        ours = dict(POPUP_PARAMETERS)
        if self.crm_module:
            ours["crmModule"] = self.crm_module
        if self.default_work_mode:
            ours["defaultWorkMode"] = self.default_work_mode
        kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ours]
        return urlunsplit(parts._replace(query=urlencode([*kept, *ours.items()])))

    @classmethod
    def from_dict(cls, values: dict[str, str]) -> SkylightSettings | None:
        """From a call center's ``skylight`` dict; None when it has no usable URL."""
        url = str(values.get("url") or "")
        if not origin_of(url):
            return None
        return cls(
            url=url,
            window_name=str(values.get("window_name") or DEFAULTS.SKYLIGHT_WINDOW_NAME),
            window_features=str(values.get("window_features") or DEFAULTS.SKYLIGHT_WINDOW_FEATURES),
            crm_module=str(values.get("crm_module") or ""),
            default_work_mode=str(values.get("default_work_mode") or ""),
        )


def skylight_for(user: AbstractBaseUser | AnonymousUser) -> SkylightSettings | None:
    """The Skylight popup that applies to ``user``, or None.

    The user's call center from the database decides (an empty Skylight URL there turns
    Skylight off); without one, the ``CRM_CONNECT`` settings do.
    """
    if not user.is_authenticated:
        return None
    return _skylight_of(call_center_for(user))


def skylight_for_request(request: HttpRequest) -> SkylightSettings | None:
    """``skylight_for(request.user)``, sharing the request's resolved call center."""
    if not request.user.is_authenticated:
        return None
    return _skylight_of(call_center_for_request(request))


def _skylight_of(call_center: ResolvedCallCenter | None) -> SkylightSettings | None:
    if call_center is not None and call_center.pk is not None:
        return SkylightSettings.from_dict(call_center.skylight)
    return SkylightSettings.from_dict(skylight_from_settings())


def client_config(skylight: SkylightSettings) -> SkylightClientConfig:
    return SkylightClientConfig(
        url=skylight.url,
        origin=skylight.origin,
        popup_url=skylight.popup_url,
        window_name=skylight.window_name,
        window_features=skylight.window_features,
        handshake_timeout=conf.SKYLIGHT_HANDSHAKE_TIMEOUT,
        command_timeout=conf.SKYLIGHT_COMMAND_TIMEOUT,
        share_across_tabs=conf.SKYLIGHT_SHARE_ACROSS_TABS,
        click_to_dial=conf.SKYLIGHT_CLICK_TO_DIAL,
        sdk_url=static_url(SDK_TABLE),
        relay_url=static_url(RELAY_SCRIPT),
        reply_topic_overrides=conf.SKYLIGHT_REPLY_TOPICS,
        message_limits=MESSAGE_LIMITS,
        screen_pop=conf.SKYLIGHT_SCREEN_POP,
        labels={
            "closed": _("Skylight closed"),
            "opening": _("Opening Skylight…"),
            "loaded": _("Connecting to Skylight…"),
            "ready": _("Skylight connected"),
            # What the launcher shows for an error (by code); the error's own English
            # message stays for developers (console, crmConnect.skylight.on("error")).
            "POPUP_BLOCKED": _(
                "The Skylight popup was blocked. Allow popups for this site, then open "
                "Skylight again."
            ),
            "HANDSHAKE_TIMEOUT": _(
                "Skylight did not complete its handshake in time. Check the Skylight URL, and "
                "that this page sends Cross-Origin-Opener-Policy: same-origin-allow-popups."
            ),
            "CLOSED": _(
                "The Skylight window closed, or was cut off from this page by a "
                "Cross-Origin-Opener-Policy, before Skylight loaded. If it is still open, "
                "close it and open Skylight again."
            ),
            "UNREACHABLE": _(
                "The Skylight window cannot be reached from this tab any more. If it is still "
                "open, close it and open Skylight again."
            ),
        },
        connector_wait=CONNECTOR_FIRST_WAIT,
        debug=conf.DEBUG,
    )


@until_settings_change(maxsize=256)
def _client_config_json(skylight: SkylightSettings, language: str | None) -> dict[str, Any]:
    """``client_config()`` as JSON data, per call center's Skylight and language: the
    same for every user of a call center."""
    return client_config(skylight).model_dump(mode="json")


def _screen_pop_config() -> dict[str, Any]:
    """Where screen pops search (the connector's phone search) and what the agent reads;
    screen pops off when ``crm_connect.urls`` is not included."""
    try:
        shared = shared_config()
    except NoReverseMatch:
        logger.warning("Skylight screen pops need crm_connect.urls included; they are off")
        return {"screenPop": False}
    return {"phoneSearchUrl": shared["urls"]["phoneSearch"], "texts": shared["texts"]}


def render_skylight(
    request: HttpRequest | None,
    context: Any = None,
    *,
    launcher: bool = True,
    label: str | None = None,
    css_class: str = "",
) -> SafeString:
    """Skylight's configuration and scripts, with a launcher button and status unless
    ``launcher`` is false; ``""`` when Skylight does not apply to the request's user."""
    if request is None:
        return mark_safe("")
    skylight = skylight_for_request(request)
    if skylight is None:
        return mark_safe("")
    config = _client_config_json(skylight, get_language())
    allow_connect_src(request, sdk_table_source(request, config["sdkUrl"]))
    if config["screenPop"]:
        config = {**config, **_screen_pop_config()}
    html = format_html(
        "{}{}",
        config_script(request, context, config, CONFIG_ID),
        script_tags(request, context, CORE_SCRIPT)
        + script_tags(request, context, PAGE_SCRIPT, *SKYLIGHT_SCRIPTS, defer=True),
    )
    if not launcher:
        return html
    return format_html(
        '{}<div class="crm-connect-skylight{}" data-crm-connect-skylight>'
        '<button type="button" data-skylight-open>{}</button> '
        '<span data-skylight-status="closed" role="status">{}</span> '
        '<span data-skylight-error role="alert" hidden></span></div>',
        html,
        f" {css_class}" if css_class else "",
        label if label is not None else _("Open Skylight"),
        config["labels"]["closed"],
    )


def sdk_table_source(request: HttpRequest, url: str) -> str:
    """The ``connect-src`` source that lets the page fetch the SDK table at ``url``: the
    file's absolute URL (a source with a path allows that file only), or its origin when
    the URL holds what a source expression cannot."""
    absolute = request.build_absolute_uri(url)
    if _NOT_IN_A_SOURCE.isdisjoint(absolute):
        return absolute
    return origin_of(absolute)


def render_dial_link(
    phone_number: str,
    label: str | None = None,
    metadata: dict[str, Any] | None = None,
    css_class: str = "",
) -> SafeString:
    """A ``tel:`` link that dials through Skylight when Skylight is on the page.

    ``metadata`` becomes the dial's ``interactionMetadata``. Without Skylight the link is
    an ordinary ``tel:`` link.
    """
    if not phone_number:
        return mark_safe("")
    # One format on every path: E.164 where it parses, as {% crm_connect_tel %} links.
    number = phones.normalize(phone_number) or "".join(phone_number.split())
    attributes = (
        format_html(' data-skylight-metadata="{}"', json.dumps(metadata)) if metadata else ""
    )
    return format_html(
        '<a href="tel:{}"{} data-skylight-dial="{}"{}>{}</a>',
        number,
        format_html(' class="{}"', css_class) if css_class else "",
        number,
        attributes,
        label if label is not None else phone_number,
    )
