"""System checks of the UCP settings.

Registered through :mod:`crm_connect.checks`; every id is documented in ``docs/checks.md``.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, Warning

from crm_connect.checks import check
from crm_connect.conf import conf
from crm_connect.ucp.schemas import FIELD_NAME


@check("ucp", ids=("crm_connect.E302",), tags=(Tags.security,))
def check_ucp_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    # The form of each UCP origin is crm_connect.E003's (config_checks.py), as for every origin.
    messages: list[CheckMessage] = []
    if not FIELD_NAME.match(conf.UCP_MAKE_CALL_FIELD):
        messages.append(
            Error(
                f"CRM_CONNECT['UCP_MAKE_CALL_FIELD'] = {conf.UCP_MAKE_CALL_FIELD!r} is not a "
                "usable payload field name.",
                hint="Use a name made of letters, digits and underscores, e.g. 'phoneNumber'.",
                id="crm_connect.E302",
            )
        )
    return messages


@check("ucp", ids=("crm_connect.W301",), tags=(Tags.security,), deploy=True)
def check_ucp_target_origin(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if conf.UCP_ORIGINS:
        return []
    return [
        Warning(
            "CRM_CONNECT['UCP_ORIGINS'] is empty: crmConnect.ucp sends its messages "
            "(phone numbers included) to the target origin '*', so any site that frames "
            "the page may read them.",
            hint="Set CRM_CONNECT['UCP_ORIGINS'] to the UCP origins, e.g. "
            "['https://ucp.example.com']. If you do not use UCP, add 'crm_connect.W301' to "
            "SILENCED_SYSTEM_CHECKS.",
            id="crm_connect.W301",
        )
    ]
