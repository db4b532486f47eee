"""``/api/interaction-logs/``: save (upsert) and list the caller's interaction logs."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from crm_connect.api.base import FeatureAPIView
from crm_connect.api.openapi import ErrorDetail, FieldErrors, document
from crm_connect.api.validation import validate, validate_query
from crm_connect.interaction_logs import (
    LogOwnedByAnotherUser,
    log_out,
    save_interaction_log,
    visible_logs,
)
from crm_connect.schemas.interaction_logs import (
    InteractionLogOut,
    InteractionLogPage,
    InteractionLogQuery,
    SaveInteractionLogBody,
)


class InteractionLogsView(FeatureAPIView):
    """``POST``: save a ``requestSaveInteractionLog`` (201 created, 200 updated).
    ``GET``: the caller's logs, newest first, ``limit`` (at most 100) at a time."""

    @document(
        summary="Save (upsert) an interaction log",
        request=SaveInteractionLogBody,
        responses={
            200: InteractionLogOut,
            201: InteractionLogOut,
            409: FieldErrors,
            415: ErrorDetail,
        },
        csrf=True,
    )
    def post(self, request: Request) -> Response:
        body = validate(SaveInteractionLogBody, request.data)
        try:
            result = save_interaction_log(self.signed_in_user(request), body.data, body.record)
        except LogOwnedByAnotherUser:
            return Response(
                {"data.message.body.interactionId": [_("Another agent saved this interaction.")]},
                status=status.HTTP_409_CONFLICT,
            )
        record = result.record
        if record is not None and record.url:
            record = replace(record, url=request.build_absolute_uri(record.url))
        return Response(
            log_out(result.log, record).model_dump(mode="json"),
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )

    @document(
        summary="The caller's interaction logs, newest first",
        query=InteractionLogQuery,
        responses={200: InteractionLogPage},
    )
    def get(self, request: Request) -> Response:
        query = validate_query(request, InteractionLogQuery)
        logs = visible_logs(request.user)
        if query.interaction_id:
            logs = logs.filter(interaction_id=query.interaction_id)
        if query.record_id:
            logs = logs.filter(record_id=query.record_id)
        if query.object_type:
            logs = logs.filter(record_type__model=query.object_type.lower())
        page = logs.order_by("-created", "-pk")[query.offset : query.offset + query.limit]
        result = InteractionLogPage(count=logs.count(), results=[log_out(log) for log in page])
        return Response(result.model_dump(mode="json"))
