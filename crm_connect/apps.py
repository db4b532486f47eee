from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConnectConfig(AppConfig):
    name = "crm_connect"
    verbose_name = _("CRM Connect")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Importing registers the system checks.
        from crm_connect import (  # noqa: F401
            checks,
            connector_checks,
            feature_checks,
            log_checks,
            lookup_checks,
            signals,
            skylight_checks,
            ucp_checks,
        )

        signals.connect()
