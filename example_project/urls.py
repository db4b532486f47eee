from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("crm-connect/", include("crm_connect.urls")),
    path("sandbox/", include("example_project.sandbox.urls")),
    path("", include("example_project.crm.urls")),
]

if apps.is_installed("drf_spectacular"):
    from drf_spectacular.views import SpectacularAPIView

    # The OpenAPI schema of the app's REST API (docs/api.md).
    urlpatterns.insert(0, path("api/schema/", SpectacularAPIView.as_view(), name="schema"))
