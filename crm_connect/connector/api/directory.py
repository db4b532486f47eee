"""``GET /api/directory/``: the ``crmDirectory`` data for the signed-in agent."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from crm_connect.api.base import FeatureAPIView
from crm_connect.api.openapi import document
from crm_connect.conf import conf
from crm_connect.connector.schemas.records import CrmDirectory, DirectoryEntry
from crm_connect.providers import get_provider


class DirectoryView(FeatureAPIView):
    """At most ``DIRECTORY_LIMIT`` entries, each with a phone or an e-mail."""

    @document(
        summary="The crmDirectory data for the signed-in agent", responses={200: CrmDirectory}
    )
    def get(self, request: Request) -> Response:
        records = get_provider().directory(request.user, limit=conf.DIRECTORY_LIMIT)
        entries = [
            DirectoryEntry(id=r.id, name=r.name, phone=r.phone, email=r.email)
            for r in records[: conf.DIRECTORY_LIMIT]
            if r.phone or r.email
        ]
        return Response(CrmDirectory.of(entries).model_dump(mode="json"))
