"""What a given user would get from the app, and why: for the ``crm_connect_debug``
command and the admin's *Preview crmData* page.

Both go through the code the endpoint uses (:func:`crm_connect.call_centers.call_center_for`
and :func:`crm_connect.connector.crm_data.build_crm_data`), so a preview cannot disagree with what
the connector receives; this module only adds the explanation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from crm_connect.call_centers import ResolvedCallCenter, call_center_for
from crm_connect.connector.crm_data import build_crm_data
from crm_connect.models import CallCenter
from crm_connect.users import get_user_adapter


@dataclass(frozen=True)
class CrmDataPreview:
    """The call center that applies to a user, why, and the ``crmData`` it yields."""

    user: Any
    language: str
    call_center: ResolvedCallCenter | None
    reason: str
    crm_data: dict[str, Any] | None

    @property
    def locale(self) -> str:
        return get_user_adapter().locale(self.user, self.language)


def preview_crm_data(user: Any, language: str | None = None) -> CrmDataPreview:
    """What ``GET crm-connect/api/crm-data/`` would answer ``user`` in ``language``
    (default: the active language), with the reason its call center applies."""
    language = language or translation.get_language() or ""
    with translation.override(language):
        call_center = call_center_for(user)
        reason = explain(user, call_center)
        crm_data = None
        if call_center is not None:
            crm_data = build_crm_data(user, call_center, language=language).model_dump(mode="json")
    return CrmDataPreview(user, language, call_center, reason, crm_data)


def explain(user: Any, call_center: ResolvedCallCenter | None) -> str:
    """Why ``call_center`` (what :func:`call_center_for` chose) applies to ``user``."""
    if call_center is None:
        return _(
            "No call center applies: none in the database is the default or linked to one "
            'of the user\'s groups, and CRM_CONNECT["CONNECTOR_URL"] is not set.'
        )
    if call_center.pk is None:
        return _(
            "No call center in the database applies, so the one defined by the CRM_CONNECT "
            "setting does."
        )
    groups = sorted(
        CallCenter.groups.through.objects.filter(
            callcenter_id=call_center.pk, group__user=user
        ).values_list("group__name", flat=True)
    )
    if groups:
        inherits = CallCenter.objects.filter(
            pk=call_center.pk, inherits_default=True, is_default=False
        ).exists()
        return _(
            "The user is in the group(s) %(groups)s, linked to this call center; a call "
            "center linked to one of the user's groups wins over the default (the first by "
            "name when several are)."
        ) % {"groups": ", ".join(f"“{name}”" for name in groups)} + (
            " "
            + _(
                "Its settings are the default call center's, with its own laid over "
                "them field by field."
            )
            if inherits
            else ""
        )
    return _("This is the default call center, and none is linked to one of the user's groups.")
