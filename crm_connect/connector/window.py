"""The softphone window (``CONNECTOR_MODE = "window"``, docs/softphone-window.md).

One small window on the CRM's origin holds the connector for the whole session; every
CRM page shows a status and an *Open softphone* button instead of the iframe, and talks
to the window over a ``BroadcastChannel`` (``connector-tab.js``). The window page
(``connector-window.js``, :mod:`crm_connect.connector.views`) takes a Web Lock per user
before it frames the connector, so one window at most ever holds it.

Everything the two scripts need comes from here, rendered as JSON: they keep no
defaults of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from crm_connect.conf import conf
from crm_connect.connector.definition import with_defaults
from crm_connect.connector.features import texts
from crm_connect.rendering import CORE_SCRIPT, PAGE_SCRIPT, config_script, script_tags
from crm_connect.static_urls import static_url

if TYPE_CHECKING:
    from crm_connect.call_centers import ResolvedCallCenter

#: A CRM page's side: the button, the status, click-to-dial and events over the channel.
TAB_SCRIPT = "crm_connect/connector-tab.js"
#: The window page's side: the lock, the connector frame, the bridge to the tabs.
WINDOW_SCRIPT = "crm_connect/connector-window.js"
TAB_STYLES = "crm_connect/connector.css"
#: The id of the JSON block both scripts read.
CONFIG_ID = "crm-connect-softphone-config"
#: ``window.open``'s target name: a tab that opened the window finds it again by it.
WINDOW_NAME = "crmConnectSoftphone"
#: The ``BroadcastChannel`` between the tabs and the window (same origin only).
CHANNEL_NAME = "crm-connect:softphone"
#: Milliseconds between the window's checks that its user is still signed in. It also
#: checks when a tab of another user (or of a new session) appears.
SESSION_CHECK_INTERVAL = 30_000
#: The window's size when the definition's is missing or unusable (pixels).
SIZE_RANGE = (200, 4000)
SIZE_FIELDS = ("reqSoftphoneWidth", "reqSoftphoneHeight")


def window_size(call_center: ResolvedCallCenter) -> tuple[int, int]:
    """``(width, height)`` from ``ReqGeneralInfo.reqSoftphoneWidth`` / ``Height``; a value
    that is not a whole number within :data:`SIZE_RANGE` gives the vendor's default."""
    general = call_center.settings.root.get("ReqGeneralInfo", {})
    defaults = with_defaults({})["ReqGeneralInfo"]
    low, high = SIZE_RANGE

    def pixels(name: str) -> int:
        value = general.get(name, "").strip()
        if value.isdigit() and low <= int(value) <= high:
            return int(value)
        return int(defaults[name])

    width, height = (pixels(name) for name in SIZE_FIELDS)
    return width, height


def user_id(request: HttpRequest) -> str:
    return str(getattr(request.user, "pk", "") or "anonymous")


def window_texts() -> dict[str, str]:
    """What the tabs' status and the window page say."""
    return {
        "closed": _("Softphone closed"),
        "opening": _("Opening the softphone…"),
        "waiting": _("Softphone connecting…"),
        "acknowledged": _("Softphone connecting…"),
        "connected": _("Softphone connected"),
        "timeout": _("The softphone does not answer"),
        "blocked": _("Pop-up blocked: allow pop-ups for this site, then try again"),
        "elsewhere": _("The softphone is already open in another window."),
        "signedOut": _("Signed out: this window closes."),
        "dialHint": texts()["dialHint"],
    }


def tab_config(request: HttpRequest, call_center: ResolvedCallCenter) -> dict[str, Any]:
    """``crm-connect-softphone-config``: what ``connector-tab.js`` and
    ``connector-window.js`` share."""
    width, height = window_size(call_center)
    return {
        "mode": "window",
        "origin": call_center.connector_origin,
        "userId": user_id(request),
        "windowUrl": reverse("crm_connect:softphone"),
        "windowName": WINDOW_NAME,
        "windowFeatures": f"popup,width={width},height={height}",
        "channel": CHANNEL_NAME,
        "handshakeTimeout": conf.HANDSHAKE_TIMEOUT,
        "debug": conf.DEBUG,
        "texts": window_texts(),
    }


def render_softphone_button(
    request: HttpRequest, context: Any, call_center: ResolvedCallCenter
) -> SafeString:
    """A CRM page in window mode: the softphone's status and the *Open softphone*
    button, with ``connector-tab.js``; no connector frame and no ``connector.js``."""
    labels = window_texts()
    return format_html(
        '<link rel="stylesheet" href="{}"><div class="crm-connect-softphone"'
        ' data-crm-connect-softphone="closed"><span class="crm-connect-softphone-status"'
        ' role="status" data-crm-connect-softphone-status>{}</span>'
        ' <button type="button" data-crm-connect-softphone-open>{}</button></div>{}{}',
        static_url(TAB_STYLES),
        labels["closed"],
        _("Open softphone"),
        config_script(request, context, tab_config(request, call_center), CONFIG_ID),
        script_tags(request, context, CORE_SCRIPT, PAGE_SCRIPT, TAB_SCRIPT),
    )
