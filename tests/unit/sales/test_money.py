"""Money: integer minor units with a currency; no float, no mixing currencies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warrantor.domain.money import CurrencyMismatch, Money


def test_money_formats_with_the_currency_s_decimals() -> None:
    assert str(Money(12900, "USD")) == "USD 129.00"
    assert str(Money(5, "USD")) == "USD 0.05"
    assert str(Money(-550, "EUR")) == "EUR -5.50"
    assert str(Money(1500, "JPY")) == "JPY 1500"
    assert str(Money(1234, "KWD")) == "KWD 1.234"


def test_parsing_reads_decimal_text_into_minor_units() -> None:
    assert Money.parse("129.00", "usd") == Money(12900, "USD")
    assert Money.parse("129", "USD") == Money(12900, "USD")
    assert Money.parse("1500", "JPY") == Money(1500, "JPY")


@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [
        ("1.005", "USD", "at most 2 decimals"),
        ("12.5", "JPY", "at most 0 decimals"),
        ("ten", "USD", "not an amount"),
        ("NaN", "USD", "not an amount"),
        ("1.00", "US", "three-letter"),
    ],
)
def test_parsing_refuses_what_is_not_an_amount_of_that_currency(
    amount: str, currency: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Money.parse(amount, currency)


def test_adding_different_currencies_is_an_error() -> None:
    with pytest.raises(CurrencyMismatch):
        _ = Money(100, "USD") + Money(100, "CAD")
    with pytest.raises(CurrencyMismatch):
        _ = Money(100, "USD") < Money(100, "CAD")


def test_money_is_whole_minor_units_never_a_float() -> None:
    with pytest.raises(TypeError):
        Money(1.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Money(1, "usd")


def test_a_unit_price_times_a_quantity() -> None:
    assert Money(13900, "USD") * 4 == Money(55600, "USD")
    assert 3 * Money(100, "USD") == Money(300, "USD")


@given(st.integers(-(10**15), 10**15), st.sampled_from(["USD", "JPY", "KWD"]))
def test_formatting_and_parsing_round_trip(minor: int, currency: str) -> None:
    money = Money(minor, currency)

    assert Money.parse(money.amount, currency) == money


@given(st.integers(-(10**9), 10**9), st.integers(-(10**9), 10**9))
def test_addition_and_subtraction_are_exact(a: int, b: int) -> None:
    assert (Money(a, "USD") + Money(b, "USD")) - Money(b, "USD") == Money(a, "USD")
