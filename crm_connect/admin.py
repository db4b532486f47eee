from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from crm_connect.definition_admin import DefinitionAdminMixin
from crm_connect.forms import CallCenterForm, CrmDataPreviewForm
from crm_connect.models import AbandonedInteractionLog, CallCenter, InteractionLog
from crm_connect.previews import preview_crm_data

if TYPE_CHECKING:  # ModelAdmin is generic in django-stubs only, not at runtime
    CallCenterModelAdmin = admin.ModelAdmin[CallCenter]
    InteractionLogModelAdmin = admin.ModelAdmin[InteractionLog]
    AbandonedLogModelAdmin = admin.ModelAdmin[AbandonedInteractionLog]
else:
    CallCenterModelAdmin = InteractionLogModelAdmin = AbandonedLogModelAdmin = admin.ModelAdmin


@admin.register(CallCenter)
class CallCenterAdmin(DefinitionAdminMixin, CallCenterModelAdmin):
    form = CallCenterForm
    change_list_template = "crm_connect/admin_callcenter_change_list.html"
    preview_template = "crm_connect/admin_preview_crm_data.html"

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    list_display = [
        "name",
        "connector_url",
        "connector_mode",
        "is_default",
        "inherits_default",
        "skylight_url",
        "updated",
    ]
    list_filter = ["is_default"]
    search_fields = ["name", "connector_url"]
    filter_horizontal = ["groups"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "connector_url",
                    "connector_mode",
                    "is_default",
                    "inherits_default",
                    "groups",
                ]
            },
        ),
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

    # --- Preview crmData: what a chosen user's connector would receive --------------

    def get_urls(self) -> list[URLPattern]:
        preview = path(
            "preview-crm-data/",
            self.admin_site.admin_view(self.preview_crm_data_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_preview_crm_data",
        )
        return [preview, *self.definition_urls(), *super().get_urls()]

    def has_preview_permission(self, request: HttpRequest) -> bool:
        """Viewing call centers and users: a preview shows a user's name and username."""
        user_opts = get_user_model()._meta
        return self.has_view_permission(request) and request.user.has_perm(
            f"{user_opts.app_label}.view_{user_opts.model_name}"
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "can_preview": self.has_preview_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "can_preview": self.has_preview_permission(request),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def preview_crm_data_view(self, request: HttpRequest) -> HttpResponse:
        """A GET form: pick a user (and a language), see the crmData they would get."""
        if not self.has_preview_permission(request):
            raise PermissionDenied
        form = CrmDataPreviewForm(request.GET or None)
        preview = None
        if form.is_valid():
            preview = preview_crm_data(form.cleaned_data["user"], form.cleaned_data["language"])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview crmData"),
            "opts": self.opts,
            "form": form,
            "preview": preview,
            "crm_data_json": (
                json.dumps(preview.crm_data, indent=2, ensure_ascii=False)
                if preview is not None and preview.crm_data is not None
                else ""
            ),
        }
        return TemplateResponse(request, self.preview_template, context)


@admin.register(InteractionLog)
class InteractionLogAdmin(InteractionLogModelAdmin):
    list_display = ["interaction_id", "subject", "user", "record_type", "record_id", "created"]
    list_filter = ["record_type", "created"]
    search_fields = ["interaction_id", "subject", "comments", "originating_address"]
    raw_id_fields = ["user"]
    readonly_fields = ["created", "updated", "payload"]
    date_hierarchy = "created"


@admin.register(AbandonedInteractionLog)
class AbandonedInteractionLogAdmin(AbandonedLogModelAdmin):
    """Logs the browser gave up on: read, export, delete once repaired; never edited."""

    list_display = ["interaction_id", "user", "attempts", "short_reason", "created"]
    list_filter = ["created"]
    search_fields = ["interaction_id", "reason"]
    readonly_fields = ["user", "interaction_id", "reason", "attempts", "data", "created"]
    date_hierarchy = "created"
    actions = ["export_json_lines"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("reason"))
    def short_reason(self, log: AbandonedInteractionLog) -> str:
        return log.reason if len(log.reason) <= 80 else log.reason[:79] + "\u2026"

    @admin.action(description=_("Export selected abandoned logs (JSON Lines)"))
    def export_json_lines(
        self, request: HttpRequest, queryset: QuerySet[AbandonedInteractionLog]
    ) -> HttpResponse:
        """One JSON object a line; ``data`` is the stored JSON text, exactly."""
        response = HttpResponse(content_type="application/jsonl; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="abandoned-interaction-logs.jsonl"'
        for log in queryset.order_by("pk").iterator(chunk_size=500):
            line = {
                "id": log.pk,
                "user": log.user_id,
                "interactionId": log.interaction_id,
                "reason": log.reason,
                "attempts": log.attempts,
                "created": log.created.isoformat(),
                "data": log.data,
            }
            response.write(json.dumps(line, ensure_ascii=True) + "\n")
        return response
