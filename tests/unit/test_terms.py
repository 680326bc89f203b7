"""Date arithmetic of warranty terms (DESIGN.md, "Domain conventions")."""

from __future__ import annotations

from datetime import date

import pytest

from warrantor.domain.terms import (
    add_months,
    anniversary,
    extension_span,
    months_end,
    repair_cover_end,
    term_end,
    window_last_day,
)


def test_a_term_ends_the_day_before_the_anniversary() -> None:
    assert term_end(date(2020, 3, 10), 3) == date(2023, 3, 9)


def test_the_anniversary_of_29_february_in_a_common_year_is_1_march() -> None:
    assert anniversary(date(2016, 2, 29), 2) == date(2018, 3, 1)
    assert anniversary(date(2016, 2, 29), 4) == date(2020, 2, 29)


def test_a_term_from_29_february_ends_on_28_february_in_a_common_year() -> None:
    assert term_end(date(2016, 2, 29), 5) == date(2021, 2, 28)


def test_a_term_from_29_february_ends_on_28_february_in_a_leap_year_too() -> None:
    assert term_end(date(2016, 2, 29), 4) == date(2020, 2, 28)


def test_an_extension_starts_the_day_after_the_previous_term() -> None:
    start = date(2020, 3, 10)
    assert extension_span(start, term_end(start, 3), 5, 5) == (date(2023, 3, 10), date(2025, 3, 9))


def test_an_extension_never_ends_after_the_maximum() -> None:
    start = date(2020, 3, 10)
    assert extension_span(start, term_end(start, 3), 7, 5) == (date(2023, 3, 10), date(2025, 3, 9))


def test_an_extension_past_the_maximum_adds_nothing() -> None:
    start = date(2020, 3, 10)
    assert extension_span(start, term_end(start, 5), 6, 5) is None


def test_the_window_s_last_day_is_day_0_plus_its_length() -> None:
    assert window_last_day(date(2024, 1, 10), 60) == date(2024, 3, 10)
    assert window_last_day(date(2023, 1, 10), 60) == date(2023, 3, 11)


def test_months_roll_a_missing_day_into_the_next_month() -> None:
    assert add_months(date(2023, 1, 31), 1) == date(2023, 3, 1)
    assert add_months(date(2023, 11, 15), 3) == date(2024, 2, 15)
    assert months_end(date(2023, 2, 1), 3) == date(2023, 4, 30)


def test_a_repaired_part_keeps_the_longer_of_the_rest_and_the_minimum() -> None:
    assert repair_cover_end(date(2023, 2, 1), date(2023, 3, 9), 3) == date(2023, 4, 30)
    assert repair_cover_end(date(2021, 2, 1), date(2023, 3, 9), 3) == date(2023, 3, 9)
    assert repair_cover_end(date(2021, 2, 1), None, 3) == date(2021, 4, 30)


def test_nonsense_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        term_end(date(2020, 1, 1), 0)
    with pytest.raises(ValueError):
        window_last_day(date(2020, 1, 1), -1)
