from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from crm_connect.forms import CallCenterForm
from crm_connect.models import CallCenter, InteractionLog

if TYPE_CHECKING:  # ModelAdmin is generic in django-stubs only, not at runtime
    CallCenterModelAdmin = admin.ModelAdmin[CallCenter]
    InteractionLogModelAdmin = admin.ModelAdmin[InteractionLog]
else:
    CallCenterModelAdmin = InteractionLogModelAdmin = admin.ModelAdmin


@admin.register(CallCenter)
class CallCenterAdmin(CallCenterModelAdmin):
    form = CallCenterForm

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    list_display = ["name", "connector_url", "is_default", "skylight_url", "updated"]
    list_filter = ["is_default"]
    search_fields = ["name", "connector_url"]
    filter_horizontal = ["groups"]
    fieldsets = [
        (None, {"fields": ["name", "connector_url", "is_default", "groups"]}),
        (_("callCenterSettings"), {"fields": ["settings"]}),
        (
            _("capabilities"),
            {
                "fields": [
                    "app_name",
                    "directory_available",
                    "reloads_on_navigation",
                    "lightning_components_available",
                ]
            },
        ),
        (
            _("Skylight popup"),
            {
                "classes": ["collapse"],
                "fields": [
                    "skylight_url",
                    "skylight_window_name",
                    "skylight_window_features",
                    "skylight_crm_module",
                    "skylight_default_work_mode",
                ],
            },
        ),
    ]


@admin.register(InteractionLog)
class InteractionLogAdmin(InteractionLogModelAdmin):
    list_display = ["interaction_id", "subject", "user", "record_type", "record_id", "created"]
    list_filter = ["record_type", "created"]
    search_fields = ["interaction_id", "subject", "comments", "originating_address"]
    raw_id_fields = ["user"]
    readonly_fields = ["created", "updated", "payload"]
    date_hierarchy = "created"
