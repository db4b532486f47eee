"""System checks of the interaction-log settings (ids ``crm_connect.E03x``/``W03x``).

Documented one by one in ``docs/checks.md`` ("Interaction logs").
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, Warning, register

from crm_connect.conf import _positive_int, conf

POSITIVE_INT_KEYS = ("LOG_RETRY_LIMIT", "ABANDONED_LOG_LIMIT")


@register(Tags.compatibility)
def check_log_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    raw = conf.raw
    messages: list[CheckMessage] = []
    for key in POSITIVE_INT_KEYS:
        if key in raw and _positive_int(raw[key], 0) == 0:
            messages.append(
                Error(
                    f'CRM_CONNECT["{key}"] = {raw[key]!r} is not a positive integer; the '
                    f"default ({getattr(conf, key)}) applies meanwhile.",
                    id="crm_connect.E030",
                )
            )
    if conf.LOG_RETRY_LIMIT < conf.LOG_RETRY_ATTEMPTS:
        messages.append(
            Warning(
                f'CRM_CONNECT["LOG_RETRY_LIMIT"] ({conf.LOG_RETRY_LIMIT}) is below '
                f"LOG_RETRY_ATTEMPTS ({conf.LOG_RETRY_ATTEMPTS}): a log is given up before "
                "its first page has tried it LOG_RETRY_ATTEMPTS times.",
                hint="Make LOG_RETRY_LIMIT a multiple of LOG_RETRY_ATTEMPTS.",
                id="crm_connect.W030",
            )
        )
    return messages
