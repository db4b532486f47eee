"""System checks of the Skylight popup.

Skylight counts as configured when ``CRM_CONNECT["SKYLIGHT_URL"]`` is set, or, when the
checks run with database access (``manage.py check --database default``, ``migrate``),
when a call center has a Skylight URL.

Registered through :mod:`crm_connect.checks`; every id is documented in ``docs/checks.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning
from django.db import DatabaseError

from crm_connect.checks import check
from crm_connect.conf import conf
from crm_connect.framing import COOP_ALLOW_POPUPS
from crm_connect.origins import origin_of
from crm_connect.skylight.schemas import CRM_MODULES, WORK_MODES

SECURITY_MIDDLEWARE = "django.middleware.security.SecurityMiddleware"


def _configured_in_database(databases: Iterable[str] | None) -> bool:
    from crm_connect.models import CallCenter

    for alias in databases or ():
        try:
            if CallCenter.objects.using(alias).exclude(skylight_url="").exists():
                return True
        except DatabaseError:  # not migrated yet
            continue
    return False


def _opener_policy() -> str | None:
    """The Cross-Origin-Opener-Policy that SecurityMiddleware gives every page, if any."""
    if SECURITY_MIDDLEWARE not in settings.MIDDLEWARE:
        return None
    return getattr(settings, "SECURE_CROSS_ORIGIN_OPENER_POLICY", "same-origin")


@check(
    "skylight",
    ids=(
        "crm_connect.E201",
        "crm_connect.W201",
        "crm_connect.W202",
        "crm_connect.W205",
    ),
    tags=(Tags.security,),
)
def check_skylight(
    app_configs: Any = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    url = conf.SKYLIGHT_URL
    if url and not origin_of(url):
        messages.append(
            Error(
                f"CRM_CONNECT['SKYLIGHT_URL'] = {url!r} is not an http(s) URL with a host.",
                hint="Set it to the full URL of Skylight, e.g. 'https://skylight.cxengage.net/'.",
                id="crm_connect.E201",
            )
        )
    # The window name and features (crm_connect.E202, E203) and the timeouts (E204) are
    # the settings model's to check (config_checks.check_setting_values).
    if conf.SKYLIGHT_CRM_MODULE and conf.SKYLIGHT_CRM_MODULE not in CRM_MODULES:
        messages.append(
            Warning(
                f"CRM_CONNECT['SKYLIGHT_CRM_MODULE'] = {conf.SKYLIGHT_CRM_MODULE!r} is not a "
                f"crmModule Skylight is known to read ({', '.join(CRM_MODULES)}).",
                hint="Leave it empty unless your CxEngage tenant documents another value.",
                id="crm_connect.W202",
            )
        )
    mode = conf.SKYLIGHT_DEFAULT_WORK_MODE
    if mode and mode not in WORK_MODES:
        messages.append(
            Warning(
                f"CRM_CONNECT['SKYLIGHT_DEFAULT_WORK_MODE'] = {mode!r} is not a direction the "
                f"CxEngage SDK accepts ({', '.join(WORK_MODES)}).",
                hint="Use one of those, or leave it empty.",
                id="crm_connect.W205",
            )
        )
    policy = _opener_policy()
    if policy == "same-origin" and (origin_of(url) or _configured_in_database(databases)):
        messages.append(
            Warning(
                "Skylight is configured, and SECURE_CROSS_ORIGIN_OPENER_POLICY is "
                "'same-origin': Skylight cannot reach a page that sends it, and when the "
                "agent's tab visits such a page the open popup is cut off for good.",
                hint=f"Set SECURE_CROSS_ORIGIN_OPENER_POLICY = '{COOP_ALLOW_POPUPS}' so every "
                "page of the site sends the same policy (see docs/skylight.md).",
                id="crm_connect.W201",
            )
        )
    return messages
