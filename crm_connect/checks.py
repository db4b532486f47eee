"""The one registry of ``crm_connect``'s system checks.

Every check id is ``crm_connect.<E|W><nnn>``, documented once, in ``docs/checks.md``,
under the heading of its subsystem (:data:`SUBSYSTEMS`), and asserted by a test
(``tests/test_checks.py`` holds all three together).

How a subsystem adds a check:

1. Write a plain function in the subsystem's checks module (``crm_connect/<protocol>/checks.py``
   for a protocol, ``config_checks.py`` / ``page_checks.py`` for what the protocols share)
   and decorate it with :func:`check`, naming its subsystem, every id it can return, and
   Django's tags (``deploy=True`` for a check that only ``check --deploy`` runs)::

       @check("ucp", ids=("crm_connect.W301",), tags=(Tags.security,), deploy=True)
       def check_ucp_target_origin(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
           ...

   A value of a ``CRM_CONNECT`` key that the settings model refuses needs no check of its
   own: give the field its id (``setting(..., "crm_connect.E2nn")`` in
   ``settings_model.py``) and add the id to ``config_checks.SETTING_IDS``, whose one check
   reports for several subsystems by passing ``ids`` as a mapping ``{subsystem: ids}``.

2. Take the next free id of the subsystem's range (below) and never reuse or renumber
   one: ids are public (``SILENCED_SYSTEM_CHECKS``).
3. Add a row to the subsystem's table in ``docs/checks.md`` and a test that triggers it.

A new module of checks goes into :data:`CHECK_MODULES`; a new protocol's
``crm_connect/<protocol>/checks.py`` is found through :data:`crm_connect.protocols.PROTOCOLS`.
:func:`register_checks` (called once, by ``CrmConnectConfig.ready``) imports the modules
and hands every recorded function to Django: nothing else calls Django's ``register``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Any, TypeVar

from django.core.checks import CheckMessage, register
from django.db import DatabaseError

from crm_connect.protocols import PROTOCOLS

CheckFunction = Callable[..., Sequence[CheckMessage]]
F = TypeVar("F", bound=CheckFunction)

# Subsystem -> the heading of its table in docs/checks.md. The id ranges are historical
# (public, so kept): 0xx the settings, URLs, CSP and framing (0x0-0x2 also the connector's
# definition and request size, 03x the interaction logs), 1xx the connector's features and
# lookups, 2xx Skylight, 3xx UCP.
SUBSYSTEMS = {
    "configuration": "Settings, URLs, cache and database",
    "pages": "Templates, CSP, framing and cookies",
    "connector": "Connector",
    "skylight": "Skylight",
    "ucp": "UCP",
}

CHECK_MODULES = (
    "crm_connect.config_checks",
    "crm_connect.page_checks",
    *(f"crm_connect.{protocol}.checks" for protocol in PROTOCOLS),
)


@dataclass(frozen=True)
class RegisteredCheck:
    """One check function with what the registry knows of it."""

    function: CheckFunction
    subsystem: str
    ids: tuple[str, ...]
    tags: tuple[str, ...]
    deploy: bool
    #: Ids the function returns on behalf of other subsystems: (subsystem, id) pairs.
    others: tuple[tuple[str, str], ...] = ()


CHECKS: list[RegisteredCheck] = []


def check(
    subsystem: str,
    *,
    ids: Sequence[str] | Mapping[str, Sequence[str]],
    tags: Sequence[str],
    deploy: bool = False,
) -> Callable[[F], F]:
    """Record the decorated function as a check of ``subsystem`` returning ``ids`` (or,
    given ``{subsystem: ids}``, each subsystem's ids)."""
    by_subsystem = dict(ids) if isinstance(ids, Mapping) else {subsystem: ids}
    for name in (subsystem, *by_subsystem):
        if name not in SUBSYSTEMS:
            raise ValueError(f"unknown subsystem {name!r}; add it to SUBSYSTEMS")
    own = tuple(by_subsystem.pop(subsystem, ()))
    others = tuple((name, check_id) for name, some in by_subsystem.items() for check_id in some)

    def record(function: F) -> F:
        CHECKS.append(RegisteredCheck(function, subsystem, own, tuple(tags), deploy, others=others))
        return function

    return record


def register_checks() -> None:
    """Import every checks module and register what it recorded with Django."""
    for module in CHECK_MODULES:
        import_module(module)
    for entry in CHECKS:
        register(entry.function, *entry.tags, deploy=entry.deploy)


def ids_of(subsystem: str | None = None) -> set[str]:
    """The ids the recorded checks declare (of one subsystem, or of all)."""
    return {
        check_id
        for entry in CHECKS
        for name, check_id in (*((entry.subsystem, own) for own in entry.ids), *entry.others)
        if subsystem is None or name == subsystem
    }


def stored_call_centers(databases: Iterable[str] | None, *fields: str) -> Iterator[tuple[Any, ...]]:
    """``fields`` of every stored call center in ``databases``, for a database check (one
    that ``manage.py check --database default`` runs); a database not migrated yet has none."""
    from crm_connect.models import CallCenter

    for database in databases or ():
        try:
            rows = list(CallCenter.objects.using(database).values_list(*fields))
        except DatabaseError:  # not migrated yet: nothing stored to check
            continue
        yield from rows
