from __future__ import annotations

from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConnectConfig(AppConfig):
    name = "crm_connect"
    verbose_name = _("CRM Connect")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Importing registers the system checks.
        from crm_connect import checks, signals  # noqa: F401
        from crm_connect.protocols import PROTOCOLS

        for protocol in PROTOCOLS:
            import_module(f"crm_connect.{protocol}.checks")

        signals.connect()
