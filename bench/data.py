"""The benchmark database: created fresh for each run, seeded, dropped at the end."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

AGENTS = 50  # one per concurrent client of the load test
CONTACTS = 40

CALL_CENTER_SETTINGS = {
    "ReqGeneralInfo": {
        "reqInternalName": "BenchCC",
        "reqDisplayName": "Benchmark call center",
        "reqAdapterUrl": "https://connector.example.com/",
        "reqSoftphoneHeight": "600",
        "reqSoftphoneWidth": "400",
    },
    "SoftphoneOptions": {"clickToDial": "Y", "language": "en_US", "autoStartWorkEnabled": "N"},
    "LogOptions": {"callLogEnabled": "Y", "interactionHistorySize": "10"},
    "CallScreenPopOptions": {"screenPopOnAni": "Y", "screenPopOnDnis": "N"},
}


def _admin_url(url: str) -> tuple[str, str]:
    """The maintenance database URL and the benchmark database's name."""
    parts = urlsplit(url)
    return parts._replace(path="/postgres").geturl(), parts.path.lstrip("/")


def recreate_postgres(url: str) -> None:
    """Drop and create the benchmark database (never any other)."""
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(url: str) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_available(url: str) -> bool:
    try:
        import psycopg

        admin, _name = _admin_url(url)
        with psycopg.connect(admin, connect_timeout=3):
            return True
    except Exception:
        return False


def seed(crm_origin: str, sandbox_origin: str) -> dict[str, Any]:
    """Agents with sessions, contacts, and the default call center pointing at the
    sandbox connector (and the sandbox Skylight, when the example project has one)."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.urls import NoReverseMatch, reverse

    from crm_connect.models import CallCenter
    from example_project.crm.models import Contact

    call_command("migrate", verbosity=0, interactive=False)
    user_model = get_user_model()
    sessions: list[str] = []
    for index in range(AGENTS):
        user = user_model.objects.create_user(
            f"agent{index}",
            f"agent{index}@example.com",
            "agent",
            first_name="Agent",
            last_name=str(index),
        )
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        sessions.append(str(store.session_key))
    Contact.objects.bulk_create(
        Contact(
            name=f"Contact {index:03d}",
            company=f"Company {index % 7}",
            phone=f"+1555010{index:04d}",
            email=f"contact{index}@example.com",
        )
        for index in range(CONTACTS)
    )
    try:
        skylight_url = sandbox_origin + reverse("sandbox:skylight")
    except NoReverseMatch:
        skylight_url = ""
    CallCenter.objects.create(
        name="Bench",
        connector_url=f"{sandbox_origin}/sandbox/connector/",
        settings=CALL_CENTER_SETTINGS,
        is_default=True,
        app_name="Bench CRM",
        skylight_url=skylight_url,
    )
    return {"sessions": sessions, "skylight_url": skylight_url}
