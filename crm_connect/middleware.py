"""``CrmConnectMiddleware``: the response headers that pages rendering crm_connect need.

While a page renders, the template tags record what it embeds and opens in
``request.crm_connect`` (:mod:`crm_connect.render_state`); this middleware turns that
into headers:

* ``frame-src`` gets the origin of every frame the page renders (the connector), in the
  enforced and the report-only policy, from django-csp or Django's built-in CSP;
* ``connect-src`` gets what the page's scripts fetch outside its own API (Skylight's
  SDK table, a static file that may be on another origin);
* a page that opens a popup protocol gets ``Cross-Origin-Opener-Policy:
  same-origin-allow-popups``;
* a page made embeddable keeps its ``frame-ancestors`` even when another layer rewrote
  the policy.

It works before or after the CSP middleware in ``MIDDLEWARE``: after it (so that it
runs first on the response) it tells the CSP library what to add; before it, it edits
the header the library wrote.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.utils.deprecation import MiddlewareMixin

from crm_connect import csp, framing


class CrmConnectMiddleware(MiddlewareMixin):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        origins = csp.frame_src_requested(request)
        if origins:
            csp.update_policies(request, response, csp.frame_src_changes(origins))
        sources = csp.connect_src_requested(request)
        if sources:
            csp.update_policies(request, response, csp.connect_src_changes(sources))
        ancestors = framing.embedding_ancestors(response)
        if ancestors is not None:
            framing.apply_frame_ancestors(request, response, ancestors)
        if framing.opens_popups_requested(request):
            framing.allow_popups(response)
        return response
