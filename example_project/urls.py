from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("crm-connect/", include("crm_connect.urls")),
    path("sandbox/", include("example_project.sandbox.urls")),
    path("", include("example_project.crm.urls")),
]
