"""Date arithmetic of warranty terms (DESIGN.md, "Domain conventions").

Pure functions on ``datetime.date``. Every term is measured from the original
start day D so that chaining terms can never overshoot a maximum:

- a term that brings the total to N years ends the day before D's Nth
  anniversary (the anniversary of 29 February in a common year is 1 March,
  so such a term ends on 28 February);
- an extension starts the day after the term before it ends and ends N years
  after D, never later than the maximum;
- a purchase window of N days opens on day 0 (the invoice day) and its last
  day is the invoice day + N days.
"""

from __future__ import annotations

from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def anniversary(start: date, years: int) -> date:
    """The day ``years`` years after ``start``; 29 February rolls to 1 March in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February in a common year
        return date(start.year + years, 3, 1)


def add_months(start: date, months: int) -> date:
    """The same day ``months`` months later; a day the month lacks rolls to the 1st of the next."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    try:
        return date(year, month, start.day)
    except ValueError:  # e.g. 31 January + 1 month
        return date(year + month // 12, month % 12 + 1, 1)


def term_end(start: date, total_years: int) -> date:
    """Last covered day of a term that brings the total to ``total_years`` from ``start``."""
    if total_years < 1:
        raise ValueError("a term lasts at least one year")
    return anniversary(start, total_years) - ONE_DAY


def months_end(start: date, months: int) -> date:
    """Last covered day of a cover of ``months`` months beginning on ``start``."""
    if months < 1:
        raise ValueError("a cover lasts at least one month")
    return add_months(start, months) - ONE_DAY


def extension_span(
    start: date, previous_end: date, total_years: int, max_years: int | None
) -> tuple[date, date] | None:
    """First and last day of an extension bringing the total to ``total_years`` years.

    It starts the day after ``previous_end`` and ends ``total_years`` after
    ``start`` (capped at ``max_years``). ``None`` when nothing is left to add.
    """
    years = total_years if max_years is None else min(total_years, max_years)
    first = previous_end + ONE_DAY
    last = term_end(start, years)
    if last < first:
        return None
    return first, last


def window_last_day(opened_on: date, days: int) -> date:
    """Last day of a window of ``days`` days counted from day 0 = ``opened_on``."""
    if days < 0:
        raise ValueError("a window cannot have a negative length")
    return opened_on + timedelta(days=days)


def repair_cover_end(repaired_on: date, original_end: date | None, minimum_months: int) -> date:
    """Last day a repaired or replaced part is covered: the rest of the original or the minimum.

    Whichever is longer (QNAP KB 348: three months or the rest of the original
    warranty). A repair never restarts the original term.
    """
    minimum = months_end(repaired_on, minimum_months)
    if original_end is None:
        return minimum
    return max(minimum, original_end)
