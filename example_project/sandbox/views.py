"""Pages that play the contact-center vendors' side, for the demo and the browser tests.

They are served from another origin than the CRM (see ``rundemo``) and hold no data of
their own: everything they show came to them over ``postMessage``.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt

from crm_connect import csp
from crm_connect.origins import origin_of
from crm_connect.skylight.sdk import SDK_COMMANDS


@xframe_options_exempt
def index(request: HttpRequest) -> HttpResponse:
    """A list of the sandboxes. Framable, so tests can use it as a foreign window."""
    return render(request, "sandbox/index.html")


@xframe_options_exempt
def connector(request: HttpRequest) -> HttpResponse:
    """The vendor's CRM Connector iframe: handshake, then controls for every request."""
    return render(request, "sandbox/connector.html")


@xframe_options_exempt
def skylight(request: HttpRequest) -> HttpResponse:
    """The CxEngage Skylight agent desktop, opened by the CRM as a popup.

    It talks only to ``window.opener``. It knows every SDK command, and refuses one
    without its required parameters (error 1003) as the SDK does. Like the real one it sends no
    Cross-Origin-Opener-Policy (Django's default ``same-origin`` would cut the opener).
    """
    commands = {
        key: {"topic": c.topic, "required": c.required, "choices": dict(c.choices)}
        for key, c in SDK_COMMANDS.items()
    }
    response = render(request, "sandbox/skylight.html", {"sdk_commands": commands})
    response["Cross-Origin-Opener-Policy"] = "unsafe-none"
    return response


def _tab_url(crm: str, value: str) -> str:
    """An http(s) URL for a tab, or ``""``: a path is taken on ``crm``; nothing else runs."""
    value = value.strip()
    if value.startswith("/") and not value.startswith("//"):
        return crm + value
    return value if origin_of(value) else ""


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *params.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


def ucp_host(request: HttpRequest) -> HttpResponse:
    """Plays QVoice UCP: a tab bar of CRM pages in iframes, closed by ``CLOSE_CRM_TAB``.

    ``?crm=<origin>`` names the CRM (default ``settings.CRM_ORIGIN``); each
    ``?tab=<url or path>`` opens a tab (default: the CRM's contact list). A tab's page
    learns its id from its URL's ``ucp_tab`` parameter.

    Under the site's Content-Security-Policy the page may frame the CRM and the tabs it
    opens with (CrmConnectMiddleware adds their origins to ``frame-src``); a tab opened
    later from the page's form must be on one of those origins.
    """
    crm = origin_of(request.GET.get("crm", "")) or origin_of(settings.CRM_ORIGIN)
    urls = [url for url in (_tab_url(crm, v) for v in request.GET.getlist("tab")) if url]
    tabs = [
        {
            "id": f"tab-{number}",
            "url": _with_query(url, ucp_tab=f"tab-{number}"),
            "label": urlsplit(url).path or "/",
            "origin": origin_of(url),
        }
        for number, url in enumerate(urls or [crm + "/"], start=1)
    ]
    for origin in [crm, *(tab["origin"] for tab in tabs)]:
        csp.allow_frame_src(request, origin)
    return render(request, "sandbox/ucp.html", {"crm": crm, "tabs": tabs})
