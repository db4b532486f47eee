"""System checks of call center definitions (``callCenterSettings``): what the connector
requires (:data:`crm_connect.call_center_definition.REQUIRED`). Ids ``crm_connect.E011``
and ``E012``, documented in ``docs/checks.md``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register
from django.db import DatabaseError
from pydantic import ValidationError

from crm_connect.call_center_definition import missing_required, with_defaults
from crm_connect.conf import conf
from crm_connect.schemas.connector import CallCenterSettings

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
