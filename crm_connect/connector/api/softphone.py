"""``GET /api/softphone-session/``: the softphone window's check that its user is still
the one signed in (docs/softphone-window.md)."""

from __future__ import annotations

from django.utils.crypto import salted_hmac
from rest_framework.request import Request
from rest_framework.response import Response

from crm_connect.api.base import FeatureAPIView
from crm_connect.api.openapi import document
from crm_connect.connector.schemas.connector import SoftphoneSession

#: Keeps the fingerprint apart from every other HMAC of the session key.
SALT = "crm_connect.softphone.session"


class SoftphoneSessionView(FeatureAPIView):
    """The signed-in user and a fingerprint of the session (never the key itself); 403
    when signed out, which closes the window."""

    @document(summary="Who the softphone window serves", responses={200: SoftphoneSession})
    def get(self, request: Request) -> Response:
        user = self.signed_in_user(request)
        key = request.session.session_key or ""
        session = salted_hmac(SALT, key, algorithm="sha256").hexdigest()[:16] if key else ""
        return Response(SoftphoneSession(user_id=str(user.pk), session=session).model_dump())
