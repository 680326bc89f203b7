"""Business days, deadlines in a service centre's time zone, and pausable SLA clocks.

Dates below are checked against a wall calendar: 2026-11-26 is the fourth
Thursday of November (Thanksgiving), 2026-12-25 a Friday, 2026-07-01 a
Wednesday, and China's 2026 Spring Festival break runs Sun 15 to Mon 23
February with Saturdays 14 and 28 February worked in exchange.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warrantor.domain.calendar import (
    BusinessCalendar,
    Deadline,
    business_deadline,
    due_date_with_pauses,
    working_days_elapsed,
)
from warrantor.errors import InvalidInput

US = BusinessCalendar("US")
ONTARIO = BusinessCalendar("CA", "ON")
QUEBEC = BusinessCalendar("CA", "QC")
CHINA = BusinessCalendar("CN")


# --- is_business_day ----------------------------------------------------------


def test_thanksgiving_and_christmas_2026_are_not_us_business_days() -> None:
    assert not US.is_business_day(date(2026, 11, 26))  # Thanksgiving, Thursday
    assert not US.is_business_day(date(2026, 12, 25))  # Christmas, Friday
    assert US.is_business_day(date(2026, 11, 27))  # the Friday after is not a federal holiday
    assert US.is_business_day(date(2026, 12, 24))


def test_weekends_are_not_business_days_where_there_is_no_make_up_day() -> None:
    assert not US.is_business_day(date(2026, 11, 28))  # Saturday
    assert not US.is_business_day(date(2026, 11, 29))  # Sunday


def test_canada_day_is_a_holiday_in_every_province() -> None:
    assert not ONTARIO.is_business_day(date(2026, 7, 1))
    assert not QUEBEC.is_business_day(date(2026, 7, 1))


def test_a_provincial_holiday_is_a_business_day_in_the_other_province() -> None:
    # Saint-Jean-Baptiste (Fête nationale) is a Quebec holiday only.
    assert not QUEBEC.is_business_day(date(2026, 6, 24))
    assert ONTARIO.is_business_day(date(2026, 6, 24))


def test_spring_festival_2026_is_off_and_its_make_up_saturdays_are_worked_in_china() -> None:
    for day in (16, 17, 18, 19, 20, 23):  # weekdays inside the break
        assert not CHINA.is_business_day(date(2026, 2, day)), day
    assert CHINA.is_business_day(date(2026, 2, 14))  # Saturday, make-up day
    assert CHINA.is_business_day(date(2026, 2, 28))  # Saturday, make-up day
    assert not CHINA.is_business_day(date(2026, 3, 7))  # an ordinary Saturday


def test_unknown_country_or_subdivision_is_invalid_input_naming_the_field() -> None:
    with pytest.raises(InvalidInput) as country:
        BusinessCalendar("XX")
    assert country.value.problems[0].field == "country"
    with pytest.raises(InvalidInput) as subdivision:
        BusinessCalendar("CA", "ZZ")
    assert subdivision.value.problems[0].field == "subdivision"


# --- add_business_days / business_days_between --------------------------------


def test_due_date_skips_the_weekend() -> None:
    friday = date(2026, 3, 6)
    assert US.add_business_days(friday, 1) == date(2026, 3, 9)  # Monday
    assert US.add_business_days(friday, 2) == date(2026, 3, 10)


def test_two_business_days_after_thanksgiving_eve_is_the_monday() -> None:
    # Wed 25 Nov -> Fri 27 (1), Mon 30 (2): Thanksgiving and the weekend don't count.
    assert US.add_business_days(date(2026, 11, 25), 2) == date(2026, 11, 30)


def test_two_business_days_across_christmas() -> None:
    # Wed 23 Dec -> Thu 24 (1), Mon 28 (2).
    assert US.add_business_days(date(2026, 12, 23), 2) == date(2026, 12, 28)


def test_day_after_canada_day_eve_is_the_thursday() -> None:
    assert ONTARIO.add_business_days(date(2026, 6, 30), 1) == date(2026, 7, 2)


def test_china_counts_the_make_up_saturday_before_spring_festival() -> None:
    friday = date(2026, 2, 13)
    assert CHINA.add_business_days(friday, 1) == date(2026, 2, 14)  # make-up Saturday
    assert CHINA.add_business_days(friday, 2) == date(2026, 2, 24)  # first day back
    assert CHINA.add_business_days(date(2026, 2, 27), 1) == date(2026, 2, 28)


def test_business_days_between_counts_after_start_up_to_end() -> None:
    assert US.business_days_between(date(2026, 11, 25), date(2026, 11, 30)) == 2
    assert US.business_days_between(date(2026, 11, 25), date(2026, 11, 25)) == 0
    assert US.business_days_between(date(2026, 11, 30), date(2026, 11, 25)) == -2
    assert CHINA.business_days_between(date(2026, 2, 13), date(2026, 2, 28)) == 6  # 14, 24-28


def test_add_business_days_needs_a_positive_count() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        US.add_business_days(date(2026, 1, 5), 0)


# --- business_deadline: local day, close of day, provisional -------------------


def test_deadline_ends_at_the_next_local_midnight_in_utc() -> None:
    # Mon 2 Nov 2026 10:00 UTC; LA is on PST (UTC-8) again from 1 Nov.
    deadline = business_deadline(
        datetime(2026, 11, 2, 10, 0, tzinfo=UTC), 2, US, "America/Los_Angeles"
    )
    assert deadline == Deadline(
        due_on=date(2026, 11, 4),
        due_at=datetime(2026, 11, 5, 8, 0, tzinfo=UTC),
        provisional=False,
    )


def test_close_of_day_follows_daylight_saving_time() -> None:
    # LA moves to PDT (UTC-7) on Sun 8 Mar 2026 at 02:00.
    before = business_deadline(datetime(2026, 3, 5, 18, tzinfo=UTC), 1, US, "America/Los_Angeles")
    assert before.due_on == date(2026, 3, 6)
    assert before.due_at == datetime(2026, 3, 7, 8, 0, tzinfo=UTC)  # midnight PST
    after = business_deadline(datetime(2026, 3, 6, 18, tzinfo=UTC), 1, US, "America/Los_Angeles")
    assert after.due_on == date(2026, 3, 9)
    assert after.due_at == datetime(2026, 3, 10, 7, 0, tzinfo=UTC)  # midnight PDT


def test_friday_2330_utc_is_still_friday_in_los_angeles_but_saturday_in_shanghai() -> None:
    # Fri 13 Feb 2026 23:30 UTC = Fri 15:30 in LA, Sat 14 Feb 07:30 in Shanghai.
    # Under China's calendar that Saturday is a make-up working day, so the
    # local day decides whether it is the first business day *after* the event.
    event = datetime(2026, 2, 13, 23, 30, tzinfo=UTC)
    in_la = business_deadline(event, 1, CHINA, "America/Los_Angeles")
    in_shanghai = business_deadline(event, 1, CHINA, "Asia/Shanghai")
    assert in_la.due_on == date(2026, 2, 14)
    assert in_la.due_at == datetime(2026, 2, 15, 8, 0, tzinfo=UTC)
    assert in_shanghai.due_on == date(2026, 2, 24)
    assert in_shanghai.due_at == datetime(2026, 2, 24, 16, 0, tzinfo=UTC)  # midnight UTC+8


def test_thursday_evening_utc_gives_different_deadlines_in_la_and_shanghai() -> None:
    event = datetime(2026, 3, 5, 23, 30, tzinfo=UTC)  # Thu in LA, Fri in Shanghai
    assert business_deadline(event, 1, US, "America/Los_Angeles").due_on == date(2026, 3, 6)
    assert business_deadline(event, 1, US, "Asia/Shanghai").due_on == date(2026, 3, 9)


def test_deadline_through_a_published_chinese_year_is_final() -> None:
    event = datetime(2026, 2, 13, 2, 0, tzinfo=UTC)
    assert business_deadline(event, 2, CHINA, "Asia/Shanghai").provisional is False


def test_deadline_in_a_year_whose_make_up_days_are_not_published_is_provisional() -> None:
    event = datetime(2031, 3, 3, 2, 0, tzinfo=UTC)
    deadline = business_deadline(event, 2, CHINA, "Asia/Shanghai")
    assert deadline.provisional is True
    assert deadline.due_on == date(2031, 3, 5)  # still computed, from the estimated holidays


def test_deadline_crossing_into_an_unpublished_chinese_year_is_provisional() -> None:
    event = datetime(2026, 12, 30, 2, 0, tzinfo=UTC)  # Wed 30 Dec in Shanghai
    assert business_deadline(event, 3, CHINA, "Asia/Shanghai").provisional is True


def test_a_december_weekend_waits_for_the_next_years_chinese_notice() -> None:
    # A notice can make the last December weekend days of the year before into
    # working days (29-30 Dec 2001 were worked under the 2002 notice).
    thursday = datetime(2026, 12, 24, 2, 0, tzinfo=UTC)
    assert business_deadline(thursday, 1, CHINA, "Asia/Shanghai").provisional is False
    friday = datetime(2026, 12, 25, 2, 0, tzinfo=UTC)  # +1 passes Sat 26 and Sun 27
    assert business_deadline(friday, 1, CHINA, "Asia/Shanghai").provisional is True


def test_us_deadline_is_provisional_only_beyond_the_packages_range() -> None:
    assert not business_deadline(
        datetime(2040, 3, 5, 18, tzinfo=UTC), 2, US, "America/New_York"
    ).provisional
    assert business_deadline(
        datetime(2100, 12, 30, 18, tzinfo=UTC), 3, US, "America/New_York"
    ).provisional


def test_naive_event_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        business_deadline(datetime(2026, 3, 5, 18), 1, US, "America/Los_Angeles")


def test_unknown_time_zone_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as caught:
        business_deadline(datetime(2026, 3, 5, 18, tzinfo=UTC), 1, US, "Mars/Olympus_Mons")
    assert caught.value.problems[0].field == "timezone"


# --- pausable SLA clock --------------------------------------------------------


def test_days_waiting_on_the_customer_do_not_count() -> None:
    monday = date(2026, 11, 2)
    pause = [(date(2026, 11, 4), date(2026, 11, 5))]  # Wed-Thu waiting for documents
    # Tue 3 (1), Fri 6 (2), Mon 9 (3), Tue 10 (4), Wed 11 Veterans Day, Thu 12 (5).
    assert due_date_with_pauses(US, monday, 5, pause) == date(2026, 11, 12)
    assert due_date_with_pauses(US, monday, 5, []) == date(2026, 11, 9)
    assert working_days_elapsed(US, monday, date(2026, 11, 12), pause) == 5
    assert working_days_elapsed(US, monday, date(2026, 11, 12), []) == 7  # 3,4,5,6,9,10,12


def test_a_pause_over_a_weekend_changes_nothing() -> None:
    friday = date(2026, 3, 6)
    weekend = [(date(2026, 3, 7), date(2026, 3, 8))]
    assert due_date_with_pauses(US, friday, 1, weekend) == date(2026, 3, 9)
    assert working_days_elapsed(US, friday, date(2026, 3, 9), weekend) == 1


def test_overlapping_pauses_count_each_day_once() -> None:
    start = date(2026, 3, 2)  # Monday
    pauses = [(date(2026, 3, 3), date(2026, 3, 4)), (date(2026, 3, 4), date(2026, 3, 5))]
    assert working_days_elapsed(US, start, date(2026, 3, 6), pauses) == 1  # only Fri 6


def test_a_pause_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        working_days_elapsed(
            US, date(2026, 3, 2), date(2026, 3, 6), [(date(2026, 3, 5), date(2026, 3, 4))]
        )


# --- properties ------------------------------------------------------------------

CALENDARS = st.sampled_from([US, QUEBEC, CHINA])
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
COUNTS = st.integers(min_value=1, max_value=60)


@settings(max_examples=150, deadline=None)
@given(calendar=CALENDARS, day=DAYS, n=COUNTS)
def test_the_nth_business_day_after_a_day_is_a_business_day_after_it(
    calendar: BusinessCalendar, day: date, n: int
) -> None:
    due = calendar.add_business_days(day, n)
    assert due > day
    assert calendar.is_business_day(due)


@settings(max_examples=150, deadline=None)
@given(calendar=CALENDARS, day=DAYS, n=COUNTS)
def test_one_more_business_day_is_strictly_later(
    calendar: BusinessCalendar, day: date, n: int
) -> None:
    assert calendar.add_business_days(day, n + 1) > calendar.add_business_days(day, n)


@settings(max_examples=150, deadline=None)
@given(calendar=CALENDARS, day=DAYS, n=COUNTS)
def test_counting_business_days_undoes_adding_them(
    calendar: BusinessCalendar, day: date, n: int
) -> None:
    assert calendar.business_days_between(day, calendar.add_business_days(day, n)) == n


@settings(max_examples=100, deadline=None)
@given(
    calendar=CALENDARS,
    day=DAYS,
    n=COUNTS,
    pauses=st.lists(st.tuples(st.integers(0, 90), st.integers(0, 10)), max_size=3),
)
def test_elapsed_days_with_pauses_undo_the_paused_due_date(
    calendar: BusinessCalendar,
    day: date,
    n: int,
    pauses: list[tuple[int, int]],
) -> None:
    """Pauses are given as (days after ``day`` it starts, how many more days it lasts)."""
    paused = [
        (day + timedelta(days=offset), day + timedelta(days=offset + length))
        for offset, length in pauses
    ]
    due = due_date_with_pauses(calendar, day, n, paused)
    assert working_days_elapsed(calendar, day, due, paused) == n
    assert due >= calendar.add_business_days(day, n)
