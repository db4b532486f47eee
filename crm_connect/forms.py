from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from crm_connect.connector.definition import with_defaults
from crm_connect.models import CallCenter

if TYPE_CHECKING:  # ModelForm is generic in django-stubs only, not at runtime
    CallCenterModelForm = forms.ModelForm[CallCenter]
else:
    CallCenterModelForm = forms.ModelForm


class PrettyJSONField(forms.JSONField):
    """A JSON field whose initial value is indented, so sections read one per line."""

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, forms.fields.InvalidJSONInput):
            return str(value)
        return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False)


def https_url_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Form fields for model fields, with URLs that assume ``https://`` when typed bare."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class CallCenterForm(CallCenterModelForm):
    settings = PrettyJSONField(
        label=_("call center settings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 80, "spellcheck": "false"}),
        help_text=_(
            "The callCenterSettings object: sections of string values, laid over the "
            "vendor's defaults (a new call center starts with them). "
            "ServerConfig.serverHostName is required."
        ),
    )

    class Meta:
        model = CallCenter
        formfield_callback = https_url_formfield
        fields = [
            "name",
            "connector_url",
            "connector_mode",
            "is_default",
            "inherits_default",
            "groups",
            "settings",
            "app_name",
            "directory_available",
            "reloads_on_navigation",
            "lightning_components_available",
            "skylight_url",
            "skylight_window_name",
            "skylight_window_features",
            "skylight_crm_module",
            "skylight_default_work_mode",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and "settings" not in self.initial:
            # A new call center starts from the vendor's definition (every section, its
            # defaults); what is saved is laid over the same defaults anyway.
            self.initial["settings"] = with_defaults({})

    def clean_settings(self) -> Any:
        value = self.cleaned_data.get("settings")
        return {} if value is None else value

    # The Skylight fields are validated by CallCenter.clean(), which ModelForm runs: the
    # form and the ORM (full_clean) refuse the same values.


class CrmDataPreviewForm(forms.Form):
    """The admin's *Preview crmData* form: a username and an optional language."""

    user = forms.CharField(label=_("Username"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("LanguageLocaleKey follows it; empty means your current language."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = cast("forms.ChoiceField", self.fields["language"])
        language.choices = [("", "---------"), *settings.LANGUAGES]

    def clean_user(self) -> Any:
        model = get_user_model()
        try:
            return model._default_manager.get_by_natural_key(self.cleaned_data["user"])
        except model.DoesNotExist:
            raise forms.ValidationError(
                _("No user has this username."), code="unknown_user"
            ) from None
