"""The connector's HTML: its iframe with configuration and scripts, and click-to-dial
``tel:`` links; the template tags are thin wrappers over these."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from crm_connect.call_centers import call_center_for_request
from crm_connect.conf import conf
from crm_connect.connector.crm_data import build_crm_data
from crm_connect.connector.features import feature_config
from crm_connect.csp import allow_frame_src
from crm_connect.rendering import CORE_SCRIPT, config_script, script_tags
from crm_connect.static_urls import static_url

CONNECTOR_SCRIPT = "crm_connect/connector.js"
CONNECTOR_STYLES = "crm_connect/connector.css"


def render_connector(
    request: HttpRequest | None,
    context: Any = None,
    *,
    width: str | int | None = None,
    height: str | int | None = None,
    allow: str | None = None,
    title: str | None = None,
    css_class: str = "",
    persistent: bool = False,
) -> SafeString:
    """The connector iframe with its configuration and scripts, or ``""`` when no call
    center applies to the request's user (anonymous users included).

    ``persistent``: the page keeps the connector across its navigations, so ``crmData``
    says it does not reload."""
    if request is None:
        return mark_safe("")
    call_center = call_center_for_request(request)
    if call_center is None or not call_center.connector_origin:
        return mark_safe("")
    crm_data = None
    if conf.INLINE_CRM_DATA:
        language = translation.get_language()
        crm_data = build_crm_data(
            request.user, call_center, language=language, persistent=persistent
        ).model_dump(mode="json")
    config = {
        "origin": call_center.connector_origin,
        "iframeId": conf.IFRAME_ID,
        "mode": call_center.mode,
        "crmData": crm_data,
        "debug": conf.DEBUG,
        "handshakeTimeout": conf.HANDSHAKE_TIMEOUT,
        **feature_config(request, context),
    }
    if persistent:
        config["crmDataUrl"] += "?persistent=true"
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
