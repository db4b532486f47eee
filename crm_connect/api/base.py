"""The base of every endpoint: session auth (so CSRF on writes), signed-in users, JSON
bodies, known query parameters.

Set explicitly, not left to ``REST_FRAMEWORK["DEFAULT_..."]``: a project that uses
token or basic authentication elsewhere must not turn these endpoints into CSRF-free
ones, and a project whose defaults are empty must not lock its agents out.

Bad input gets the endpoints' one error shape (``validation.py``), never DRF's or
Django's defaults:

* a body that does not parse: 400 ``{"non_field_errors": [...]}``; the CSRF check
  reads the body, so this happens before the view's own code runs;
* a body that is not JSON (a form, multipart): 415 ``{"detail": ...}``;
* a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``: 413 ``{"detail": ...}`` (Django's
  default is an HTML 400 page);
* a query parameter the endpoint does not take: 400 ``{"<name>": [...]}``. An
  endpoint's parameters are the query model it documents (``openapi.document``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated, ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from crm_connect.api.validation import RESERVED_QUERY_PARAMETERS

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

#: The attribute ``openapi.document`` sets on a handler: its query model, or None.
QUERY_MODEL_ATTR = "crm_connect_query_model"


class FeatureAPIView(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication and permissions first
        handler = getattr(self, str(request.method).lower(), None)
        if getattr(handler, QUERY_MODEL_ATTR, None) is not None:
            return  # the view validates its query (the models forbid other parameters)
        unknown = [key for key in request.query_params if key not in RESERVED_QUERY_PARAMETERS]
        if unknown:
            raise ValidationError({key: [_("Unknown query parameter.")] for key in unknown})

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, RequestDataTooBig):
            return Response(
                {"detail": _("The request body is too large.")},
                status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
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
