"""Which call center applies to a user, from the database or from settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q

from crm_connect.conf import conf
from crm_connect.models import CallCenter
from crm_connect.origins import origin_of
from crm_connect.schemas.connector import CallCenterSettings, Capabilities

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


@dataclass(frozen=True)
class ResolvedCallCenter:
    """What the rest of the app needs of a call center, wherever it was configured."""

    name: str
    connector_url: str
    settings: CallCenterSettings
    app_name: str = ""
    directory_available: bool = True
    reloads_on_navigation: bool = True
    lightning_components_available: bool = False
    skylight: dict[str, str] = field(default_factory=dict)
    pk: int | None = None

    @property
    def connector_origin(self) -> str:
        return origin_of(self.connector_url)

    def capabilities(self, default_name: str) -> Capabilities:
        return Capabilities(
            directory_available=self.directory_available,
            name=self.app_name or default_name,
            reloads_on_navigation=self.reloads_on_navigation,
            lightning_components_available=self.lightning_components_available,
        )

    @classmethod
    def from_model(cls, call_center: CallCenter) -> ResolvedCallCenter:
        return cls(
            name=call_center.name,
            connector_url=call_center.connector_url,
            settings=CallCenterSettings.model_validate(call_center.settings or {}),
            app_name=call_center.app_name,
            directory_available=call_center.directory_available,
            reloads_on_navigation=call_center.reloads_on_navigation,
            lightning_components_available=call_center.lightning_components_available,
            skylight={
                "url": call_center.skylight_url,
                "window_name": call_center.skylight_window_name,
                "window_features": call_center.skylight_window_features,
                "crm_module": call_center.skylight_crm_module,
                "default_work_mode": call_center.skylight_default_work_mode,
            },
            pk=call_center.pk,
        )

    @classmethod
    def from_settings(cls) -> ResolvedCallCenter | None:
        """The call center defined by ``CRM_CONNECT`` alone, or None when it defines none."""
        if not conf.CONNECTOR_URL:
            return None
        capabilities: dict[str, Any] = conf.CAPABILITIES
        return cls(
            name="settings",
            connector_url=conf.CONNECTOR_URL,
            settings=CallCenterSettings.model_validate(conf.CALL_CENTER_SETTINGS),
            app_name=str(capabilities.get("name", "")),
            directory_available=bool(capabilities.get("directoryAvailable", True)),
            reloads_on_navigation=bool(capabilities.get("reloadsOnNavigation", True)),
            lightning_components_available=bool(
                capabilities.get("lightningComponentsAvailable", False)
            ),
            skylight=skylight_from_settings(),
        )


def skylight_from_settings() -> dict[str, str]:
    """The Skylight part of the settings-only call center (same keys as ``from_model``)."""
    return {
        "url": conf.SKYLIGHT_URL,
        "window_name": conf.SKYLIGHT_WINDOW_NAME,
        "window_features": conf.SKYLIGHT_WINDOW_FEATURES,
        "crm_module": conf.SKYLIGHT_CRM_MODULE,
        "default_work_mode": conf.SKYLIGHT_DEFAULT_WORK_MODE,
    }


def call_center_for(user: AbstractBaseUser | AnonymousUser) -> ResolvedCallCenter | None:
    """The call center that applies to ``user``, in one query.

    A call center linked to one of the user's groups wins over the default; among
    several such call centers the first by name wins. With none in the database, the
    ``CRM_CONNECT`` setting's call center applies, if it defines one.
    """
    if not user.is_authenticated:
        return None
    in_group = CallCenter.groups.through.objects.filter(
        callcenter_id=OuterRef("pk"), group__user=user
    )
    call_center = (
        CallCenter.objects.annotate(in_group=Exists(in_group))
        .filter(Q(in_group=True) | Q(is_default=True))
        .order_by("-in_group", "name")
        .first()
    )
    if call_center is not None:
        return ResolvedCallCenter.from_model(call_center)
    return ResolvedCallCenter.from_settings()
