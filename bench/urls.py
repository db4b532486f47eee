"""The example project's URLs plus the benchmarks' baselines under ``/bench/``."""

from __future__ import annotations

from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/health/", views.health),
    path("bench/connector-only/", views.connector_only, name="bench-connector-only"),
    path("bench/floor/", views.floor, name="bench-floor"),
    path("bench/without-tag/", views.ContactListWithoutTag.as_view(), name="bench-without-tag"),
    path("bench/endpoint-variant/", views.endpoint_variant, name="bench-endpoint-variant"),
    path(
        "bench/api/constant-crm-data/", views.ConstantCrmDataView.as_view(), name="bench-constant"
    ),
    path("", include("example_project.urls")),
]
