"""The softphone window's page (``CONNECTOR_MODE = "window"``, docs/softphone-window.md):
the connector frame on the CRM's origin, for the signed-in user only."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from crm_connect.call_centers import call_center_for_request
from crm_connect.conf import conf
from crm_connect.connector.rendering import (
    CONNECTOR_SCRIPT,
    CONNECTOR_STYLES,
    connector_config,
    connector_iframe,
)
from crm_connect.connector.window import (
    CONFIG_ID,
    SESSION_CHECK_INTERVAL,
    WINDOW_SCRIPT,
    tab_config,
)
from crm_connect.rendering import CORE_SCRIPT, PAGE_SCRIPT, config_script, script_tags
from crm_connect.static_urls import static_url

TEMPLATE = "crm_connect/softphone_window.html"


@never_cache
def softphone_window(request: HttpRequest) -> HttpResponse:
    """The window that holds the connector for every tab. A signed-out visitor is sent
    to the login page; a user whose call center is docked (or who has none) gets a 404.

    The frame is a ``<template>``: ``connector-window.js`` frames it, and loads
    ``connector.js``, only once it holds this user's lock, so a second window opened by
    mistake never loads the connector."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    call_center = call_center_for_request(request)
    if call_center is None or not call_center.connector_origin or call_center.mode != "window":
        raise Http404(_("No softphone window applies to this user."))
    window = {
        **tab_config(request, call_center),
        "lock": f"crm-connect:softphone:{request.user.pk}",
        "sessionUrl": reverse("crm_connect:softphone-session"),
        "sessionCheck": SESSION_CHECK_INTERVAL,
        "connectorUrl": static_url(CONNECTOR_SCRIPT),
    }
    frame = connector_iframe(request, call_center, width="100%", height="100%")
    context: dict[str, Any] = {
        "title": _("Softphone"),
        "styles": static_url(CONNECTOR_STYLES),
        "head": format_html(
            "{}{}",
            config_script(
                request,
                None,
                connector_config(request, None, call_center),
                "crm-connect-connector-config",
            ),
            config_script(request, None, window, CONFIG_ID),
        ),
        "frame": format_html("<template data-crm-connect-softphone-frame>{}</template>", frame),
        "scripts": script_tags(request, None, CORE_SCRIPT, PAGE_SCRIPT, WINDOW_SCRIPT),
        "debug": conf.DEBUG,
    }
    return TemplateResponse(request, TEMPLATE, context)
