"""Views for the framing and CSP tests, mounted by :mod:`tests.csp.urls`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import render
from django.views import View

from crm_connect.framing import (
    EmbeddableMixin,
    OpensPopupsMixin,
    embeddable,
    mark_opens_popups,
    opens_popups,
)


def plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("plain")


@embeddable
def embeddable_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("embeddable")


@embeddable
async def embeddable_async_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("embeddable, async")


@embeddable
def embeddable_not_found(request: HttpRequest) -> HttpResponse:
    return HttpResponseNotFound("gone")


class EmbeddableView(EmbeddableMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("embeddable class")


@embeddable
def embeddable_with_connector(request: HttpRequest) -> HttpResponse:
    """A UCP tab page that also shows the connector."""
    return render(request, "base.html")


@opens_popups
def popup_opener(request: HttpRequest) -> HttpResponse:
    return HttpResponse("opens popups")


@opens_popups
async def popup_opener_async(request: HttpRequest) -> HttpResponse:
    return HttpResponse("opens popups, async")


class PopupOpenerView(OpensPopupsMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("opens popups, class")


def marks_popups(request: HttpRequest) -> HttpResponse:
    """What a template tag rendering a popup opener does."""
    mark_opens_popups(request)
    return HttpResponse("marked")
