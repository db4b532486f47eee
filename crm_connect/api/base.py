"""The base of every feature endpoint: session auth (so CSRF on writes), signed-in users.

Set explicitly, not left to ``REST_FRAMEWORK["DEFAULT_..."]``: a project that uses
token authentication elsewhere must not turn these endpoints into CSRF-free ones.
"""

from __future__ import annotations

from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView


class FeatureAPIView(APIView):
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]
