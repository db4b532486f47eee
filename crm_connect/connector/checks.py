"""System checks of the connector: what it needs of the call center definition
(:data:`crm_connect.connector.definition.REQUIRED`), a request size that fits the logs the
page accepts, the interaction-log settings, the connector-feature settings and the
lookups' scale (whether the default provider's phone search and directory can use an
index).

Registered through :mod:`crm_connect.checks`; every id is documented in ``docs/checks.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
from django.apps import apps
from django.conf import settings as django_settings
from django.core.checks import CheckMessage, Error, Tags, Warning
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, UniqueConstraint
from django.urls import NoReverseMatch, reverse
from pydantic import ValidationError

from crm_connect.checks import check, stored_call_centers
from crm_connect.conf import conf
from crm_connect.config_checks import is_local_host
from crm_connect.connector.definition import (
    extra_field_problems,
    is_definition,
    missing_required,
    overlay,
    with_defaults,
)
from crm_connect.connector.schemas.connector import MESSAGE_LIMITS, CallCenterSettings
from crm_connect.connector.schemas.custom_fields import CustomFieldsSetting
from crm_connect.origins import origin_of

HINT = (
    "Set {fields} in the call center definition, e.g. "
    "{{'ServerConfig': {{'serverHostName': 'https://connector.example.com'}}}}: the "
    "connector needs it to reach its server (docs/connector.md, 'callCenterSettings')."
)


@check("connector", ids=("crm_connect.E011",), tags=(Tags.compatibility,))
def check_settings_call_center(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The call center of ``CRM_CONNECT`` alone (when ``CONNECTOR_URL`` is set)."""
    if not conf.CONNECTOR_URL:
        return []
    settings = with_defaults(conf.CALL_CENTER_SETTINGS)
    try:
        CallCenterSettings.model_validate(settings)
    except ValidationError:
        return []  # crm_connect.E002 says so
    missing = missing_required(settings)
    if not missing:
        return []
    return [
        Error(
            f"CRM_CONNECT['CALL_CENTER_SETTINGS'] lacks {', '.join(missing)}, which the "
            "connector requires.",
            hint=HINT.format(fields=", ".join(missing)),
            id="crm_connect.E011",
        )
    ]


def _effective_stored(databases: Sequence[str] | None) -> list[tuple[str, str, Any]]:
    """``(name, connector URL, settings with defaults)`` of every stored call center, an
    inheriting one's laid over the default's."""
    rows = list(
        stored_call_centers(
            databases, "name", "connector_url", "settings", "inherits_default", "is_default"
        )
    )
    parent: Any = next((row[2] for row in rows if row[4]), {})
    return [
        (name, url, with_defaults(overlay(parent, stored) if inherits and not default else stored))
        for name, url, stored, inherits, default in rows
    ]


@check("connector", ids=("crm_connect.E012",), tags=(Tags.database,))
def check_stored_call_centers(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Stored call centers: run by ``manage.py check --database default``."""
    errors: list[CheckMessage] = []
    for name, _url, settings in _effective_stored(databases):
        missing = missing_required(settings)
        if missing:
            errors.append(
                Error(
                    f"Call center {name!r} lacks {', '.join(missing)} in its "
                    "callCenterSettings, which the connector requires.",
                    hint=HINT.format(fields=", ".join(missing))
                    + " Edit the call center in the admin.",
                    obj=name,
                    id="crm_connect.E012",
                )
            )
    return errors


@check("connector", ids=("crm_connect.W010",), tags=(Tags.compatibility,))
def check_log_request_size(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A log the page takes (``MESSAGE_LIMITS``) must fit in a request Django reads."""
    allowed = getattr(django_settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
    needed = MESSAGE_LIMITS["requestSaveInteractionLog"]["characters"]
    if allowed is None or allowed >= needed:
        return []
    return [
        Warning(
            f"DATA_UPLOAD_MAX_MEMORY_SIZE = {allowed} bytes is less than the "
            f"{needed} characters of text a connector log may carry: Django refuses "
            "such logs, and the page can only keep them for export.",
            hint=f"Set DATA_UPLOAD_MAX_MEMORY_SIZE to at least {needed} (the default, "
            "2621440, fits), or None.",
            id="crm_connect.W010",
        )
    ]


@check(
    "connector",
    ids=(
        "crm_connect.E100",
        "crm_connect.E101",
        "crm_connect.E102",
        "crm_connect.E103",
        "crm_connect.E104",
        "crm_connect.W100",
        "crm_connect.W101",
    ),
    tags=(Tags.compatibility,),
)
def check_feature_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from crm_connect.providers import ModelProvider, Provider

    messages: list[CheckMessage] = []
    try:
        provider = conf.provider_class()
    except ImportError as exc:
        return [Error(f'CRM_CONNECT["PROVIDER"] cannot be imported: {exc}', id="crm_connect.E100")]
    if not (isinstance(provider, type) and issubclass(provider, Provider)):
        messages.append(
            Error(
                f'CRM_CONNECT["PROVIDER"] = {conf.PROVIDER!r} is not a subclass of '
                "crm_connect.providers.Provider.",
                id="crm_connect.E100",
            )
        )
    elif issubclass(provider, ModelProvider):
        messages.extend(_check_model())
    try:
        CustomFieldsSetting.model_validate(conf.CUSTOM_FIELDS)
    except ValidationError as exc:
        messages.append(
            Error(
                f'CRM_CONNECT["CUSTOM_FIELDS"] is invalid: {exc.errors()[0]["msg"]} at '
                + ".".join(str(p) for p in exc.errors()[0]["loc"]),
                hint='Write {"voice": {"key": {"label": "Label", "type": "STRING"}}}.',
                id="crm_connect.E103",
            )
        )
    if conf.PHONE_REGION not in phonenumbers.SUPPORTED_REGIONS:
        messages.append(
            Error(
                f'CRM_CONNECT["PHONE_REGION"] = {conf.PHONE_REGION!r} is not a region code.',
                hint='Use an ISO 3166-1 alpha-2 code such as "US", "GB" or "DE".',
                id="crm_connect.E104",
            )
        )
    for key, value in (("REPORTS_URL", conf.REPORTS_URL), ("CREATE_URL", conf.CREATE_URL)):
        if value and "/" not in value:
            try:
                reverse(value)
            except NoReverseMatch:
                messages.append(
                    Warning(
                        f'CRM_CONNECT["{key}"] = {value!r} is neither a URL nor a URL name '
                        "that reverses without arguments.",
                        id="crm_connect.W101",
                    )
                )
    return messages


def _check_model() -> list[CheckMessage]:
    label = conf.DIRECTORY_MODEL
    if not label:
        return [
            Warning(
                'CRM_CONNECT["DIRECTORY_MODEL"] is not set: the directory and phone search '
                "find nothing.",
                hint='Name your contact model, e.g. "crm.Contact", or set PROVIDER.',
                id="crm_connect.W100",
            )
        ]
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return [
            Error(
                f'CRM_CONNECT["DIRECTORY_MODEL"] = {label!r} is not an installed model.',
                id="crm_connect.E101",
            )
        ]
    messages: list[CheckMessage] = []
    for role, field in conf.DIRECTORY_FIELDS.items():
        if not field:
            continue
        try:
            model._meta.get_field(field)
        except FieldDoesNotExist:
            messages.append(
                Error(
                    f'CRM_CONNECT["DIRECTORY_FIELDS"]["{role}"] = {field!r}: {label} has no '
                    "such field.",
                    id="crm_connect.E102",
                )
            )
    return messages


@check("connector", ids=("crm_connect.W030",), tags=(Tags.compatibility,))
def check_log_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    # Each limit's type and range (crm_connect.E030) is the settings model's to check
    # (config_checks.check_setting_values).
    messages: list[CheckMessage] = []
    if conf.LOG_RETRY_LIMIT < conf.LOG_RETRY_ATTEMPTS:
        messages.append(
            Warning(
                f'CRM_CONNECT["LOG_RETRY_LIMIT"] ({conf.LOG_RETRY_LIMIT}) is below '
                f"LOG_RETRY_ATTEMPTS ({conf.LOG_RETRY_ATTEMPTS}): a log is given up before "
                "its first page has tried it LOG_RETRY_ATTEMPTS times.",
                hint="Make LOG_RETRY_LIMIT a multiple of LOG_RETRY_ATTEMPTS.",
                id="crm_connect.W030",
            )
        )
    return messages


@check("connector", ids=("crm_connect.W110", "crm_connect.W111"), tags=(Tags.models,))
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


ORIGIN_HINT = (
    "The connector URL and ServerConfig.serverHostName are the same origin in the vendor's "
    "sample; check that neither names another server or environment."
)


def _origin_mismatch(connector_url: str, settings: Any) -> str | None:
    """The server's origin when it differs from the connector URL's, else None."""
    if not is_definition(settings):
        return None  # E002 / the model's validation say so
    server = settings.get("ServerConfig", {}).get("serverHostName", "")
    server_origin = origin_of(server) if isinstance(server, str) else ""
    if not server_origin or not origin_of(connector_url):
        return None  # missing: E011/E012 say so
    if is_local_host(urlsplit(connector_url).hostname):
        return None  # a local sandbox or proxy in development
    return server_origin if server_origin != origin_of(connector_url) else None


def _origin_warnings(candidates: list[tuple[str, str, Any]]) -> list[CheckMessage]:
    warnings: list[CheckMessage] = []
    for name, url, settings in candidates:
        server = _origin_mismatch(url, settings)
        if server:
            warnings.append(
                Warning(
                    f"Call center {name!r}: the connector URL's origin "
                    f"{origin_of(url)} differs from ServerConfig.serverHostName's, {server}.",
                    hint=ORIGIN_HINT,
                    obj=name,
                    id="crm_connect.W120",
                )
            )
    return warnings


# Two registrations: Django 6 runs database-tagged checks only when it is given databases
# (``check --database``), and the settings' call center needs none.
@check("connector", ids=("crm_connect.W120",), tags=(Tags.compatibility,))
def check_settings_connector_server_origin(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """The settings' connector URL's origin against ``ServerConfig.serverHostName``'s."""
    if not (conf.CONNECTOR_URL and is_definition(conf.CALL_CENTER_SETTINGS)):
        return []
    return _origin_warnings([("settings", conf.CONNECTOR_URL, conf.CALL_CENTER_SETTINGS)])


@check("connector", ids=("crm_connect.W120",), tags=(Tags.database,))
def check_connector_server_origin(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Each stored call center's connector URL origin against its server's."""
    return _origin_warnings(list(_effective_stored(databases)))


@check("connector", ids=("crm_connect.E105",), tags=(Tags.compatibility,))
def check_definition_extra_fields(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """``DEFINITION_EXTRA_FIELDS``: each entry a valid field (an invalid one is left out)."""
    return [
        Error(
            f'CRM_CONNECT["DEFINITION_EXTRA_FIELDS"] {problem}; the entry is left out.',
            hint='Write {"section": "MyOptions", "name": "myFlag", "kind": "flag", '
            '"default": "N", "label": "My flag"} (docs/admin.md).',
            id="crm_connect.E105",
        )
        for problem in extra_field_problems(conf.DEFINITION_EXTRA_FIELDS)
    ]
