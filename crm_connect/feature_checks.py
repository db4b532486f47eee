"""System checks of the connector-feature settings (ids ``crm_connect.E1xx``/``W1xx``).

Documented one by one in ``docs/connector-features.md`` ("System checks").
"""

from __future__ import annotations

from typing import Any

import phonenumbers
from django.apps import apps
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse
from pydantic import ValidationError

from crm_connect.conf import conf
from crm_connect.schemas.custom_fields import CustomFieldsSetting


@register(Tags.compatibility)
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
