"""Build the ``crmData`` payload the connector asks for with ``requestCrmData``."""

from __future__ import annotations

from typing import Any

from crm_connect.call_centers import ResolvedCallCenter, call_center_for
from crm_connect.conf import conf
from crm_connect.connector.schemas.connector import CrmData
from crm_connect.users import get_user_adapter


def build_crm_data(
    user: Any,
    call_center: ResolvedCallCenter,
    *,
    language: str | None = None,
    persistent: bool = False,
) -> CrmData:
    """The ``crmData`` for ``user`` under ``call_center``, in the shape of
    ``docs/connector.md``. ``persistent``: the page keeps the docked connector across
    its navigations (``capabilities.reloadsOnNavigation`` is false then)."""
    return CrmData(
        call_center_settings=call_center.settings,
        current_user=get_user_adapter().current_user(user, language),
        capabilities=call_center.capabilities(conf.APP_NAME, persistent=persistent),
    )


def crm_data_for(
    user: Any, *, language: str | None = None, persistent: bool = False
) -> CrmData | None:
    """Resolve the user's call center and build its ``crmData``; None when none applies."""
    call_center = call_center_for(user)
    if call_center is None:
        return None
    return build_crm_data(user, call_center, language=language, persistent=persistent)
