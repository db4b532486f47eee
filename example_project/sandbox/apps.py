from __future__ import annotations

from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "example_project.sandbox"
    label = "sandbox"
    verbose_name = "Contact-center sandboxes"
