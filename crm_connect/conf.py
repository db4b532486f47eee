"""The ``CRM_CONNECT`` setting: one pydantic model, read through a cache.

:class:`~crm_connect.settings_model.CrmConnectSettings` is the one definition of every
key: its type, its default and its description (the text of docs/settings.md, which
``tests/test_docs.py`` holds to it), and, in its metadata, the id of the system check
that reports a value the model refuses. Use the module-level ``conf`` object::

    from crm_connect.conf import conf
    conf.CONNECTOR_URL

``conf`` validates ``settings.CRM_CONNECT`` once and keeps the result until a setting
changes (``setting_changed``, so ``override_settings`` works in tests). A value the model
refuses never raises: that key has its default, and :func:`setting_messages` (run by the
system checks) names the key, the value and the check id. Other code takes a default
from :data:`DEFAULTS` instead of writing it out again.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning
from django.utils.module_loading import import_string
from pydantic import ValidationError

from crm_connect.settings_cache import until_settings_change
from crm_connect.settings_model import (
    DEFAULTS,
    FIELDS,
    UNKNOWN_KEY,
    WRONG_TYPE,
    CrmConnectSettings,
    check_id,
)

__all__ = [
    "DEFAULTS",
    "FIELDS",
    "UNKNOWN_KEY",
    "WRONG_TYPE",
    "CrmConnectSettings",
    "Settings",
    "check_id",
    "conf",
    "load",
    "setting_messages",
    "validate",
]


@dataclass(frozen=True)
class Refused:
    """A value of ``CRM_CONNECT`` the model refused: its default applies instead."""

    key: str
    value: Any
    reason: str


@dataclass(frozen=True)
class Loaded:
    values: CrmConnectSettings
    refused: tuple[Refused, ...]


def raw_setting() -> dict[Any, Any]:
    """``CRM_CONNECT`` as set; ``{}`` when it is absent or not a dict."""
    value = getattr(settings, "CRM_CONNECT", None)
    return value if isinstance(value, dict) else {}


def validate(raw: dict[Any, Any]) -> Loaded:
    """``raw`` as the model reads it: each refused key has its default, and says why."""
    values = {key: value for key, value in raw.items() if key in FIELDS}
    refused: list[Refused] = []
    while True:  # at most once per key: a refused key is dropped
        try:
            model = CrmConnectSettings.model_validate(values)
        except ValidationError as exc:
            dropped = False
            for error in exc.errors(include_url=False):
                key = str(error["loc"][0]) if error["loc"] else ""
                if key in values:
                    reason = str(error["msg"]).removeprefix("Value error, ")
                    refused.append(Refused(key, values.pop(key), reason))
                    dropped = True
            if not dropped:  # not any one key's fault: every default, never a loop
                refused.extend(Refused(key, value, str(exc)) for key, value in values.items())
                values = {}
            continue
        if model.DEBUG is None:
            model = model.model_copy(update={"DEBUG": bool(settings.DEBUG)})
        return Loaded(model, tuple(refused))


_ABSENT = object()


@until_settings_change(maxsize=1)
def _last() -> list[tuple[Any, Loaded]]:
    """Holds the last validation; emptied when a setting changes (``DEBUG`` included)."""
    return []


def load() -> Loaded:
    """The validated ``CRM_CONNECT``: validated again when a setting changes, or when
    ``settings.CRM_CONNECT`` is another object than last time (pytest-django's
    ``del settings.CRM_CONNECT`` sends no ``setting_changed``, nor does its undoing)."""
    raw = getattr(settings, "CRM_CONNECT", _ABSENT)
    last = _last()
    if last and last[0][0] is raw:
        return last[0][1]
    loaded = validate(raw if isinstance(raw, dict) else {})
    last[:] = [(raw, loaded)]
    return loaded


if TYPE_CHECKING:
    _Fields = CrmConnectSettings
else:
    _Fields = object


class Settings(_Fields):
    """``conf.KEY``: the value of ``KEY`` in the validated ``CRM_CONNECT``.

    This is the one place that reads ``settings.CRM_CONNECT``. The setting is optional
    (call centers can come from the admin): absent, or not a dict (``crm_connect.E000``),
    every key has its default.
    """

    def __init__(self) -> None:
        pass

    @property
    def DEBUG(self) -> bool:  # noqa: N802
        """``CRM_CONNECT["DEBUG"]``, else ``settings.DEBUG`` (resolved by :func:`load`)."""
        return bool(load().values.DEBUG)

    @property
    def raw(self) -> dict[Any, Any]:
        """``CRM_CONNECT`` as set; ``{}`` when it is absent or not a dict."""
        return raw_setting()

    @staticmethod
    def setting_problem() -> str | None:
        """Why ``CRM_CONNECT`` cannot be read as a dict, or None (absent is fine)."""
        if not hasattr(settings, "CRM_CONNECT"):
            return None
        value = settings.CRM_CONNECT
        if isinstance(value, dict):
            return None
        return f"CRM_CONNECT is {type(value).__name__} {value!r}, not a dict"

    def user_adapter_class(self) -> type:
        return import_string(self.USER_ADAPTER)  # type: ignore[no-any-return]

    def provider_class(self) -> object:
        """What ``PROVIDER`` names; the callers and check E100 verify it is a Provider."""
        return import_string(self.PROVIDER)


class _Key:
    """``conf.KEY``: a descriptor, cheaper than ``__getattr__`` (pages read many keys)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        return getattr(load().values, self.name)


for _name in FIELDS:
    if _name not in vars(Settings):  # DEBUG is a property of its own
        setattr(Settings, _name, _Key(_name))

conf = Settings()


# --- the one place a refused value becomes a system check ------------------------------


def _short(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def setting_messages() -> list[CheckMessage]:
    """``crm_connect.E000`` for a ``CRM_CONNECT`` that is not a dict; else one message per
    refused value (the id in its field's metadata) and per unknown key (``W040``)."""
    problem = conf.setting_problem()
    if problem:
        return [
            Error(
                f"{problem}: every key has its default meanwhile.",
                hint="Make it a dict such as {'CONNECTOR_URL': 'https://...'}, or remove it: "
                "the setting is optional when call centers come from the admin.",
                id="crm_connect.E000",
            )
        ]
    messages: list[CheckMessage] = []
    for refused in load().refused:
        default = getattr(DEFAULTS, refused.key)
        if refused.key == "DEBUG":
            default = "settings.DEBUG"
        messages.append(
            Error(
                f"CRM_CONNECT[{refused.key!r}] = {_short(refused.value)} is refused: "
                f"{refused.reason}. Its default ({_short(default)}) applies meanwhile.",
                hint=f"{refused.key}: {FIELDS[refused.key].description} (docs/settings.md)",
                id=check_id(refused.key),
            )
        )
    for key in conf.raw:
        if key not in FIELDS:
            close = difflib.get_close_matches(str(key), list(FIELDS), n=1)
            messages.append(
                Warning(
                    f"CRM_CONNECT has the key {_short(key)}, which crm_connect does not "
                    "read: it is ignored.",
                    hint=f"Did you mean {close[0]!r}?"
                    if close
                    else "See docs/settings.md for the keys; remove this one.",
                    id=UNKNOWN_KEY,
                )
            )
    return messages
