"""System checks of the UCP settings.

Registered through :mod:`crm_connect.checks`; every id is documented in ``docs/checks.md``.
The form of each UCP origin is crm_connect.E003's, as for every origin, and the form of
``UCP_MAKE_CALL_FIELD`` (``crm_connect.E302``) is the settings model's: both are checked
in ``config_checks.py``.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, Warning

from crm_connect.checks import check
from crm_connect.conf import conf


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
