"""A call center's history: what each save changed, by whom, from where.

:func:`snapshot` flattens what an administrator edits (the connector URL, the default
flag, inheritance and each ``Section.field`` of the stored settings) into one dict;
:func:`record` compares two snapshots and writes a
:class:`~crm_connect.models.CallCenterRevision` when they differ. The admin and the
``crm_connect_definition`` command call it on every save.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from crm_connect.connector.definition import is_definition
from crm_connect.models import CallCenter, CallCenterRevision

#: Model fields a revision follows besides the settings.
TRACKED_FIELDS = ("name", "connector_url", "connector_mode", "is_default", "inherits_default")


def snapshot(call_center: CallCenter | None) -> dict[str, Any]:
    """``{key: value}``: the tracked fields, then ``Section.field`` of each stored setting
    (the whole settings under ``settings`` when they are not sections of fields)."""
    if call_center is None:
        return {}
    flat: dict[str, Any] = {name: getattr(call_center, name) for name in TRACKED_FIELDS}
    stored = call_center.settings
    if is_definition(stored):
        for section, fields in stored.items():
            for name, value in fields.items():
                flat[f"{section}.{name}"] = value
    else:
        flat["settings"] = stored
    return flat


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[list[Any]]:
    """``[[key, old, new], ...]`` of what differs, in ``after``'s order then the removed
    keys; None stands for "absent"."""
    changes = [
        [key, before.get(key), value]
        for key, value in after.items()
        if key not in before or before[key] != value
    ]
    changes.extend([key, value, None] for key, value in before.items() if key not in after)
    return changes


def record(
    call_center: CallCenter, before: dict[str, Any], *, user: Any = None, source: str
) -> CallCenterRevision | None:
    """Write the revision from ``before`` to ``call_center`` as saved; None when nothing
    tracked changed."""
    changes = diff(before, snapshot(call_center))
    if not changes:
        return None
    return CallCenterRevision.objects.create(
        call_center=call_center,
        user=user if getattr(user, "is_authenticated", False) else None,
        source=source,
        changes=changes,
        settings=call_center.settings,
    )


def save_call_center(
    call_center: CallCenter,
    before: dict[str, Any],
    *,
    user: Any = None,
    source: str,
    make_default: bool = False,
) -> CallCenterRevision | None:
    """Validate (``full_clean``: what the admin refuses is refused), save and record a
    call center changed outside the admin's own form, in one transaction. With
    ``make_default``, it becomes the default and the previous default stops being one.
    Raises :class:`django.core.exceptions.ValidationError`."""
    with transaction.atomic():
        if make_default and not call_center.is_default:
            for previous in CallCenter.objects.filter(is_default=True).exclude(pk=call_center.pk):
                previous_before = snapshot(previous)
                previous.is_default = False
                previous.save(update_fields=["is_default", "updated"])
                record(previous, previous_before, user=user, source=source)
            call_center.is_default = True
        call_center.full_clean()
        call_center.save()
        return record(call_center, before, user=user, source=source)
