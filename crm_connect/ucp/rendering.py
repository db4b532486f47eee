"""Build the HTML of the UCP template tags (``docs/ucp.md``).

The CRM page is an iframe in a UCP tab. ``{% crm_connect_ucp %}`` loads
``crmConnect.ucp`` with its configuration; the other tags render controls that the
script wires up by their ``data-crm-connect-ucp*`` attributes (no inline JavaScript).
Controls carry ``hidden`` and ``data-crm-connect-ucp-only``: the script shows them only
when the page is framed by a UCP origin it may talk to.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from crm_connect.conf import conf
from crm_connect.origins import valid_origins
from crm_connect.render_state import render_state
from crm_connect.rendering import PAGE_SCRIPT, after_connector, config_script, lazy_script_tags
from crm_connect.settings_cache import until_settings_change

UCP_SCRIPT = "crm_connect/ucp.js"
#: What the page runs for UCP, in order, after the connector's answer (``channel-lazy.js``).
UCP_SCRIPTS = (PAGE_SCRIPT, UCP_SCRIPT)
#: UCP's controls: a click on one before ``ucp.js`` has run is dispatched again once it has.
UCP_CLICKS = "[data-crm-connect-ucp]"
CONFIG_ID = "crm-connect-ucp-config"


def ucp_origins() -> list[str]:
    """The configured UCP origins that are valid origins, normalized, without repeats."""
    return valid_origins(conf.UCP_ORIGINS)


@until_settings_change(maxsize=1)
def ucp_config() -> dict[str, Any]:
    """What ``ucp.js`` reads from its ``json_script`` block: settings only, so built once
    and again after a setting changes. Treat it as read-only."""
    return {
        "origins": ucp_origins(),
        # The protocol's '*' target, allowed only when no UCP origin is configured at
        # all. A configured list whose entries are all invalid means "send nowhere",
        # never "send anywhere" (system check crm_connect.E003 reports the entries).
        "anyOrigin": not conf.UCP_ORIGINS,
        "makeCallField": conf.UCP_MAKE_CALL_FIELD,
        "debug": conf.DEBUG,
        "load": after_connector(UCP_SCRIPTS, clicks=UCP_CLICKS).model_dump(mode="json"),
    }


def render_ucp(request: HttpRequest | None, context: Any = None) -> SafeString:
    """The configuration block of ``crmConnect.ucp`` and the core, once per request: the
    core's loader runs ``UCP_SCRIPTS`` after the connector's answer."""
    if request is not None:
        state = render_state(request)
        if state.ucp_rendered:
            return mark_safe("")
        state.ucp_rendered = True
    return format_html(
        "{}{}",
        config_script(request, context, ucp_config(), CONFIG_ID, load=True),
        lazy_script_tags(request, context),
    )


def _class_attr(css_class: str) -> SafeString:
    return format_html(' class="{}"', css_class) if css_class else mark_safe("")


def render_close_tab(
    *, label: str | None = None, tab_id: str | None = None, css_class: str = ""
) -> SafeString:
    """A button that sends ``CLOSE_CRM_TAB``; with ``tab_id``, the payload names the tab."""
    return format_html(
        '<button type="button"{} data-crm-connect-ucp="close-tab"{} data-crm-connect-ucp-only'
        " hidden>{}</button>",
        _class_attr(css_class),
        format_html(' data-crm-connect-ucp-tab-id="{}"', tab_id) if tab_id else "",
        label if label is not None else _("Close tab"),
    )


def render_call(number: str | None, *, label: str | None = None, css_class: str = "") -> SafeString:
    """A button that sends ``MAKE_CALL`` for ``number``; nothing when there is no number.

    The number goes in E.164 form where it parses (``+1 (555) 010-0199`` sends
    ``+15550100199``, as ``{% crm_connect_tel %}`` links do), as written otherwise."""
    from crm_connect import phones

    number = str(number or "").strip()
    number = phones.normalize(number) or number
    if not number:
        return mark_safe("")
    return format_html(
        '<button type="button"{} data-crm-connect-ucp="make-call" data-crm-connect-ucp-number="{}"'
        " data-crm-connect-ucp-only hidden>{}</button>",
        _class_attr(css_class),
        number,
        label if label is not None else _("Call"),
    )
