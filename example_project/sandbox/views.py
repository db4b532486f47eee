"""Pages that play the contact-center vendors' side, for the demo and the browser tests.

They are served from another origin than the CRM (see ``rundemo``) and hold no data of
their own: everything they show came to them over ``postMessage``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt


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

    It talks only to ``window.opener``. Like the real one it sends no
    Cross-Origin-Opener-Policy (Django's default ``same-origin`` would cut the opener).
    """
    response = render(request, "sandbox/skylight.html")
    response["Cross-Origin-Opener-Policy"] = "unsafe-none"
    return response
