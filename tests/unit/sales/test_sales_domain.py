"""Price-list validity, quote expiry and the balance's last usable day."""

from __future__ import annotations

from datetime import date

from warrantor.domain.money import Money
from warrantor.domain.sales import (
    QUOTE_VALID_DAYS,
    PriceList,
    assignable_until,
    quote_expires_on,
)


def price(valid_from: date, valid_until: date | None, retired: bool = False) -> PriceList:
    return PriceList(
        1, "QNAP", "TS-x53", 1, Money(7900, "USD"), valid_from, valid_until, "", retired
    )


def test_a_price_list_is_in_force_on_both_of_its_end_days() -> None:
    p = price(date(2026, 1, 1), date(2026, 12, 31))

    assert p.in_force_on(date(2026, 1, 1)) and p.in_force_on(date(2026, 12, 31))
    assert not p.in_force_on(date(2025, 12, 31)) and not p.in_force_on(date(2027, 1, 1))


def test_an_open_ended_list_has_no_last_day_and_a_retired_one_is_never_in_force() -> None:
    assert price(date(2026, 1, 1), None).in_force_on(date(2099, 1, 1))
    assert not price(date(2026, 1, 1), None, retired=True).in_force_on(date(2026, 6, 1))


def test_lists_that_share_one_day_overlap_and_adjacent_ones_do_not() -> None:
    p = price(date(2026, 1, 1), date(2026, 6, 30))

    assert p.overlaps(date(2026, 6, 30), None)
    assert p.overlaps(date(2025, 1, 1), date(2026, 1, 1))
    assert not p.overlaps(date(2026, 7, 1), None)
    assert not p.overlaps(date(2025, 1, 1), date(2025, 12, 31))
    assert price(date(2026, 1, 1), None).overlaps(date(2030, 1, 1), None)
    assert not price(date(2026, 1, 1), None, retired=True).overlaps(date(2026, 1, 1), None)


def test_a_quote_may_be_accepted_through_its_thirtieth_day() -> None:
    assert QUOTE_VALID_DAYS == 30
    assert quote_expires_on(date(2026, 11, 23)) == date(2026, 12, 23)


def test_a_balance_is_usable_through_the_payment_day_plus_the_window() -> None:
    assert assignable_until(date(2026, 11, 23), 60) == date(2027, 1, 22)
