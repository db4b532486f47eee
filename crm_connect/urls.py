"""Include with ``path("crm-connect/", include("crm_connect.urls"))``."""

from __future__ import annotations

from django.urls import path

from crm_connect.connector.api.crm_data import CrmDataView
from crm_connect.connector.api.directory import DirectoryView
from crm_connect.connector.api.interaction_logs import AbandonedLogsView, InteractionLogsView
from crm_connect.connector.api.records import PhoneSearchView, RecordView
from crm_connect.connector.api.softphone import SoftphoneSessionView
from crm_connect.connector.views import softphone_window

app_name = "crm_connect"

urlpatterns = [
    path("api/crm-data/", CrmDataView.as_view(), name="crm-data"),
    path("api/directory/", DirectoryView.as_view(), name="directory"),
    path("api/phone-search/", PhoneSearchView.as_view(), name="phone-search"),
    path("api/records/<str:record_id>/", RecordView.as_view(), name="record"),
    path("api/interaction-logs/", InteractionLogsView.as_view(), name="interaction-logs"),
    path(
        "api/interaction-logs/abandoned/",
        AbandonedLogsView.as_view(),
        name="abandoned-interaction-logs",
    ),
    path("api/softphone-session/", SoftphoneSessionView.as_view(), name="softphone-session"),
    path("softphone/", softphone_window, name="softphone"),
]
