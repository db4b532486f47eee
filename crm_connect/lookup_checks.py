"""System checks of the lookups' scale (ids ``crm_connect.W110``-``W119``).

Whether the default provider's phone search and directory can use an index; documented
in ``docs/checks.md`` and ``docs/providers.md``.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.checks import CheckMessage, Tags, Warning, register
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, UniqueConstraint

from crm_connect.conf import conf


@register(Tags.models)
def check_lookup_indexes(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Only for the default provider's own lookups on a model that exists: the
    configuration checks (``E100``-``E102``) report the rest."""
    from crm_connect.providers import ModelProvider, phone_key_index

    try:
        provider = conf.provider_class()
    except ImportError:
        return []
    if not (isinstance(provider, type) and issubclass(provider, ModelProvider)):
        return []
    try:
        model = apps.get_model(conf.DIRECTORY_MODEL)
    except (LookupError, ValueError):
        return []
    fields = conf.DIRECTORY_FIELDS
    messages: list[CheckMessage] = []
    phone = fields.get("phone")
    own_search = (
        provider.find_by_phones is ModelProvider.find_by_phones
        and provider.phone_key is ModelProvider.phone_key
    )
    if phone and own_search and _has_field(model, phone) and not phone_key_index(model, phone):
        messages.append(
            Warning(
                f"Phone search scans every row of {model._meta.label}: no index on "
                f'PhoneKey("{phone}") of the model. A screen pop then reads the whole '
                "table once per number.",
                hint=f'Add models.Index(PhoneKey("{phone}", digits=7), name=...) to '
                f"{model._meta.object_name}.Meta.indexes "
                "(from crm_connect.phones import PhoneKey) and migrate.",
                obj=model,
                id="crm_connect.W110",
            )
        )
    name = fields.get("name")
    if (
        name
        and provider.directory is ModelProvider.directory
        and provider._ordering is ModelProvider._ordering
        and _has_field(model, name)
        and not _leads_an_index(model, name)
    ):
        messages.append(
            Warning(
                f"The directory sorts all of {model._meta.label} by {name!r} to send the "
                "first rows: no index starts with that field.",
                hint=f'Add models.Index(fields=["{name}", "id"], name=...) to '
                f"{model._meta.object_name}.Meta.indexes and migrate.",
                obj=model,
                id="crm_connect.W111",
            )
        )
    return messages


def _has_field(model: type[Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _leads_an_index(model: type[Model], name: str) -> bool:
    """Whether an index of ``model`` (a plain one: no condition) starts with ``name``."""
    field = model._meta.get_field(name)
    if getattr(field, "primary_key", False) or getattr(field, "unique", False):
        return True
    if getattr(field, "db_index", False):
        return True
    leading = [
        index.fields[0].lstrip("-")
        for index in model._meta.indexes
        if index.fields and index.condition is None
    ]
    leading += [
        constraint.fields[0]
        for constraint in model._meta.constraints
        if isinstance(constraint, UniqueConstraint)
        and constraint.fields
        and constraint.condition is None
    ]
    leading += [fields[0] for fields in model._meta.unique_together if fields]
    return name in leading
