"""Validation of a call center's Skylight fields, shared by the system checks (the
``*_problem`` functions, for ``CRM_CONNECT``) and ``CallCenter.clean()`` (the
``validate_*`` functions), which the admin form runs too: the ORM refuses what the admin
refuses."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from crm_connect.skylight.schemas import (
    FORBIDDEN_WINDOW_FEATURES,
    RESERVED_WINDOW_NAMES,
    WORK_MODES,
)


def window_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name the Skylight window, or None."""
    if not name.strip():
        return _("it is empty")
    if name.lower() in RESERVED_WINDOW_NAMES:
        return _("%(name)r is reserved: window.open(%(name)r) never finds the open popup again") % {
            "name": name
        }
    return None


def window_features_problem(features: str) -> str | None:
    """Why ``features`` would make the popup unreachable, or None."""
    words = {part.split("=")[0].strip().lower() for part in features.split(",")}
    bad = [feature for feature in FORBIDDEN_WINDOW_FEATURES if feature in words]
    if bad:
        return _(
            "%(features)s makes window.open() return null, so no message can reach Skylight"
        ) % {"features": ", ".join(bad)}
    return None


def validate_window_name(value: str) -> None:
    problem = window_name_problem(str(value or ""))
    if problem:
        raise ValidationError(problem, code="reserved_window_name")


def validate_window_features(value: str) -> None:
    problem = window_features_problem(str(value or ""))
    if problem:
        raise ValidationError(problem, code="unreachable_window")


def validate_work_mode(value: str) -> None:
    if value and value not in WORK_MODES:
        raise ValidationError(
            _("The CxEngage SDK accepts only %(modes)s.") % {"modes": ", ".join(WORK_MODES)},
            code="unknown_work_mode",
        )


#: ``CallCenter`` field -> its validator, run by ``CallCenter.clean()``.
FIELD_VALIDATORS = {
    "skylight_window_name": validate_window_name,
    "skylight_window_features": validate_window_features,
    "skylight_default_work_mode": validate_work_mode,
}
