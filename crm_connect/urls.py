"""Include with ``path("crm-connect/", include("crm_connect.urls"))``."""

from __future__ import annotations

from django.urls import path

from crm_connect.api.crm_data import CrmDataView

app_name = "crm_connect"

urlpatterns = [
    path("api/crm-data/", CrmDataView.as_view(), name="crm-data"),
]
