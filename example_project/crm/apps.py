from __future__ import annotations

from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "example_project.crm"
    label = "crm"
    verbose_name = "Example CRM"
    default_auto_field = "django.db.models.BigAutoField"
