from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConnectConfig(AppConfig):
    name = "crm_connect"
    verbose_name = _("CRM Connect")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from crm_connect import signals
        from crm_connect.checks import register_checks

        register_checks()
        signals.connect()
