"""``{% load crm_connect %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from crm_connect.connector.rendering import render_connector, render_tel_link
from crm_connect.rendering import nonce_attribute
from crm_connect.skylight.rendering import render_dial_link, render_skylight
from crm_connect.ucp.rendering import render_call, render_close_tab, render_ucp

register = template.Library()


@register.simple_tag(takes_context=True)
def crm_connect_connector(
    context: template.Context,
    width: str | int | None = None,
    height: str | int | None = None,
    allow: str | None = None,
    title: str | None = None,
    css_class: str = "",
    persistent: bool = False,
) -> SafeString:
    """Render the CRM Connector iframe, its configuration and its script; in window mode,
    the softphone window's status and button instead (docs/softphone-window.md).

    ``{% crm_connect_connector width=400 height=600 title="Phone" %}``. Renders nothing
    for anonymous users and for users to whom no call center applies. Needs the
    ``request`` context processor. ``persistent=True``: the page keeps the connector
    across its navigations (htmx's ``hx-boost``, Turbo).
    """
    request: Any = context.get("request")
    return render_connector(
        request,
        context,
        width=width,
        height=height,
        allow=allow,
        title=title,
        css_class=css_class,
        persistent=persistent,
    )


@register.simple_tag
def crm_connect_tel(
    instance: Any, text: str | None = None, css_class: str = "", ucp: bool = False
) -> SafeString:
    """A click-to-dial ``tel:`` link for a record: ``{% crm_connect_tel contact %}``.

    The provider (``CRM_CONNECT["PROVIDER"]``) reads the phone, name and URL from the
    object; no database query. ``ucp=True``: inside a UCP tab, a click asks UCP to call.
    """
    return render_tel_link(instance, text=text, css_class=css_class, ucp=ucp)


@register.simple_tag(takes_context=True)
def crm_connect_skylight(
    context: template.Context,
    launcher: bool = True,
    label: str | None = None,
    css_class: str = "",
) -> SafeString:
    """Render the Skylight launcher (a button and a status), its configuration and script.

    ``{% crm_connect_skylight %}``, or ``{% crm_connect_skylight launcher=False %}`` for
    the script alone (``window.crmConnect.skylight`` and click-to-dial, no button).
    Renders nothing when Skylight does not apply to the user. Needs the ``request``
    context processor.
    """
    request: Any = context.get("request")
    return render_skylight(request, context, launcher=launcher, label=label, css_class=css_class)


@register.simple_tag
def crm_connect_skylight_dial(
    phone_number: str,
    label: str | None = None,
    metadata: dict[str, Any] | None = None,
    css_class: str = "",
) -> SafeString:
    """A ``tel:`` link that dials through Skylight (``interactions.voice.dial``).

    ``{% crm_connect_skylight_dial contact.phone metadata=dial_metadata %}``; ``metadata``
    (a dict) becomes the call's ``interactionMetadata``.
    """
    return render_dial_link(str(phone_number or ""), label, metadata, css_class)


@register.simple_tag(takes_context=True)
def crm_connect_nonce(context: template.Context) -> SafeString:
    """`` nonce="..."`` for your own ``<script>`` tags, or nothing when no nonce is in use.

    ``<script src="{% static 'app.js' %}"{% crm_connect_nonce %}></script>``: works with
    django-csp and Django's built-in CSP, and generates the nonce when the policy uses one
    (Django's ``{% csp_nonce_attr %}`` only renders a nonce that was already generated).
    """
    return nonce_attribute(context.get("request"), context)


# --- UCP: the page is an iframe in a UCP tab (docs/ucp.md) ---------------------------


@register.simple_tag(takes_context=True)
def crm_connect_ucp(context: template.Context) -> SafeString:
    """Load ``crmConnect.ucp`` (once per request) with its configuration.

    ``{% crm_connect_ucp %}`` in the pages UCP frames, typically in the base template.
    """
    return render_ucp(context.get("request"), context)


@register.simple_tag
def crm_connect_ucp_close_tab(
    label: str | None = None, tab_id: str | None = None, css_class: str = ""
) -> SafeString:
    """A "Close tab" button, shown only inside UCP: ``{% crm_connect_ucp_close_tab %}``.

    Without ``tab_id`` UCP closes the tab the page is in; with it, the tab of that id.
    """
    return render_close_tab(label=label, tab_id=tab_id, css_class=css_class)


@register.simple_tag
def crm_connect_ucp_call(
    number: str | None, label: str | None = None, css_class: str = ""
) -> SafeString:
    """A "Call" button, shown only inside UCP: ``{% crm_connect_ucp_call contact.phone %}``."""
    return render_call(number, label=label, css_class=css_class)
