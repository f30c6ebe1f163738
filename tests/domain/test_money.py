"""Money: integer minor units, the currency's own exponent, strict parsing, never float."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resolution_center.domain.errors import ValidationError
from resolution_center.domain.money import MAX_MINOR, Money, exponent, parse_amount


@pytest.mark.parametrize(
    "text, currency, minor",
    [
        ("12.50", "EUR", 1250),
        ("12.5", "EUR", 1250),
        ("12", "EUR", 1200),
        ("0.01", "EUR", 1),
        ("1500", "JPY", 1500),
        ("1.250", "KWD", 1250),
        ("  7.00 ", "usd", 700),
    ],
)
def test_parses_plain_decimals_in_the_currencys_exponent(
    text: str, currency: str, minor: int
) -> None:
    assert parse_amount(text, currency) == Money(minor, currency.upper())


@pytest.mark.parametrize(
    "text, currency, message",
    [
        ("10.001", "EUR", "more decimal places than EUR allows (2)"),
        ("12.5", "JPY", "more decimal places than JPY allows (0)"),
        ("1,5", "EUR", "is not an amount in EUR"),
        ("-3", "EUR", "must not be negative"),
        ("1e3", "EUR", "is not an amount"),
        ("NaN", "EUR", "is not an amount"),
        ("", "EUR", "enter an amount"),
        ("9" * 30, "EUR", "absurdly large"),
        ("12.50", "XYZ", "unknown currency 'XYZ'"),
    ],
)
def test_refuses_what_it_cannot_parse_exactly(text: str, currency: str, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_amount(text, currency)
    assert message in err.value.message
    assert err.value.field in ("amount", "currency")


@pytest.mark.parametrize(
    "text, kwargs",
    [
        ("١٢٣", {}),  # ARABIC-INDIC digits: was 123.00 EUR
        ("１２", {}),  # FULLWIDTH digits: was 12.00 EUR
        ("12.٥0", {}),
        ("۱۲", {}),  # EXTENDED ARABIC-INDIC
        ("१२.५०", {}),  # DEVANAGARI
        ("1²", {}),
        ("١٬٢٣٤,٥", {"decimal_sep": ",", "group_sep": "٬"}),  # the window's separators too
    ],
)
def test_only_ascii_digits_are_an_amount(text: str, kwargs: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as err:
        parse_amount(text, "EUR", **kwargs)
    assert "ASCII digits 0-9" in err.value.message
    assert err.value.field == "amount"


def test_locale_separators_are_accepted_only_where_the_window_asks() -> None:
    assert parse_amount("1,5", "EUR", decimal_sep=",") == Money(150, "EUR")
    assert parse_amount("1.234,56", "EUR", decimal_sep=",", group_sep=".") == Money(123456, "EUR")
    with pytest.raises(ValidationError, match="use ',' for decimals"):
        parse_amount("1.5", "EUR", decimal_sep=",")


def test_currencies_never_mix_and_floats_are_refused() -> None:
    with pytest.raises(ValidationError, match="cannot combine EUR with JPY"):
        _ = Money(100, "EUR") < Money(100, "JPY")
    with pytest.raises(ValidationError, match="integer count of minor units"):
        Money(12.5, "EUR")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Money(MAX_MINOR + 1, "EUR")


def test_formatting_uses_the_exponent() -> None:
    assert Money(123456, "EUR").format() == "1,234.56 EUR"
    assert Money(123456, "JPY").format() == "123,456 JPY"
    assert Money(1250, "KWD").as_decimal_text() == "1.250"
    assert Money(-5, "EUR").as_decimal_text() == "-0.05"
    assert Money(1999, "EUR").percent(50) == Money(999, "EUR")


@settings(deadline=None, derandomize=True, max_examples=300)
@given(st.integers(min_value=0, max_value=MAX_MINOR), st.sampled_from(["EUR", "JPY", "KWD"]))
def test_text_round_trips_exactly(minor: int, currency: str) -> None:
    money = Money(minor, currency)
    assert parse_amount(money.as_decimal_text(), currency) == money
    assert exponent(currency) in (0, 2, 3)
