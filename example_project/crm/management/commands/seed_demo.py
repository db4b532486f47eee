"""``python manage.py seed_demo``: demo users, contacts and a call center. Idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from crm_connect.models import CallCenter
from crm_connect.origins import origin_of
from example_project.crm.models import Contact

CONTACTS = [
    ("Ada Lovelace", "+1 (555) 010-0199", "ada@example.com", "Analytical Engines Ltd"),
    ("Grace Hopper", "+1 555 010 0142", "grace@example.com", "Compiler Corp"),
    ("Alan Turing", "+44 20 7946 0958", "alan@example.co.uk", "Bletchley Consulting"),
    ("Katherine Johnson", "+1 555 010 0177", "katherine@example.com", "Orbital Mechanics Inc"),
    ("Linus Torvalds", "+358 9 4289 0001", "", "Kernel Works Oy"),
    ("Margaret Hamilton", "", "margaret@example.com", "Apollo Software"),
]

DEMO_SETTINGS = {
    "ReqGeneralInfo": {
        "reqInternalName": "DemoCallCenter",
        "reqDisplayName": "Demo call center",
        "reqAdapterUrl": "",
        "reqSoftphoneHeight": "600",
        "reqSoftphoneWidth": "400",
    },
    "SoftphoneOptions": {"language": "en_US", "clickToDial": "Y", "autoStartWorkEnabled": "N"},
    "LogOptions": {"callLogEnabled": "Y", "interactionHistorySize": "10"},
    "CallScreenPopOptions": {"screenPopOnAni": "Y", "screenPopOnDnis": "N"},
}


class Command(BaseCommand):
    help = "Create the demo users (agent/agent, admin/admin), contacts and call center."

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        agent, _ = user_model.objects.get_or_create(
            username="agent",
            defaults={"first_name": "Alice", "last_name": "Agent", "email": "agent@example.com"},
        )
        agent.set_password("agent")
        agent.save()
        admin, _ = user_model.objects.get_or_create(
            username="admin",
            defaults={"email": "admin@example.com", "is_staff": True, "is_superuser": True},
        )
        admin.set_password("admin")
        admin.save()

        for name, phone, email, company in CONTACTS:
            Contact.objects.update_or_create(
                name=name, defaults={"phone": phone, "email": email, "company": company}
            )

        connector_url = settings.DEMO_CONNECTOR_URL
        call_center, _ = CallCenter.objects.update_or_create(
            name="Demo call center",
            defaults={
                "connector_url": connector_url,
                "settings": {
                    **DEMO_SETTINGS,
                    "ServerConfig": {"serverHostName": origin_of(connector_url)},
                },
                "is_default": True,
                "app_name": "Example CRM",
                "skylight_url": settings.CRM_CONNECT.get("SKYLIGHT_URL", ""),
            },
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded users agent/agent and admin/admin, {len(CONTACTS)} contacts, "
                f"and call center {call_center.name!r} -> {connector_url}"
            )
        )
