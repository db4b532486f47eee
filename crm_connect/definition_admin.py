"""The call center admin's definition pages: the generated form, import and export,
and the history of changes (:mod:`crm_connect.revisions`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from crm_connect.connector.definition import missing_required
from crm_connect.connector.definition_io import (
    MAX_BYTES,
    DefinitionFileError,
    parse,
    to_json,
    to_xml,
)
from crm_connect.definition_forms import definition_form_class, section_fieldsets
from crm_connect.models import CallCenter
from crm_connect.revisions import record, save_call_center, snapshot

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

    Base = ModelAdmin[CallCenter]
else:
    Base = object

#: Revisions the history page shows.
HISTORY_LIMIT = 50


class DefinitionImportForm(forms.Form):
    file = forms.FileField(
        label=_("Definition file"),
        help_text=_(
            'The vendor\'s JSON ({"parameters": {...}}, e.g. zcli.apps.config.json) or a '
            "Salesforce call center definition XML. It replaces this call center's stored "
            "settings, exactly as written."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s KiB.") % {"size": MAX_BYTES // 1024},
                code="too_large",
            )
        try:
            return parse(upload.read())
        except DefinitionFileError as exc:
            raise ValidationError(str(exc), code="not_a_definition") from None


class DefinitionAdminMixin(Base):
    """Mixed into :class:`crm_connect.admin.CallCenterAdmin`."""

    change_form_template = "crm_connect/admin_callcenter_change_form.html"
    object_history_template = "crm_connect/admin_callcenter_history.html"
    import_template = "crm_connect/admin_definition_import.html"

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        kwargs["form"] = definition_form_class()
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        base = list(super().get_fieldsets(request, obj))
        json = (
            _("callCenterSettings as JSON"),
            {
                "classes": ["collapse"],
                "fields": ["settings", "unknown_fields", "definition_inputs"],
            },
        )
        return [base[0], *section_fieldsets(), json, *base[2:]]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(CallCenter.objects.filter(pk=obj.pk).first()) if change else {}
        super().save_model(request, obj, form, change)
        record(obj, before, user=request.user, source="admin")
        missing = missing_required(obj.effective_settings(obj.parent()))
        if missing:
            messages.warning(
                request,
                _("%(fields)s is empty: the connector requires it (system check crm_connect.E012).")
                % {"fields": ", ".join(missing)},
            )

    def definition_urls(self) -> list[URLPattern]:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/definition/import/",
                view(self.import_definition_view),
                name=f"{info}_import_definition",
            ),
            path(
                "<path:object_id>/definition/export/<str:format>/",
                view(self.export_definition_view),
                name=f"{info}_export_definition",
            ),
        ]

    def _call_center(self, request: HttpRequest, object_id: str) -> CallCenter:
        call_center = self.get_object(request, unquote(object_id))
        if call_center is None:
            raise Http404
        return call_center

    def export_definition_view(
        self, request: HttpRequest, object_id: str, format: str
    ) -> HttpResponse:
        call_center = self._call_center(request, object_id)
        if not self.has_view_or_change_permission(request, call_center):
            raise PermissionDenied
        if format not in ("json", "xml"):
            raise Http404
        try:
            body = (to_xml if format == "xml" else to_json)(call_center.settings)
        except DefinitionFileError as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
        response = HttpResponse(body, content_type=f"application/{format}; charset=utf-8")
        filename = f"{slugify(call_center.name) or 'call-center'}.{format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def import_definition_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        call_center = self._call_center(request, object_id)
        if not self.has_change_permission(request, call_center):
            raise PermissionDenied
        form = DefinitionImportForm(request.POST or None, request.FILES or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                before = snapshot(call_center)
                call_center.settings = form.cleaned_data["file"]
                try:
                    save_call_center(call_center, before, user=request.user, source="admin import")
                except ValidationError as exc:
                    for field_messages in exc.message_dict.values():
                        for message in field_messages:
                            form.add_error("file", message)
                else:
                    self.log_change(request, call_center, [{"changed": {"fields": ["settings"]}}])
                    messages.success(request, _("The definition was imported."))
                    return HttpResponseRedirect(
                        reverse(
                            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                            args=[call_center.pk],
                        )
                    )
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a definition into %(name)s") % {"name": call_center.name},
            "opts": self.opts,
            "original": call_center,
            "form": form,
        }
        return TemplateResponse(request, self.import_template, context, status=status)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        call_center = self._call_center(request, object_id)
        revisions = call_center.revisions.select_related("user")[:HISTORY_LIMIT]
        extra_context = {**(extra_context or {}), "revisions": revisions}
        return super().history_view(request, object_id, extra_context)
