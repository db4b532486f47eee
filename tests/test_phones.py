"""Phone numbers are compared in E.164, parsed by ``phonenumbers``."""

from __future__ import annotations

import pytest
from django.test import override_settings

from crm_connect import phones


@pytest.mark.parametrize(
    "raw",
    ["+1 (555) 010-0199", "15550100199", "5550100199", "(555) 010-0199", "tel:+15550100199"],
)
def test_us_numbers_written_differently_are_the_same(raw: str) -> None:
    assert phones.normalize(raw) == "+15550100199"
    assert phones.same_number(raw, "+1 555.010.0199")


def test_international_numbers_keep_their_country() -> None:
    assert phones.normalize("+44 20 7946 0958") == "+442079460958"
    assert not phones.same_number("+44 20 7946 0958", "20 7946 0958")


@override_settings(CRM_CONNECT={"PHONE_REGION": "GB"})
def test_the_default_region_applies_to_numbers_without_a_country_code() -> None:
    assert phones.normalize("020 7946 0958") == "+442079460958"


@pytest.mark.parametrize("raw", ["", "abc", "1", "+", None, 15550100199, "9" * 65, "tel:"])
def test_what_is_not_a_phone_number_normalizes_to_none(raw: object) -> None:
    assert phones.normalize(raw) is None
    assert not phones.same_number(raw, raw)


def test_trailing_digits_come_from_the_national_number() -> None:
    assert phones.trailing_digits("+15550100199", 7) == "0100199"
    assert phones.trailing_digits("+442079460958", 4) == "0958"
