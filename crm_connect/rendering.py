"""Build the HTML the template tags render; the tags are thin wrappers over these."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from crm_connect.call_centers import call_center_for_request
from crm_connect.conf import conf
from crm_connect.crm_data import build_crm_data
from crm_connect.csp import allow_frame_src, get_nonce
from crm_connect.features import feature_config
from crm_connect.static_urls import static_url

CORE_SCRIPT = "crm_connect/channel.js"
CONNECTOR_SCRIPT = "crm_connect/connector.js"
CONNECTOR_STYLES = "crm_connect/connector.css"

#: What ``json_script`` escapes in a JSON block: nothing in it can end the ``<script>``.
JSON_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def script_tags(request: HttpRequest | None, context: Any, *paths: str) -> SafeString:
    """``<script>`` tags for ``paths`` with the CSP nonce, each at most once per request."""
    loaded: set[str] = set()
    if request is not None:
        loaded = request.__dict__.setdefault("_crm_connect_scripts", set())
    wanted = [path for path in paths if path not in loaded]
    loaded.update(wanted)
    nonce = nonce_attribute(request, context)
    # Every page with a tag renders these: plain string building over escaped values,
    # not format_html (which would escape and mark each piece again).
    return mark_safe(  # noqa: S308
        "".join(f'<script src="{escape(static_url(path))}"{nonce}></script>' for path in wanted)
    )


def nonce_attribute(request: HttpRequest | None, context: Any = None) -> SafeString:
    """`` nonce="..."`` when a CSP nonce is in use for this request, else ``""``."""
    nonce = get_nonce(request, context)
    return mark_safe(f' nonce="{escape(nonce)}"' if nonce else "")  # noqa: S308


def config_script(
    request: HttpRequest | None, context: Any, value: Any, element_id: str
) -> SafeString:
    """``value`` as a JSON ``<script>`` block (what ``json_script`` makes, in compact
    JSON), with the CSP nonce when one is in use.

    A JSON block is not run, so CSP does not need the nonce on it; it carries it anyway
    so that every ``<script>`` on a nonce-protected page has one. ``<``, ``>`` and ``&``
    are escaped as in ``json_script``, so no value can close the block.
    """
    text = json.dumps(value, cls=DjangoJSONEncoder, separators=(",", ":"))
    for character, escaped in JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return mark_safe(  # noqa: S308
        f'<script{nonce_attribute(request, context)} id="{escape(element_id)}"'
        f' type="application/json">{text}</script>'
    )


def render_connector(
    request: HttpRequest | None,
    context: Any = None,
    *,
    width: str | int | None = None,
    height: str | int | None = None,
    allow: str | None = None,
    title: str | None = None,
    css_class: str = "",
) -> SafeString:
    """The connector iframe with its configuration and scripts, or ``""`` when no call
    center applies to the request's user (anonymous users included)."""
    if request is None:
        return mark_safe("")
    call_center = call_center_for_request(request)
    if call_center is None or not call_center.connector_origin:
        return mark_safe("")
    crm_data = None
    if conf.INLINE_CRM_DATA:
        language = translation.get_language()
        crm_data = build_crm_data(request.user, call_center, language=language).model_dump(
            mode="json"
        )
    config = {
        "origin": call_center.connector_origin,
        "iframeId": conf.IFRAME_ID,
        "crmData": crm_data,
        "debug": conf.DEBUG,
        "handshakeTimeout": conf.HANDSHAKE_TIMEOUT,
        **feature_config(request, context),
    }
    iframe = format_html(
        '<iframe id="{}" src="{}" title="{}" width="{}" height="{}" allow="{}"{}'
        " data-crm-connect-connector></iframe>",
        conf.IFRAME_ID,
        call_center.connector_url,
        title if title is not None else _("Contact center"),
        width if width is not None else conf.IFRAME_WIDTH,
        height if height is not None else conf.IFRAME_HEIGHT,
        allow if allow is not None else conf.IFRAME_ALLOW,
        format_html(' class="{}"', css_class) if css_class else "",
    )
    allow_frame_src(request, call_center.connector_origin)
    return format_html(
        '<link rel="stylesheet" href="{}">{}{}{}',
        static_url(CONNECTOR_STYLES),
        config_script(request, context, config, "crm-connect-connector-config"),
        script_tags(request, context, CORE_SCRIPT, CONNECTOR_SCRIPT),
        iframe,
    )


def render_tel_link(
    instance: Any, text: str | None = None, css_class: str = "", *, ucp: bool = False
) -> SafeString:
    """A ``tel:`` link for ``instance``'s phone, marked for click-to-dial.

    A plain link that dials without the integration; with click-to-dial on, the
    connector script sends ``clickToDialResponse`` built from the ``data-*`` attributes.
    With ``ucp=True``, inside a UCP tab a click asks UCP to call it (``MAKE_CALL``).
    Renders ``text`` (or nothing) when the record has no usable phone. No queries.
    """
    from crm_connect import phones
    from crm_connect.providers import get_provider

    record = get_provider().record_for(instance)
    number = phones.normalize(record.phone)
    if number is None:
        return format_html("{}", text if text is not None else record.phone)
    return format_html(
        '<a href="tel:{}" data-crm-connect-dial data-record-id="{}" data-object-type="{}"'
        ' data-record-name="{}" data-record-url="{}" data-record-email="{}"{}{}>{}</a>',
        number,
        record.id,
        record.object_type,
        record.name,
        record.url,
        record.email,
        format_html(' class="{}"', css_class) if css_class else "",
        mark_safe(' data-crm-connect-ucp="make-call"') if ucp else "",
        text if text is not None else record.phone,
    )
