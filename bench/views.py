"""Pages and endpoints the benchmarks compare against: each one is the real thing with
one part taken away, so that the difference is the cost of that part."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.html import escape, json_script
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from crm_connect.conf import conf
from crm_connect.connector import rendering as connector_rendering
from crm_connect.connector.crm_data import crm_data_for
from crm_connect.csp import allow_frame_src
from example_project.crm.views import ContactListView

#: The user whose crmData the constant baselines return (``bench.data`` creates it).
CONSTANT_USER = "agent0"


class ContactListWithoutTag(ContactListView):
    """The contact list exactly as the CRM renders it, minus ``{% crm_connect_connector %}``."""

    def get_template_names(self) -> Any:
        return engines["django"].from_string(
            '{% extends "crm/contact_list.html" %}{% block softphone %}{% endblock %}'
        )


class _InlineOverride:
    """``conf`` as the connector tag reads it, with the ``INLINE_CRM_DATA`` of the request
    (``INLINE_OVERRIDE``, thread-safe): ``CRM_CONNECT`` is validated once per settings
    change, so a per-request value cannot come from the setting itself."""

    def __getattr__(self, name: str) -> Any:
        from bench.settings import INLINE_OVERRIDE

        override = INLINE_OVERRIDE.get()
        if name == "INLINE_CRM_DATA" and override is not None:
            return override
        return getattr(conf, name)


connector_rendering.conf = _InlineOverride()  # type: ignore[assignment, attr-defined]


def endpoint_variant(request: HttpRequest) -> HttpResponse:
    """The contact list with the tag, but ``crmData`` fetched from the endpoint."""
    from bench.settings import INLINE_OVERRIDE

    token = INLINE_OVERRIDE.set(False)
    try:
        response = ContactListView.as_view()(request)
        assert isinstance(response, TemplateResponse)
        response.render()
        return response
    finally:
        INLINE_OVERRIDE.reset(token)


@lru_cache(maxsize=1)
def constant_crm_data() -> dict[str, Any]:
    """The benchmark agent's crmData, computed once per process."""
    user = get_user_model().objects.get(username=CONSTANT_USER)
    data = crm_data_for(user)
    assert data is not None, "bench.data has not created the call center"
    return data.model_dump(mode="json")


class ConstantCrmDataView(APIView):
    """The same JSON as the crmData endpoint, through the same middleware, authentication
    and permission, with nothing computed: the endpoint's baseline."""

    permission_classes = [IsAuthenticated]

    def get(self, request: Request) -> Response:
        return Response(constant_crm_data())


FLOOR_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>floor</title></head>
<body>{config}<script src="{script}"></script>
<iframe id="crmConnectIframeId" src="{src}" title="Contact center" width="400" height="600"
 allow="camera; microphone"></iframe></body></html>"""


@lru_cache(maxsize=1)
def _floor_html() -> bytes:
    src = f"{settings.SANDBOX_ORIGIN}/sandbox/connector/"
    config = {"origin": settings.SANDBOX_ORIGIN, "crmData": constant_crm_data()}
    return FLOOR_PAGE.format(
        config=json_script(config, "floor-config"),
        script=escape(static("bench/floor.js")),
        src=escape(src),
    ).encode()


def floor(request: HttpRequest) -> HttpResponse:
    """The handshake's floor: a constant page whose tiny script answers the same sandbox
    connector from a constant. No session, no query, no template. Under the example's
    strict policy it asks for the sandbox in ``frame-src``, as the connector tag does."""
    allow_frame_src(request, settings.SANDBOX_ORIGIN)
    return HttpResponse(_floor_html())


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse(json.dumps({"ok": True}), content_type="application/json")


CONNECTOR_ONLY = (
    '{% load crm_connect %}<!doctype html><html lang="en"><head><meta charset="utf-8">'
    "<title>connector only</title></head><body>{% crm_connect_connector %}</body></html>"
)


def connector_only(request: HttpRequest) -> HttpResponse:
    """A page with the connector tag and nothing else: what it downloads is the tag's."""
    return HttpResponse(engines["django"].from_string(CONNECTOR_ONLY).render({}, request))
