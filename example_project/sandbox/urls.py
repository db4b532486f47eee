from __future__ import annotations

from django.urls import path

from example_project.sandbox import views

app_name = "sandbox"

urlpatterns = [
    path("", views.index, name="index"),
    path("connector/", views.connector, name="connector"),
    path("skylight/", views.skylight, name="skylight"),
    path("ucp/", views.ucp_host, name="ucp"),
]
