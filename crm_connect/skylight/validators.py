"""Validation of the Skylight popup's window settings, shared by the system checks and
the call center form."""

from __future__ import annotations

from django.utils.translation import gettext as _

from crm_connect.skylight.schemas import FORBIDDEN_WINDOW_FEATURES, RESERVED_WINDOW_NAMES


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
