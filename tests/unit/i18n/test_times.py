"""The day an instant falls on, on a reader's calendar (issue #26, item 2)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from warrantor.i18n.times import clock, clock_day, day_of, instant_day

LATE = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)


def test_an_instant_near_midnight_utc_falls_on_the_readers_day() -> None:
    assert day_of(LATE, "UTC") == date(2026, 12, 7)
    assert day_of(LATE, "Asia/Shanghai") == date(2026, 12, 8)
    assert day_of(LATE, "America/Los_Angeles") == date(2026, 12, 7)
    early = datetime(2026, 12, 8, 0, 30, tzinfo=UTC)
    assert day_of(early, "America/Toronto") == date(2026, 12, 7)
    # a naive value is read as UTC, as stored
    assert day_of(LATE.replace(tzinfo=None), "Asia/Shanghai") == date(2026, 12, 8)


def test_the_day_is_written_per_locale_with_the_zone_named_on_request() -> None:
    assert instant_day(LATE, "Asia/Shanghai") == "8 December 2026"
    assert instant_day(LATE, "Asia/Shanghai", named=True) == "8 December 2026 (Asia/Shanghai)"
    assert instant_day(LATE, "Europe/Berlin", "de") == "8. Dezember 2026"
    assert instant_day(LATE, "UTC", "zh_Hans") == "2026年12月7日"


@given(
    st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(["Pacific/Kiritimati", "Etc/GMT+12", "Asia/Shanghai"]),
)
def test_the_readers_day_is_within_a_day_of_utcs(value: datetime, zone: str) -> None:
    assert abs((day_of(value, zone) - value.date()).days) <= 1


def test_the_clis_clock_names_the_zone_and_keeps_iso_order() -> None:
    assert clock(LATE, "UTC") == "2026-12-07 23:30:00 UTC"
    assert clock(LATE, "Europe/Berlin") == "2026-12-08 00:30:00 CET (Europe/Berlin)"
    assert clock(LATE.replace(tzinfo=None), "Asia/Shanghai") == (
        "2026-12-08 07:30:00 CST (Asia/Shanghai)"
    )
    assert clock_day(LATE, "Asia/Shanghai") == "2026-12-08 (Asia/Shanghai)"
    assert clock_day(LATE, "America/Los_Angeles") == "2026-12-07 (America/Los_Angeles)"
