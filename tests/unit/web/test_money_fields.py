"""Forms take money in major units with its currency, as people write it; it is stored in
minor units (DESIGN.md)."""

from __future__ import annotations

import pytest

from warrantor.errors import InvalidInput
from warrantor.views.amounts import minor_units


@pytest.mark.parametrize(
    ("typed", "currency", "minor"),
    [("129.00", "USD", 12900), ("129", "usd", 12900), ("0.5", "EUR", 50), ("1500", "JPY", 1500)],
)
def test_an_amount_typed_in_major_units_is_stored_in_minor_units(
    typed: str, currency: str, minor: int
) -> None:
    assert minor_units(typed, currency, "amount", "currency") == minor


@pytest.mark.parametrize(
    ("typed", "currency", "field"),
    [
        ("15.005", "USD", "amount"),  # more decimals than the currency has
        ("12.5", "JPY", "amount"),
        ("fifteen", "USD", "amount"),
        ("-1.00", "USD", "amount"),
        ("1.00", "dollars", "currency"),
    ],
)
def test_a_wrong_amount_or_currency_names_its_field(typed: str, currency: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        minor_units(typed, currency, "amount", "currency")
    assert [p.field for p in caught.value.problems] == [field]
