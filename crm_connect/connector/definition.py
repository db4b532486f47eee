"""The call center definition (``callCenterSettings``): its schema, its defaults and what
is required.

The schema is data: one :class:`FieldSpec` per field (section, name, label, help text,
kind, default, required), the vendor's rows in
:mod:`crm_connect.connector.definition_fields` (from the AXP sample CRM client's
``dist/zcli.apps.config.json``), followed by the CRM's own,
``CRM_CONNECT["DEFINITION_EXTRA_FIELDS"]`` (an entry naming a vendor field replaces it).
:data:`SCHEMA_VERSION` changes whenever the vendor rows do.

Every value is a string, as in a Salesforce call center definition: flags are
``"Y"``/``"N"`` and numbers are written as strings (``"011"`` stays ``"011"``).

The defaults are the sample's, but for the two that only a deployment can know, which are
empty here: ``ServerConfig.serverHostName`` (the sample names the vendor's development
host) and ``ReqGeneralInfo.reqAdapterUrl`` (the sample's ``https://localhost:4200``).
``serverHostName`` is required: system checks ``crm_connect.E011`` (the settings' call
center) and ``crm_connect.E012`` (stored call centers) report it missing.

What a call center stores is laid over these defaults: a stored ``{}`` sends every
section with its default values; a stored value wins over its default; sections and
fields the schema does not know are sent as stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.functional import Promise
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticValidationError

from crm_connect.connector.definition_fields import REQUIRED_FIELDS, VENDOR_FIELDS
from crm_connect.settings_cache import until_settings_change

#: The version of the vendor rows: 1, the AXP sample's ``zcli.apps.config.json``.
SCHEMA_VERSION = 1

Definition = Mapping[str, Mapping[str, str]]
Kind = Literal["flag", "choice", "integer", "url", "text"]
IDENTIFIER = r"^[A-Za-z_][A-Za-z0-9_]*$"
_INTEGER = re.compile(r"^-?[0-9]+$")
_url = URLValidator(schemes=["http", "https"])


class FieldSpec(BaseModel):
    """One field of the definition: what the admin shows and what it accepts."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    section: str = Field(pattern=IDENTIFIER)
    name: str = Field(pattern=IDENTIFIER)
    label: str | Promise = ""
    help_text: str | Promise = ""
    kind: Kind = "text"
    default: str = ""
    required: bool = False
    #: ``(value, label)`` pairs of a choice; a bare value is its own label.
    choices: tuple[tuple[str, str], ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _pairs(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and isinstance(data.get("choices"), (list, tuple)):
            data = dict(data)
            data["choices"] = tuple(
                (item, item) if isinstance(item, str) else tuple(item) for item in data["choices"]
            )
        return data

    @model_validator(mode="after")
    def _consistent(self) -> FieldSpec:
        if self.kind == "choice" and not self.choices:
            raise ValueError("a choice needs choices")
        problem = self.problem(self.default) if self.default else None
        if problem:
            raise ValueError(f"default {self.default!r}: {problem}")
        return self

    @property
    def key(self) -> str:
        return f"{self.section}.{self.name}"

    def problem(self, value: Any) -> str | None:
        """Why ``value`` does not fit this field, or None (an empty value fits unless the
        field is required)."""
        if not isinstance(value, str):
            return "Enter a string."
        if value == "":
            return None  # a required one: missing_required(), E011/E012
        if self.kind == "flag" and value not in ("Y", "N"):
            return 'Enter "Y" or "N".'
        if self.kind == "integer" and not _INTEGER.match(value):
            return "Enter a whole number."
        if self.kind == "choice" and value not in {choice for choice, _ in self.choices}:
            return f"{value!r} is not one of the choices."
        if self.kind == "url":
            try:
                _url(value)
            except ValidationError:
                return "Enter a valid http(s) URL."
        return None


def _vendor_schema() -> tuple[FieldSpec, ...]:
    return tuple(
        FieldSpec.model_validate(
            {
                "section": section,
                "name": name,
                "default": default,
                "kind": kind,
                "label": label,
                "help_text": help_text,
                "required": (section, name) in REQUIRED_FIELDS,
            }
        )
        for section, rows in VENDOR_FIELDS.items()
        for name, default, kind, label, help_text in rows
    )


#: The vendor's fields, in the sample's order.
VENDOR_SCHEMA: tuple[FieldSpec, ...] = _vendor_schema()


def _frozen(sections: dict[str, dict[str, str]]) -> Definition:
    return MappingProxyType(
        {name: MappingProxyType(dict(fields)) for name, fields in sections.items()}
    )


def _defaults_of(specs: Iterable[FieldSpec]) -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {}
    for spec in specs:
        sections.setdefault(spec.section, {})[spec.name] = spec.default
    return sections


#: The vendor's sections with their default values (``dist/zcli.apps.config.json``).
DEFAULTS: Definition = _frozen(_defaults_of(VENDOR_SCHEMA))

#: Fields a connector cannot do without: (section, field), each a non-empty string.
REQUIRED: tuple[tuple[str, str], ...] = tuple(
    (spec.section, spec.name) for spec in VENDOR_SCHEMA if spec.required
)


def extra_field_problems(entries: Any) -> list[str]:
    """What is wrong with ``DEFINITION_EXTRA_FIELDS`` entries (``crm_connect.E105``)."""
    problems = []
    for index, entry in enumerate(entries if isinstance(entries, list) else [entries]):
        try:
            FieldSpec.model_validate(entry)
        except PydanticValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            problems.append(f"entry {index}: {where + ': ' if where else ''}{first['msg']}")
    return problems


@until_settings_change(maxsize=1)
def schema() -> tuple[FieldSpec, ...]:
    """The vendor's fields and the CRM's valid extra ones (an invalid one is left out and
    reported by ``crm_connect.E105``)."""
    from crm_connect.conf import conf

    specs = {(spec.section, spec.name): spec for spec in VENDOR_SCHEMA}
    for entry in conf.DEFINITION_EXTRA_FIELDS:
        try:
            spec = FieldSpec.model_validate(entry)
        except PydanticValidationError:
            continue
        specs[spec.section, spec.name] = spec
    return tuple(specs.values())


def sections() -> dict[str, list[FieldSpec]]:
    """:func:`schema` grouped by section, in order."""
    grouped: dict[str, list[FieldSpec]] = {}
    for spec in schema():
        grouped.setdefault(spec.section, []).append(spec)
    return grouped


def is_definition(value: Any) -> bool:
    """Whether ``value`` is a dict of dicts (what can be laid over defaults)."""
    return isinstance(value, Mapping) and all(
        isinstance(fields, Mapping) for fields in value.values()
    )


def overlay(base: Any, top: Any) -> Any:
    """``top`` laid over ``base``, field by field; ``top`` itself when either is not a
    definition."""
    if not is_definition(base) or not is_definition(top):
        return top
    merged = {name: dict(fields) for name, fields in base.items()}
    for name, fields in top.items():
        merged.setdefault(name, {}).update(fields)
    return merged


def with_defaults(stored: Any) -> Any:
    """``stored`` laid over the schema's defaults: a new dict, sections in the schema's
    order. Anything but a dict of dicts comes back as it is, for validation to refuse it."""
    if stored is None:
        stored = {}
    return overlay(_defaults_of(schema()), stored)


def missing_required(settings: Any) -> list[str]:
    """``Section.field`` of each required field that is empty or absent in ``settings``
    (the settings as sent, defaults included)."""
    missing = []
    for spec in schema():
        if not spec.required:
            continue
        fields = settings.get(spec.section) if isinstance(settings, Mapping) else None
        value = fields.get(spec.name) if isinstance(fields, Mapping) else None
        if not isinstance(value, str) or not value.strip():
            missing.append(spec.key)
    return missing


def field_problems(stored: Any) -> dict[str, str]:
    """``{"Section.field": why}`` for each schema field whose stored value does not fit
    its kind. An empty required field is no problem here: it is reported, not refused
    (the admin's warning on save, checks E011/E012), as a stored ``{}`` must stay valid."""
    problems: dict[str, str] = {}
    if not is_definition(stored):
        return problems
    for spec in schema():
        if spec.name in stored.get(spec.section, {}):
            problem = spec.problem(stored[spec.section][spec.name])
            if problem:
                problems[spec.key] = problem
    return problems


def unknown_fields(stored: Any) -> list[tuple[str, str, Any]]:
    """``(section, field, value)`` of what ``stored`` holds that the schema does not know."""
    if not is_definition(stored):
        return []
    known = {(spec.section, spec.name) for spec in schema()}
    return [
        (section, name, value)
        for section, fields in stored.items()
        for name, value in fields.items()
        if (section, name) not in known
    ]
