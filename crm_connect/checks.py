"""System checks: configuration mistakes that would make the integration fail silently.

Every id is documented in ``docs/checks.md``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from pydantic import ValidationError

from crm_connect.conf import conf
from crm_connect.origins import origin_of
from crm_connect.schemas.connector import CallCenterSettings

REQUEST_PROCESSOR = "django.template.context_processors.request"


@register(Tags.security)
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if not isinstance(getattr(settings, "CRM_CONNECT", {}), dict):
        errors.append(
            Error("CRM_CONNECT must be a dict.", id="crm_connect.E000"),
        )
        return errors
    if conf.CONNECTOR_URL and not origin_of(conf.CONNECTOR_URL):
        errors.append(
            Error(
                f"CRM_CONNECT['CONNECTOR_URL'] = {conf.CONNECTOR_URL!r} is not an http(s) URL "
                "with a host.",
                hint="Set it to the full URL of the CRM Connector page, e.g. "
                "'https://connector.example.com/crm/'.",
                id="crm_connect.E001",
            )
        )
    try:
        CallCenterSettings.model_validate(conf.CALL_CENTER_SETTINGS)
    except ValidationError as exc:
        errors.append(
            Error(
                "CRM_CONNECT['CALL_CENTER_SETTINGS'] is not a valid callCenterSettings "
                f"object: {exc.errors()[0]['msg']}.",
                hint="It maps section names to dicts of string values, e.g. "
                "{'ReqGeneralInfo': {'reqInternalName': 'MyCC'}}.",
                id="crm_connect.E002",
            )
        )
    return errors


@register(Tags.templates)
def check_templates(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    for engine in settings.TEMPLATES:
        if engine.get("BACKEND") != "django.template.backends.django.DjangoTemplates":
            continue
        processors = engine.get("OPTIONS", {}).get("context_processors", [])
        if REQUEST_PROCESSOR not in processors:
            return [
                Warning(
                    f"'{REQUEST_PROCESSOR}' is not in a DjangoTemplates engine's "
                    "context_processors: the crm_connect template tags render nothing "
                    "without the request.",
                    hint=f"Add '{REQUEST_PROCESSOR}' to TEMPLATES[...]['OPTIONS']"
                    "['context_processors'].",
                    id="crm_connect.W001",
                )
            ]
    return []
