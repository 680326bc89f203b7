"""Business days, business-day deadlines and pausable SLA clocks.

Pure: no I/O and no clock reads; the instant of an event is passed in.

Business days follow DESIGN.md ("Domain conventions"): weekdays that are not
public holidays in the service region's calendar, plus the country's official
make-up working days (China's 调休 Saturdays and Sundays). The ``holidays``
package knows both, so this module asks it rather than keeping a calendar of
its own: ``is_working_day`` answers "is this a business day", and its
``weekend_workdays`` holds the make-up days.

When is a due date provisional?
    China publishes its make-up days once a year, for the next year (the State
    Council notice). In ``holidays`` those notices are the *substituted*
    entries of the country's ``special_public_holidays`` table, keyed by the
    year of the notice; for a year without one, the package still lists the
    fixed holidays (estimated from its rules) but can know no make-up days.
    So for a country that has make-up days (``has_substituted_holidays``), a
    year's calendar is settled only when the package holds a substituted entry
    for that year. A notice can also make the last weekend days of December
    of the year before into working days (e.g. 29-30 Dec 2001 in the 2002
    notice), so a December weekend day also needs the next year's notice.
    For a country without make-up days, a year is settled when it lies within
    the package's supported range (``start_year`` .. ``end_year``).
    Subdivision-only special tables are not consulted: none of our service
    regions has make-up days by subdivision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from warrantor.errors import InvalidInput, Problem

_ONE_DAY = timedelta(days=1)
_DECEMBER = 12


class BusinessCalendar:
    """The business days of one service region (a country, optionally a subdivision).

    Built once per region and reused; the underlying ``holidays`` object fills
    in years lazily as dates are asked about, which is pure computation.
    """

    def __init__(
        self, country: str, subdivision: str | None = None, closed: frozenset[date] = frozenset()
    ) -> None:
        try:
            self._holidays = holidays.country_holidays(country, subdiv=subdivision)
        except NotImplementedError as exc:
            field = "subdivision" if subdivision is not None else "country"
            raise InvalidInput(
                f"no holiday calendar for {country!r}"
                + (f" subdivision {subdivision!r}" if subdivision else ""),
                [Problem(str(exc), field=field)],
            ) from exc
        self.country = country
        self.subdivision = subdivision
        self.closed = closed
        """The service centre's own closure days: never business days."""
        self._has_make_up_days = bool(getattr(self._holidays, "has_substituted_holidays", False))
        self._notice_years = frozenset(
            year
            for year, entries in getattr(self._holidays, "special_public_holidays", {}).items()
            if any(_is_substitution(entry) for entry in _entries(entries))
        )

    def __repr__(self) -> str:
        sub = f", {self.subdivision!r}" if self.subdivision else ""
        return f"BusinessCalendar({self.country!r}{sub})"

    def is_business_day(self, day: date) -> bool:
        """True for a weekday that is not a public holiday, or an official make-up working day,
        unless the centre is closed that day."""
        return day not in self.closed and bool(self._holidays.is_working_day(day))

    def add_business_days(self, day: date, n: int) -> date:
        """The ``n``-th business day after ``day`` (``day`` itself never counts); ``n >= 1``."""
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        if not self.closed:
            result: date = self._holidays.get_nth_working_day(day, n)
            return result
        counted, current = 0, day
        while counted < n:  # closure days are few: step day by day past them
            current += _ONE_DAY
            counted += self.is_business_day(current)
        return current

    def business_days_between(self, start: date, end: date) -> int:
        """How many business days lie after ``start`` up to and including ``end``.

        The inverse of :meth:`add_business_days`:
        ``business_days_between(d, add_business_days(d, n)) == n``. Negative
        when ``end`` is before ``start``.
        """
        if end < start:
            return -self.business_days_between(end, start)
        return sum(1 for day in _days(start + _ONE_DAY, end) if self.is_business_day(day))

    def is_settled(self, day: date) -> bool:
        """Whether the package's data for ``day`` is final (see the module docstring)."""
        if not self._holidays.start_year <= day.year <= self._holidays.end_year:
            return False
        if not self._has_make_up_days:
            return True
        if day.year not in self._notice_years:
            return False
        december_weekend = day.month == _DECEMBER and self._holidays.is_weekend(day)
        return not december_weekend or day.year + 1 in self._notice_years


def _entries(value: object) -> tuple[tuple[object, ...], ...]:
    """A year's special-holiday entries: one tuple or a tuple of tuples in ``holidays``."""
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):
        return value
    return (value,) if isinstance(value, tuple) else ()


def _is_substitution(entry: tuple[object, ...]) -> bool:
    """A substituted day (to_month, to_day, from_month, from_day[, from_year]), not a one-off."""
    return len(entry) >= 4


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@dataclass(frozen=True, slots=True)
class Deadline:
    """When a "within N business days" promise falls due.

    ``due_on`` is the last business day, in the service centre's time zone;
    ``due_at`` is the UTC instant that day ends (the next local midnight).
    ``provisional`` means the count passed through a day whose calendar the
    package does not know for certain yet, so the date may move.
    """

    due_on: date
    due_at: datetime
    provisional: bool


def business_deadline(
    event_at: datetime, n: int, calendar: BusinessCalendar, timezone: str
) -> Deadline:
    """The deadline of "within ``n`` business days after" an event at ``event_at``.

    It ends at the close of the ``n``-th business day after the *local* day of
    the event in the service centre's time zone: an event at 23:30 UTC on a
    Friday is still Friday in Los Angeles but already Saturday in Shanghai.
    """
    if event_at.tzinfo is None or event_at.utcoffset() is None:
        raise ValueError("event_at must be timezone-aware (UTC)")
    zone = _zone(timezone)
    event_day = event_at.astimezone(zone).date()
    due_on = calendar.add_business_days(event_day, n)
    # Where a DST change skips local midnight (America/Santiago in September),
    # zoneinfo reads the missing 00:00 with the old offset, which is exactly
    # the instant the next local day begins.
    next_midnight = datetime.combine(due_on + _ONE_DAY, time(0), tzinfo=zone)
    provisional = not all(calendar.is_settled(day) for day in _days(event_day + _ONE_DAY, due_on))
    return Deadline(due_on=due_on, due_at=next_midnight.astimezone(UTC), provisional=provisional)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            f"unknown time zone {name!r}", [Problem("not an IANA time zone", field="timezone")]
        ) from exc


# --- Pausable SLA clocks -------------------------------------------------------
#
# An SLA clock stops while the desk waits on the customer (missing documents,
# no reply). A pause ``(first, last)`` names the first and last day, both
# included, on which the clock was stopped; business days inside it do not count.

Pause = tuple[date, date]


def _check_pauses(paused: list[Pause]) -> None:
    for first, last in paused:
        if last < first:
            raise ValueError(f"pause ends ({last}) before it starts ({first})")


def _is_paused(day: date, paused: list[Pause]) -> bool:
    return any(first <= day <= last for first, last in paused)


def working_days_elapsed(
    calendar: BusinessCalendar, start: date, end: date, paused: list[Pause]
) -> int:
    """Business days after ``start`` up to and including ``end``, less those paused."""
    _check_pauses(paused)
    return sum(
        1
        for day in _days(start + _ONE_DAY, end)
        if calendar.is_business_day(day) and not _is_paused(day, paused)
    )


def due_date_with_pauses(
    calendar: BusinessCalendar, start: date, n: int, paused: list[Pause]
) -> date:
    """The ``n``-th unpaused business day after ``start`` (``n >= 1``).

    The inverse of :func:`working_days_elapsed`: counting from ``start`` to the
    returned day gives ``n``.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    _check_pauses(paused)
    day, counted = start, 0
    while counted < n:
        day = calendar.add_business_days(day, 1)
        if not _is_paused(day, paused):
            counted += 1
    return day
