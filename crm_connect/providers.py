"""Where the CRM's records come from: the one extension point for connector features.

A CRM decides what a directory entry is, which records a phone number finds, and where
a record lives. ``CRM_CONNECT["PROVIDER"]`` names a :class:`Provider` subclass; the
default, :class:`ModelProvider`, serves one model named in settings. See
``docs/providers.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.db import connections, router
from django.db.models import Model, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from crm_connect import phones
from crm_connect.conf import conf

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Record:
    """A CRM record as the connector features need it.

    ``object_type`` is the name the connector sees (Salesforce style, e.g. ``"Contact"``);
    ``model_label`` (``"crm.contact"``), when set, lets interaction logs link to it.
    """

    id: str
    name: str
    object_type: str
    url: str = ""
    phone: str = ""
    email: str = ""
    model_label: str = ""


class Provider:
    """The interface. Subclass it, implement the methods, name it in ``PROVIDER``.

    Every method gets the requesting user and must return only what that user may see.
    Methods are called from API views, never while rendering ordinary pages.
    """

    def directory(self, user: User, limit: int) -> list[Record]:
        """At most ``limit`` records for the agent's address book; each needs a phone or
        an e-mail."""
        raise NotImplementedError

    def find_by_phone(self, user: User, number: str, limit: int) -> list[Record]:
        """Records whose phone is ``number`` (E.164, already normalized)."""
        raise NotImplementedError

    def find_by_phones(self, user: User, numbers: list[str], limit: int) -> list[Record]:
        """At most ``limit`` records whose phone is one of ``numbers`` (E.164, in order
        of preference): the first number's records first, each record once.

        The screen pop asks for all of a call's numbers at once. This default asks
        :meth:`find_by_phone` once per number; override it to ask the CRM once."""
        found: dict[tuple[str, str], Record] = {}
        for number in numbers:
            for record in self.find_by_phone(user, number, limit=limit):
                found.setdefault((record.object_type, record.id), record)
            if len(found) >= limit:
                break
        return list(found.values())[:limit]

    def reindex(self) -> str:
        """Rebuild whatever the lookups rely on that the database does not keep in step
        by itself (``manage.py crm_connect_reindex``); say what was done. The default
        has nothing to rebuild."""
        return "Nothing to rebuild."

    def get_record(self, user: User, record_id: str, object_type: str = "") -> Record | None:
        """One record by id (and type, when the provider serves several), or ``None``."""
        raise NotImplementedError

    def record_for(self, instance: Any) -> Record:
        """The :class:`Record` for an object already in hand (templates); no queries."""
        raise NotImplementedError

    def create_url(self, user: User, phone: str) -> str:
        """Where the agent creates a record for an unknown caller; ``""`` for nowhere."""
        return ""


def _resolve_url(value: str) -> str:
    """``value`` as a URL: a URL name is reversed, anything with a ``/`` kept as it is."""
    if not value or "/" in value:
        return value
    try:
        return reverse(value)
    except NoReverseMatch:
        return ""


def reports_url() -> str:
    return _resolve_url(conf.REPORTS_URL)


class ModelProvider(Provider):
    """Serves one model: ``DIRECTORY_MODEL`` with the fields of ``DIRECTORY_FIELDS``.

    Override :meth:`queryset` to limit what each user sees (the default shows every row
    to every signed-in agent). Phone search narrows in the database by the last digits
    of the stored number, separators stripped, and then confirms each candidate with
    ``phonenumbers``; at most ``5 * limit`` candidates per number are ever read (in all,
    for several numbers asked at once). With an
    index on :class:`~crm_connect.phones.PhoneKey` of the phone field (see
    :attr:`phone_key`) that is one indexed equality for all of a call's numbers;
    without one, a scan per number (system check ``crm_connect.W110``).
    """

    @cached_property
    def model(self) -> type[Model]:
        label = conf.DIRECTORY_MODEL
        if not label:
            raise ImproperlyConfigured('CRM_CONNECT["DIRECTORY_MODEL"] is not set.')
        try:
            return apps.get_model(label)
        except (LookupError, ValueError) as exc:
            raise ImproperlyConfigured(
                f'CRM_CONNECT["DIRECTORY_MODEL"] = {label!r} is not an installed model.'
            ) from exc

    @property
    def is_configured(self) -> bool:
        """False without ``DIRECTORY_MODEL``: every lookup then finds nothing (system
        check ``crm_connect.W100`` says so)."""
        return bool(conf.DIRECTORY_MODEL)

    @property
    def fields(self) -> dict[str, str]:
        return conf.DIRECTORY_FIELDS

    def queryset(self, user: User) -> QuerySet[Any]:
        """Every record ``user`` may see. The place for per-user rules."""
        return self.model._default_manager.all()

    def object_type(self, model: type[Model] | None = None) -> str:
        """The name the connector sees: the model's class name, e.g. ``"Contact"``."""
        model = model or self.model
        return model._meta.object_name or model.__name__

    # --- Provider ------------------------------------------------------------------
    def directory(self, user: User, limit: int) -> list[Record]:
        if not self.is_configured:
            return []
        phone, email = self.fields.get("phone"), self.fields.get("email")
        reachable = Q()
        for field in (phone, email):
            if field:
                reachable |= Q(**{f"{field}__gt": ""})
        if not reachable:
            return []
        queryset = self.queryset(user).filter(reachable).order_by(*self._ordering())
        return [self.record_for(instance) for instance in queryset[:limit]]

    @property
    def phone_key(self) -> phones.PhoneKey | None:
        """The :class:`~crm_connect.phones.PhoneKey` that leads an index of the model
        over the phone field, or ``None``: phone search then scans the table."""
        field = self.fields.get("phone")
        if not field or not self.is_configured:
            return None
        return phone_key_index(self.model, field)

    def find_by_phone(self, user: User, number: str, limit: int) -> list[Record]:
        return self.find_by_phones(user, [number], limit)

    def find_by_phones(self, user: User, numbers: list[str], limit: int) -> list[Record]:
        field = self.fields.get("phone")
        if not field or not self.is_configured:
            return []
        targets = list(dict.fromkeys(n for n in map(phones.normalize, numbers) if n))
        if not targets:
            return []
        key = self.phone_key
        if key is None:
            # One scan per number, lazily: none once the first numbers fill the limit.
            batches: Iterable[QuerySet[Any]] = (self._scan(user, field, t, limit) for t in targets)
        else:
            batches = [self._indexed(user, key, targets, limit)]
        matches: dict[str, dict[Any, Any]] = {target: {} for target in targets}
        for batch in batches:
            for instance in batch:
                number = phones.normalize(getattr(instance, field, ""))
                if number in matches:
                    matches[number][instance.pk] = instance
            if len({pk for rows in matches.values() for pk in rows}) >= limit:
                break
        found: dict[Any, Record] = {}
        for rows in matches.values():  # the first number's first
            for pk, instance in rows.items():
                if len(found) < limit and pk not in found:
                    found[pk] = self.record_for(instance)
        return list(found.values())

    def _indexed(
        self, user: User, key: phones.PhoneKey, targets: list[str], limit: int
    ) -> QuerySet[Any]:
        """One indexed equality for every number (the key is not selected, only matched);
        :meth:`find_by_phones` puts the first number's records first."""
        keys = list(dict.fromkeys(phones.key(target, key.digits) for target in targets))
        candidates = (
            self.queryset(user)
            .alias(_crm_connect_phone_key=key)
            .filter(_crm_connect_phone_key__in=keys)
            .order_by(*self._ordering())
        )
        return candidates[: limit * 5 * len(targets)]  # type: ignore[no-any-return]

    def _scan(self, user: User, field: str, target: str, limit: int) -> QuerySet[Any]:
        """The fallback without an index: every row's digits, compared by their tail."""
        candidates = (
            self.queryset(user)
            .annotate(_crm_connect_digits=phones.digits_only(field))
            .filter(_crm_connect_digits__endswith=phones.trailing_digits(target))
            .order_by(*self._ordering())
        )
        return candidates[: limit * 5]  # type: ignore[no-any-return]

    def reindex(self) -> str:
        """Nothing to rebuild: the database computes an index on a ``PhoneKey`` itself,
        on every write. Refreshes the table's planner statistics, which a bulk load
        leaves stale, so the planner knows how selective the key is."""
        if not self.is_configured:
            return "No DIRECTORY_MODEL: nothing to rebuild."
        key = self.phone_key
        if key is None:
            return (
                "Phone search scans the table (no index on PhoneKey of the phone field, "
                "crm_connect.W110): nothing to rebuild."
            )
        model = self.model
        connection = connections[router.db_for_write(model)]
        if connection.vendor in {"postgresql", "sqlite"}:
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        return (
            f"Phone search uses the index on PhoneKey({key.field_name!r}, {key.digits}) of "
            f"{model._meta.label}, which the database keeps in step: nothing to rebuild. "
            "Table statistics refreshed."
        )

    def get_record(self, user: User, record_id: str, object_type: str = "") -> Record | None:
        if not self.is_configured:
            return None
        if object_type and object_type.lower() not in {
            self.object_type().lower(),
            self.model._meta.label_lower,
        }:
            return None
        try:
            instance = self.queryset(user).get(pk=record_id)
        except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
            # ValueError/ValidationError: an id that does not fit the primary key's type
            return None
        return self.record_for(instance)

    def record_for(self, instance: Any) -> Record:
        def value(key: str) -> str:
            field = self.fields.get(key)
            return str(getattr(instance, field, "") or "") if field else ""

        url = ""
        get_absolute_url = getattr(instance, "get_absolute_url", None)
        if callable(get_absolute_url):
            url = str(get_absolute_url())
        return Record(
            id=str(instance.pk),
            name=value("name") or str(instance),
            object_type=self.object_type(type(instance)),
            url=url,
            phone=value("phone"),
            email=value("email"),
            model_label=instance._meta.label_lower,
        )

    def create_url(self, user: User, phone: str) -> str:
        base = _resolve_url(conf.CREATE_URL)
        if not base:
            return ""
        separator = "&" if "?" in base else "?"
        return f"{base}{separator}{urlencode({'phone': phone})}"

    def _ordering(self) -> list[str]:
        name = self.fields.get("name")
        return [name, "pk"] if name else ["pk"]


def phone_key_index(model: type[Model], field: str) -> phones.PhoneKey | None:
    """The :class:`~crm_connect.phones.PhoneKey` of ``field`` that leads one of
    ``model``'s indexes (a partial index does not count), or ``None``."""
    for index in model._meta.indexes:
        if index.expressions and index.condition is None:
            expression = index.expressions[0]
            if isinstance(expression, phones.PhoneKey) and expression.field_name == field:
                return expression
    return None


def get_provider() -> Provider:
    """An instance of the configured provider class."""
    cls = conf.provider_class()
    if not (isinstance(cls, type) and issubclass(cls, Provider)):
        raise ImproperlyConfigured(
            f'CRM_CONNECT["PROVIDER"] = {conf.PROVIDER!r} is not a crm_connect Provider.'
        )
    return cls()
