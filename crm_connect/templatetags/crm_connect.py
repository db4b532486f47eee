"""``{% load crm_connect %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from crm_connect.rendering import render_connector, render_tel_link

register = template.Library()


@register.simple_tag(takes_context=True)
def crm_connect_connector(
    context: template.Context,
    width: str | int | None = None,
    height: str | int | None = None,
    allow: str | None = None,
    title: str | None = None,
    css_class: str = "",
) -> SafeString:
    """Render the CRM Connector iframe, its configuration and its script.

    ``{% crm_connect_connector width=400 height=600 title="Phone" %}``. Renders nothing
    for anonymous users and for users to whom no call center applies. Needs the
    ``request`` context processor.
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
    )


@register.simple_tag
def crm_connect_tel(instance: Any, text: str | None = None, css_class: str = "") -> SafeString:
    """A click-to-dial ``tel:`` link for a record: ``{% crm_connect_tel contact %}``.

    The provider (``CRM_CONNECT["PROVIDER"]``) reads the phone, name and URL from the
    object; no database query.
    """
    return render_tel_link(instance, text=text, css_class=css_class)
