from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from crm_connect.api.base import FeatureAPIView
from crm_connect.api.openapi import ErrorDetail, document
from crm_connect.api.validation import validate_query
from crm_connect.connector.crm_data import crm_data_for
from crm_connect.connector.schemas.connector import CrmData, CrmDataQuery


class CrmDataView(FeatureAPIView):
    """``GET``: the ``crmData`` payload for the signed-in user (and only that user)."""

    @document(
        summary="The signed-in user's crmData (the connector handshake's data)",
        query=CrmDataQuery,
        responses={200: CrmData, 404: ErrorDetail},
    )
    def get(self, request: Request) -> Response:
        query = validate_query(request, CrmDataQuery)
        crm_data = crm_data_for(
            request.user, language=translation.get_language(), persistent=query.persistent
        )
        if crm_data is None:
            return Response(
                {"detail": _("No call center is configured for this user.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(crm_data.model_dump(mode="json"))
