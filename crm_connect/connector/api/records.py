"""Records by phone number (screen pop) and by id (click-to-dial navigation)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from crm_connect import phones
from crm_connect.api.base import FeatureAPIView
from crm_connect.api.openapi import ErrorDetail, document
from crm_connect.api.validation import validate_query
from crm_connect.conf import conf
from crm_connect.connector.schemas.records import (
    PhoneSearchQuery,
    PhoneSearchResult,
    RecordOut,
    RecordQuery,
)
from crm_connect.providers import Record, get_provider


def record_out(request: Request, record: Record) -> RecordOut:
    return RecordOut(
        id=record.id,
        name=record.name,
        object_type=record.object_type,
        url=request.build_absolute_uri(record.url) if record.url else "",
        phone=record.phone,
        email=record.email,
    )


class PhoneSearchView(FeatureAPIView):
    """``GET ?number=...`` (up to 10): records whose phone is one of the numbers.

    Numbers are compared in E.164 form, all of them in one provider call. At most
    ``PHONE_SEARCH_LIMIT`` results, each record once. ``createUrl`` is where to create
    a record for the first number."""

    @document(
        summary="Records whose phone is one of the numbers (screen pop)",
        query=PhoneSearchQuery,
        lists=frozenset({"number"}),
        responses={200: PhoneSearchResult},
    )
    def get(self, request: Request) -> Response:
        query = validate_query(request, PhoneSearchQuery, lists=["number"])
        provider = get_provider()
        limit = conf.PHONE_SEARCH_LIMIT
        numbers: list[str] = []
        for raw in query.number:
            number = phones.normalize(raw)
            if number is not None and number not in numbers:
                numbers.append(number)
        found = provider.find_by_phones(request.user, numbers, limit=limit) if numbers else []
        results = [record_out(request, record) for record in found[:limit]]
        create_url = provider.create_url(request.user, numbers[0]) if numbers else ""
        result = PhoneSearchResult(numbers=numbers, results=results, create_url=create_url)
        return Response(result.model_dump(mode="json"))


class RecordView(FeatureAPIView):
    """``GET /api/records/<id>/?objectType=...``: one record the agent may see."""

    @document(
        summary="One record the agent may see",
        query=RecordQuery,
        path_parameters={"record_id": "The record's id."},
        responses={200: RecordOut, 404: ErrorDetail},
    )
    def get(self, request: Request, record_id: str) -> Response:
        query = validate_query(request, RecordQuery)
        record = get_provider().get_record(request.user, record_id, query.object_type)
        if record is None:
            return Response({"detail": _("No such record.")}, status=status.HTTP_404_NOT_FOUND)
        return Response(record_out(request, record).model_dump(mode="json"))
