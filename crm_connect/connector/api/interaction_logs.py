"""``/api/interaction-logs/``: save (upsert) and list the caller's interaction logs;
``/api/interaction-logs/abandoned/``: keep a log the browser gave up on."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from django.db import IntegrityError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from crm_connect.api.base import FeatureAPIView
from crm_connect.api.openapi import ErrorDetail, FieldErrors, document
from crm_connect.api.validation import validate, validate_query
from crm_connect.conf import conf
from crm_connect.connector.interaction_logs import log_out, save_interaction_log, visible_logs
from crm_connect.connector.schemas.interaction_logs import (
    AbandonedLogBody,
    AbandonedLogOut,
    InteractionLogOut,
    InteractionLogPage,
    InteractionLogQuery,
    SaveInteractionLogBody,
)
from crm_connect.models import AbandonedInteractionLog

#: Longest ``data`` (as stored JSON text) of one abandoned log: a long chat transcript
#: fits many times over.
ABANDONED_DATA_MAX_CHARS = 2_000_000


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, with nesting too deep for Python's parser a 400, not a 500."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("JSON parse error - nested too deeply")) from exc


class InteractionLogsView(FeatureAPIView):
    """``POST``: save a ``requestSaveInteractionLog`` (201 created, 200 updated).
    ``GET``: the caller's logs, newest first, ``limit`` (at most 100) at a time."""

    parser_classes = [BoundedJSONParser]

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
        except IntegrityError:
            # Concurrent saves of this log kept colliding: nothing was lost, try again.
            return Response(
                {"data.message.body.interactionId": [_("Saved concurrently; try again.")]},
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


class AbandonedLogsView(FeatureAPIView):
    """``POST``: keep a log the browser gave up on, for staff (201). At most
    ``ABANDONED_LOG_LIMIT`` per agent: beyond, 429 and the browser keeps it."""

    parser_classes = [BoundedJSONParser]

    @document(
        summary="Keep an interaction log the browser gave up on",
        request=AbandonedLogBody,
        responses={201: AbandonedLogOut, 415: ErrorDetail, 429: FieldErrors},
        csrf=True,
    )
    def post(self, request: Request) -> Response:
        body = validate(AbandonedLogBody, request.data)
        try:
            text = json.dumps(body.data, ensure_ascii=True)
        except (ValueError, RecursionError) as exc:  # pragma: no cover - parser bounds it
            raise ValidationError({"data": [str(exc)]}) from exc
        if len(text) > ABANDONED_DATA_MAX_CHARS:
            raise ValidationError(
                {"data": [_("Longer than %d characters.") % ABANDONED_DATA_MAX_CHARS]}
            )
        user = self.signed_in_user(request)
        if AbandonedInteractionLog.objects.filter(user=user.pk).count() >= conf.ABANDONED_LOG_LIMIT:
            return Response(
                {"non_field_errors": [_("Too many abandoned logs; ask an administrator.")]},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        log = AbandonedInteractionLog.objects.create(
            user_id=user.pk,
            interaction_id=body.interaction_id[:200],
            reason=body.reason[:2000],
            attempts=body.attempts,
            data=text,
        )
        out = AbandonedLogOut(
            id=str(log.pk), interaction_id=log.interaction_id, created=log.created
        )
        return Response(out.model_dump(mode="json"), status=status.HTTP_201_CREATED)
