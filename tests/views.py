"""Pages the tests compare against: the real thing with one part taken away."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template import engines

from example_project.crm.views import ContactListView

CONNECTOR_ONLY = (
    '{% load crm_connect %}<!doctype html><html lang="en"><head><meta charset="utf-8">'
    "<title>connector only</title></head><body>{% crm_connect_connector %}</body></html>"
)


def connector_only(request: HttpRequest) -> HttpResponse:
    """A page with the connector tag and nothing else: what it downloads is the tag's."""
    return HttpResponse(engines["django"].from_string(CONNECTOR_ONLY).render({}, request))


class ContactListWithoutTag(ContactListView):
    """The contact list exactly as the CRM renders it, minus ``{% crm_connect_connector %}``."""

    def get_template_names(self) -> Any:
        return engines["django"].from_string(
            '{% extends "crm/contact_list.html" %}{% block softphone %}{% endblock %}'
        )
