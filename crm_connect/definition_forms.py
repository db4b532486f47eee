"""The call center form with one input per definition field (generated from
:func:`crm_connect.connector.definition.schema`) beside the raw JSON.

Two views of one thing, and they never disagree:

- The inputs show what the connector gets: the stored settings laid over the defaults
  (and over the default call center's, for one that inherits). A changed input is stored;
  an untouched one is stored only if it already was (or for a new call center that does
  not inherit, which starts with every default), so that an imported definition stays
  as it was written and an inheriting call center stores only its overrides.
- The JSON box shows exactly what is stored. It wins when it is edited; editing both
  the inputs and the JSON in one save is refused rather than guessed.

Validation is the model's (:meth:`crm_connect.models.CallCenter.clean`), so the ORM
refuses what the admin refuses; its ``Section.field: ...`` errors are shown next to
their input. Fields the schema does not know are kept and listed.
"""

from __future__ import annotations

import copy
import re
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from crm_connect.connector.definition import (
    FieldSpec,
    is_definition,
    overlay,
    schema,
    unknown_fields,
    with_defaults,
)
from crm_connect.forms import CallCenterForm
from crm_connect.settings_cache import until_settings_change

MESSAGES = {
    "invalid": _("Enter a valid value."),
    "invalid_choice": _("Select one of the choices."),
    "max_length": _("This value is too long."),
}
_KEYED = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*): ")


def formfield(spec: FieldSpec) -> forms.Field:
    """The input of one definition field: a checkbox, a select, a number, a URL or text."""
    help_text = spec.help_text
    options: dict[str, Any] = {
        "label": spec.label or spec.name,
        "help_text": format_lazy("{}. {}", spec.key, help_text) if help_text else spec.key,
        # An error names its field, as the model's errors do.
        "error_messages": {
            code: format_lazy("{}: {}", spec.key, message) for code, message in MESSAGES.items()
        },
        # Not refused when empty, as the model does not refuse it: the admin warns on
        # save and checks E011/E012 report it.
        "required": False,
    }
    if spec.kind == "flag":
        return forms.BooleanField(**options)
    if spec.kind == "integer":
        options["error_messages"]["invalid"] = format_lazy(
            "{}: {}", spec.key, _("Enter a whole number.")
        )
        return forms.IntegerField(**options)
    if spec.kind == "choice":
        return forms.ChoiceField(choices=[("", "---------"), *spec.choices], **options)
    if spec.kind == "url":
        return forms.URLField(assume_scheme="https", max_length=500, **options)
    return forms.CharField(strip=False, max_length=2000, **options)


def as_stored(spec: FieldSpec, value: Any) -> str:
    """A cleaned input as the definition writes it: ``"Y"``/``"N"``, digits, text."""
    if spec.kind == "flag":
        return "Y" if value else "N"
    return "" if value is None else str(value)


def as_initial(spec: FieldSpec, value: Any) -> Any:
    """A stored value as its input's initial value: a bool for a flag, an int for a valid
    integer (so an untouched input is unchanged, and "0640" stays as stored)."""
    if spec.kind == "flag":
        return value == "Y"
    if spec.kind == "integer" and isinstance(value, str) and spec.problem(value) is None:
        return int(value) if value else None
    return value


class DefinitionForm(CallCenterForm):
    """:class:`~crm_connect.forms.CallCenterForm` plus the definition's inputs, named
    ``Section.field`` (subclassed per schema by :func:`definition_form_class`)."""

    specs: tuple[FieldSpec, ...] = ()

    unknown_fields = forms.CharField(
        label=_("fields the definition does not know"),
        required=False,
        disabled=True,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Kept as stored and sent to the connector; edit them in the JSON."),
    )

    #: Rendered with the inputs: a post without it (a script posting the model's fields
    #: alone) is read as JSON only.
    definition_inputs = forms.CharField(widget=forms.HiddenInput, required=False, initial="1")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stored = self.stored()
        parent = None if self.instance._state.adding else self.instance.parent()
        shown = (
            with_defaults(overlay(parent.settings, stored))
            if parent is not None
            else with_defaults(stored)
        )
        for spec in self.specs:
            value = shown.get(spec.section, {}).get(spec.name, spec.default)
            self.initial.setdefault(spec.key, as_initial(spec, value))
        self.initial["unknown_fields"] = "\n".join(
            f"{section}.{name} = {value!r}" for section, name, value in unknown_fields(stored)
        )
        self.json_edited = False

    def stored(self) -> dict[str, Any]:
        stored = {} if self.instance._state.adding else self.instance.settings
        return copy.deepcopy(stored) if is_definition(stored) else {}

    def clean(self) -> dict[str, Any]:
        cleaned = cast("dict[str, Any]", super().clean())
        if self.is_bound and not self.data.get("definition_inputs"):
            self.json_edited = True
            for spec in self.specs:  # not posted: nothing to say about them
                self.errors.pop(spec.key, None)
            return cleaned
        changed = [spec for spec in self.specs if spec.key in self.changed_data]
        self.json_edited = "settings" in self.changed_data
        if self.json_edited and changed:
            raise ValidationError(
                _(
                    "You changed both fields (%(fields)s) and the JSON: change one of them, "
                    "the other follows on the next page load."
                )
                % {"fields": ", ".join(spec.key for spec in changed)},
                code="fields_and_json",
            )
        if self.json_edited or (
            not self.instance._state.adding and not is_definition(self.instance.settings)
        ):
            return cleaned
        settings = self.stored()
        everything = self.instance._state.adding and not cleaned.get("inherits_default")
        for spec in self.specs:
            if spec.key in self.errors or spec.key not in cleaned:
                continue
            if everything or spec in changed:
                settings.setdefault(spec.section, {})[spec.name] = as_stored(
                    spec, cleaned[spec.key]
                )
        cleaned["settings"] = settings
        return cleaned

    def _update_errors(self, errors: ValidationError) -> None:
        """Model errors ``Section.field: ...`` go next to their input (fields mode)."""
        error_dict = getattr(errors, "error_dict", None)
        if error_dict and "settings" in error_dict and not self.json_edited:
            kept = []
            for error in error_dict["settings"]:
                match = _KEYED.match(str(error.message))
                if match and match.group(1) in self.fields:
                    self.add_error(match.group(1), error)
                else:
                    kept.append(error)
            errors = ValidationError(
                {**{k: v for k, v in error_dict.items() if k != "settings"}}
                | ({"settings": kept} if kept else {})
            )
            if not errors.error_dict:
                return
        super()._update_errors(errors)  # type: ignore[misc]


@until_settings_change(maxsize=1)
def definition_form_class() -> type[DefinitionForm]:
    """The form for the current schema (the vendor's fields and the CRM's extra ones)."""
    specs = schema()
    attrs: dict[str, Any] = {spec.key: formfield(spec) for spec in specs}
    attrs["specs"] = specs
    attrs["__module__"] = __name__
    return type("CallCenterDefinitionForm", (DefinitionForm,), attrs)


def section_fieldsets() -> list[tuple[str, dict[str, Any]]]:
    """One admin fieldset per section, in the schema's order."""
    grouped: dict[str, list[str]] = {}
    for spec in schema():
        grouped.setdefault(spec.section, []).append(spec.key)
    return [
        (section, {"fields": keys, "classes": ["crm-connect-definition"]})
        for section, keys in grouped.items()
    ]
