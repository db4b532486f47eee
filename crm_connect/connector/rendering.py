"""The connector's HTML: its iframe with configuration and scripts (docked), or the
softphone window's button (window mode, :mod:`crm_connect.connector.window`), and
click-to-dial ``tel:`` links; the template tags are thin wrappers over these."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from crm_connect.call_centers import ResolvedCallCenter, call_center_for_request
from crm_connect.conf import conf
from crm_connect.connector.crm_data import build_crm_data
from crm_connect.connector.features import feature_config
from crm_connect.connector.window import render_softphone_button
from crm_connect.csp import allow_frame_src
from crm_connect.rendering import CORE_SCRIPT, PAGE_SCRIPT, config_script, script_tags
from crm_connect.static_urls import static_url

CONNECTOR_SCRIPT = "crm_connect/connector.js"
CONNECTOR_STYLES = "crm_connect/connector.css"
#: What a page that keeps the docked connector across its navigations loads with it:
#: htmx's and Turbo's hooks (tel: links after a swap, a screen pop as a boosted visit).
PERSIST_SCRIPT = "crm_connect/connector-persist.js"
#: The stable id of the element around the docked connector that htmx (``hx-preserve``)
#: and Turbo (``data-turbo-permanent``) keep across navigations.
CONTAINER_ID = "crm-connect-connector"
CONTAINER = '<div id="{}" class="crm-connect-connector" hx-preserve data-turbo-permanent>{}</div>'


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
    center applies to the request's user (anonymous users included). In window mode,
    the softphone window's status and button instead.

    ``persistent``: the page keeps the connector across its navigations (htmx's
    ``hx-boost``, Turbo): ``crmData`` says it does not reload, and the page loads the
    hooks that keep it working after a swap (``connector-persist.js``)."""
    if request is None:
        return mark_safe("")
    call_center = call_center_for_request(request)
    if call_center is None or not call_center.connector_origin:
        return mark_safe("")
    if call_center.mode == "window":
        return render_softphone_button(request, context, call_center)
    if persistent and kept_by_htmx(request):
        return format_html(CONTAINER, CONTAINER_ID, "")
    config = connector_config(request, context, call_center, persistent=persistent)
    scripts = script_tags(request, context, CORE_SCRIPT, CONNECTOR_SCRIPT)
    if persistent:  # after the page side, which the UCP and Skylight tags defer
        scripts += script_tags(request, context, PAGE_SCRIPT, PERSIST_SCRIPT, defer=True)
    return format_html(
        CONTAINER,
        CONTAINER_ID,
        format_html(
            '<link rel="stylesheet" href="{}">{}{}{}',
            static_url(CONNECTOR_STYLES),
            config_script(request, context, config, "crm-connect-connector-config"),
            scripts,
            connector_iframe(
                request,
                call_center,
                width=width if width is not None else conf.IFRAME_WIDTH,
                height=height if height is not None else conf.IFRAME_HEIGHT,
                allow=allow,
                title=title,
                css_class=css_class,
            ),
        ),
    )


def kept_by_htmx(request: HttpRequest) -> bool:
    """A boosted htmx request, or htmx restoring a page of its history: the page has the
    connector's element already, and htmx keeps it (``hx-preserve``). The response gets
    an empty one in its place: a frame htmx would only throw away still starts loading
    the connector once it is in the document."""
    headers = request.headers
    return "true" in (headers.get("HX-Boosted"), headers.get("HX-History-Restore-Request"))


def connector_config(
    request: HttpRequest,
    context: Any,
    call_center: ResolvedCallCenter,
    *,
    persistent: bool = False,
) -> dict[str, Any]:
    """What ``connector.js`` reads (``crm-connect-connector-config``), docked or in the
    softphone window (``call_center.mode``)."""
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
    return config


def connector_iframe(
    request: HttpRequest,
    call_center: ResolvedCallCenter,
    *,
    width: str | int,
    height: str | int,
    allow: str | None = None,
    title: str | None = None,
    css_class: str = "",
) -> SafeString:
    """The connector's ``<iframe>``; its origin goes into the page's ``frame-src``."""
    allow_frame_src(request, call_center.connector_origin)
    return format_html(
        '<iframe id="{}" src="{}" title="{}" width="{}" height="{}" allow="{}"{}'
        " data-crm-connect-connector></iframe>",
        conf.IFRAME_ID,
        call_center.connector_url,
        title if title is not None else _("Contact center"),
        width,
        height,
        allow if allow is not None else conf.IFRAME_ALLOW,
        format_html(' class="{}"', css_class) if css_class else "",
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
