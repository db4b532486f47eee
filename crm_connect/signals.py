"""Receivers that keep the cached call-center resolution right.

A user's call center depends on every call center (its default flag, its groups, its
fields) and on the user's groups. Any change to those writes a new cache generation
(:func:`crm_connect.call_centers.invalidate_call_centers`): now, and once more when the
surrounding transaction commits, so that no process can cache what it read from the
database between the two.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from crm_connect.call_centers import invalidate_call_centers
from crm_connect.models import CallCenter

M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}


def call_centers_changed(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """A change that can alter which call center applies to somebody."""
    action = kwargs.get("action")
    if action is not None and action not in M2M_ACTIONS:
        return
    invalidate_call_centers()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(invalidate_call_centers, using=using, robust=True)


def connect() -> None:
    """Connect the receivers; ``CrmConnectConfig.ready()`` calls this once."""
    post_save.connect(call_centers_changed, sender=CallCenter, dispatch_uid="crm_connect:cc")
    post_delete.connect(call_centers_changed, sender=CallCenter, dispatch_uid="crm_connect:cc")
    # Deleting a group drops its memberships and call-center links without m2m signals.
    post_delete.connect(call_centers_changed, sender=Group, dispatch_uid="crm_connect:group")
    m2m_changed.connect(
        call_centers_changed, sender=CallCenter.groups.through, dispatch_uid="crm_connect:cc"
    )
    # Group membership: ``user.groups.add(...)`` and ``group.user_set.add(...)`` alike.
    # A custom user model without ``groups`` (no PermissionsMixin) has nothing to watch.
    groups = getattr(get_user_model(), "groups", None)
    if groups is not None:
        m2m_changed.connect(
            call_centers_changed, sender=groups.through, dispatch_uid="crm_connect:user-groups"
        )
    # Deleting a user needs nothing: entries are per user pk, and pks are not reused.
