"""The base of every feature endpoint: session auth (so CSRF on writes), signed-in users.

Set explicitly, not left to ``REST_FRAMEWORK["DEFAULT_..."]``: a project that uses
token authentication elsewhere must not turn these endpoints into CSRF-free ones.

A body that does not parse is a 400 in the endpoints' one error shape (``validation.py``),
not DRF's ``{"detail": ...}``; the CSRF check reads the body, so this happens before the
view's own code runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated, ParseError, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


class FeatureAPIView(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, ParseError):
            exc = ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [str(exc.detail)]})
        return super().handle_exception(exc)

    @staticmethod
    def signed_in_user(request: Request) -> AbstractBaseUser:
        """``request.user``, known to be signed in. ``IsAuthenticated`` has refused
        anonymous callers already; a subclass that loosens its permissions gets a 401/403
        here rather than an anonymous user in code that expects a real one."""
        user = request.user
        if not user.is_authenticated:
            raise NotAuthenticated
        return user
