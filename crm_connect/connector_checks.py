"""System checks of what the connector needs: the call center definition's required
fields (:data:`crm_connect.call_center_definition.REQUIRED`; ``crm_connect.E011``,
``E012``) and a request size that fits the logs the page accepts (``W010``). Documented
in ``docs/checks.md``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings as django_settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.db import DatabaseError
from pydantic import ValidationError

from crm_connect.call_center_definition import missing_required, with_defaults
from crm_connect.conf import conf
from crm_connect.schemas.connector import MESSAGE_LIMITS, CallCenterSettings

HINT = (
    "Set {fields} in the call center definition, e.g. "
    "{{'ServerConfig': {{'serverHostName': 'https://connector.example.com'}}}}: the "
    "connector needs it to reach its server (docs/connector.md, 'callCenterSettings')."
)


@register(Tags.compatibility)
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


@register(Tags.database)
def check_stored_call_centers(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """Stored call centers: run by ``manage.py check --database default``."""
    if not databases:
        return []
    from crm_connect.models import CallCenter

    errors: list[CheckMessage] = []
    for database in databases:
        try:
            rows = list(CallCenter.objects.using(database).values_list("name", "settings"))
        except DatabaseError:  # not migrated yet: nothing stored to check
            continue
        for name, stored in rows:
            missing = missing_required(with_defaults(stored))
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


@register(Tags.compatibility)
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
