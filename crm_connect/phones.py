"""Phone numbers in one comparable form, with Google's ``phonenumbers`` library.

``+1 (555) 010-0199``, ``15550100199`` and ``(555) 010-0199`` (region ``US``) all
normalize to ``+15550100199`` (E.164). Numbers are compared in that form only.
"""

from __future__ import annotations

import phonenumbers
from django.db.models import Func, Value
from django.db.models.functions import Replace

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
