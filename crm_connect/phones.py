"""Phone numbers in one comparable form, with Google's ``phonenumbers`` library.

``+1 (555) 010-0199``, ``15550100199`` and ``(555) 010-0199`` (region ``US``) all
normalize to ``+15550100199`` (E.164). Numbers are compared in that form only.
"""

from __future__ import annotations

from typing import Any

import phonenumbers
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, F, Func, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Replace
from django.db.models.sql.compiler import SQLCompiler

from crm_connect.conf import conf

#: Longest input worth parsing; anything longer is not a phone number.
MAX_LENGTH = 64

#: Characters people put between the digits of a phone number.
SEPARATORS = (" ", "-", "(", ")", ".", "/", "+", "\u00a0")


def parse(raw: object, region: str | None = None) -> phonenumbers.PhoneNumber | None:
    """The parsed number, or ``None`` when ``raw`` is not a possible phone number."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    if not text or len(text) > MAX_LENGTH:
        return None
    try:
        number = phonenumbers.parse(text, region or conf.PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def normalize(raw: object, region: str | None = None) -> str | None:
    """``raw`` in E.164 form (``+15550100199``), or ``None`` when it is not a number."""
    number = parse(raw, region)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def same_number(a: object, b: object, region: str | None = None) -> bool:
    """Whether ``a`` and ``b`` are the same phone number once normalized."""
    first = normalize(a, region)
    return first is not None and first == normalize(b, region)


def trailing_digits(e164: str, count: int | None = None) -> str:
    """The last ``count`` digits of the national number: a cheap database pre-filter."""
    number = phonenumbers.parse(e164)
    national = str(number.national_number)
    return national[-(count or conf.PHONE_MATCH_DIGITS) :]


def digits_only(field: str) -> Func:
    """A database expression: ``field`` with the usual separators removed.

    Works on every backend Django ships (nested ``REPLACE``), so a text phone field can
    be narrowed with ``__endswith`` without loading rows into Python.
    """
    expression: Func | str = field
    for separator in SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    assert isinstance(expression, Func)
    return expression


def key(e164: str, digits: int) -> str:
    """The :class:`PhoneKey` of a normalized number: the last ``digits`` of its digits.

    Every spelling of a number whose national number has at least ``digits`` digits ends
    with the same digits, whatever prefix (``+1``, ``1``, ``001``, none) it was written
    with, so one indexed equality finds them all.
    """
    return "".join(ch for ch in e164 if ch.isdigit())[-digits:]


class PhoneKey(Func):
    """A database expression: the last ``digits`` characters of ``field`` with the
    :data:`SEPARATORS` removed. Put it in an index and phone search is an index lookup::

        class Meta:
            indexes = [models.Index(PhoneKey("phone"), name="contact_phone_key")]

    The database computes it, so it stays in step with every write, including ``COPY``,
    ``bulk_create``, ``QuerySet.update`` and raw SQL. Its SQL holds its constants as
    literals (never parameters), so the expression of a query is word for word the
    expression of the index: PostgreSQL and SQLite match an expression index only then.
    """

    output_field = CharField()
    arity = 1

    def __init__(self, field: str | Combinable, digits: int = 7, **extra: Any) -> None:
        if type(digits) is not int or not 4 <= digits <= 15:
            raise ValueError(f"PhoneKey digits must be an int from 4 to 15, not {digits!r}.")
        self.digits = digits
        #: The name of the field the key is made of, ``""`` for another expression.
        self.field_name = field if isinstance(field, str) else ""
        super().__init__(F(field) if isinstance(field, str) else field, **extra)

    def as_sql(  # type: ignore[override]
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        **extra_context: Any,
    ) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        for separator in SEPARATORS:
            sql = f"REPLACE({sql}, '{separator}', '')"
        if connection.vendor in {"sqlite", "oracle"}:
            return f"SUBSTR({sql}, -{self.digits:d})", list(params)
        return f"RIGHT({sql}, {self.digits:d})", list(params)
