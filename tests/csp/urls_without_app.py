"""A URLconf that forgot ``include("crm_connect.urls")`` (check crm_connect.E010)."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("example_project.crm.urls")),
]
