"""An RMA's clock paused while the desk waits on the customer (issue #23, item 5).

Three waits: the customer's answer to a paid-repair quote (``quote``), documents the desk
asked for (``documents``), an extended-warranty certificate the decision asked for
(``certificate``). Neither seed policy text speaks of pausing, so which waits pause
which clock (``number``: the RMA number's; ``repair``: the repair's) is a setting of
each service centre; by default every wait pauses the repair clock only
(``DEFAULT_PAUSES``).

A pause runs from the instant the wait begins to the instant it ends. The business
days it holds are those *after* the local day it began, up to and including the local
day it ended, in the service centre's time zone (the day a wait began was worked; the
day it ended was not): the same count as "within N business days after X"
(DESIGN.md), so a wait begun and ended on one day moves nothing, and a quote sent on a
Friday and answered on the Tuesday after a Monday holiday moves the due date by one
business day (the Tuesday). The clock's due day is then the N-th business day after the
clock started on which it was not paused (``domain.calendar.due_date_with_pauses``), N
being what the promise gave: a pause after the due day has passed moves nothing, a late
RMA stays late.

Pure: no I/O, no clock reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from warrantor.domain.calendar import (
    BusinessCalendar,
    Pause,
    due_date_with_pauses,
    working_days_elapsed,
)
from warrantor.domain.rma import REPAIR_CLOCK_STATES, RmaDue
from warrantor.errors import InvalidInput, Problem

WAITS = ("quote", "documents", "certificate")
"""What the desk waits on the customer for."""

WAIT_WORDING = {
    "quote": "the customer's answer to a paid-repair quote",
    "documents": "documents asked of the customer",
    "certificate": "the extended-warranty certificate asked of the customer",
}

CLOCKS = ("number", "repair")
"""The RMA's clocks: the RMA number's (from validated documents) and the repair's."""

CLOCK_WORDING = {"number": "RMA-number clock", "repair": "repair clock"}

DEFAULT_PAUSES: Mapping[str, tuple[str, ...]] = {wait: ("repair",) for wait in WAITS}
"""A centre that set nothing: every wait pauses the repair clock, none the number's."""


def clock_of_state(state: str) -> str | None:
    """The clock the RMA's current step runs under, if any (as ``Rma.current_due``)."""
    if state == "documents_validated":
        return "number"
    if state in REPAIR_CLOCK_STATES:
        return "repair"
    return None


def checked_setting(wait: str, clocks: Sequence[str]) -> tuple[str, ...]:
    """``clocks`` (each once, in ``CLOCKS`` order) for ``wait``; ``InvalidInput`` naming the
    field for an unknown wait or clock."""
    if wait not in WAITS:
        message = f"unknown wait {wait!r}; waits: {', '.join(WAITS)}"
        raise InvalidInput(message, [Problem(message, "wait")])
    unknown = [c for c in clocks if c not in CLOCKS]
    if unknown:
        message = f"unknown clock {unknown[0]!r}; clocks: {', '.join(CLOCKS)}"
        raise InvalidInput(message, [Problem(message, "clocks")])
    return tuple(c for c in CLOCKS if c in clocks)


@dataclass(frozen=True, slots=True)
class ClockPause:
    """One clock of one RMA stopped while it waited on the customer.

    ``ended_at`` is ``None`` while the wait lasts; ``moved_days`` the business days the
    clock's due date moved when it ended (``None`` while open).
    """

    id: int
    rma_id: int
    wait: str
    clock: str
    started_at: datetime
    started_by: str
    ended_at: datetime | None = None
    ended_by: str | None = None
    moved_days: int | None = None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    def describe(self) -> str:
        """One line for a timeline: which clock, why, and what it moved."""
        what = f"{CLOCK_WORDING[self.clock]} paused: waiting on {WAIT_WORDING[self.wait]}"
        if self.ended_at is None:
            return what
        days = self.moved_days or 0
        return f"{what}; resumed, due date moved by {days} business day{'s' * (days != 1)}"


def paused_days(started_at: datetime, ended_at: datetime, timezone: str) -> Pause | None:
    """The local days a pause holds (see the module docstring); ``None`` when none."""
    zone = ZoneInfo(timezone)
    first = started_at.astimezone(zone).date() + timedelta(days=1)
    last = ended_at.astimezone(zone).date()
    return (first, last) if last >= first else None


def due_after_pauses(
    due: RmaDue,
    clock_started_on: date,
    calendar: BusinessCalendar,
    timezone: str,
    earlier: Sequence[Pause],
    pause: Pause | None,
) -> tuple[RmaDue, int]:
    """``due`` moved past ``pause`` (earlier pauses already counted in it), and by how many
    business days it moved.

    The promise's N is read back from ``due`` (the inverse of the count that made it),
    so a promise of 0 days (due the day its clock started) never moves.
    """
    if pause is None:
        return due, 0
    promised = working_days_elapsed(calendar, clock_started_on, due.due_on, list(earlier))
    if promised < 1:
        return due, 0
    due_on = due_date_with_pauses(calendar, clock_started_on, promised, [*earlier, pause])
    moved = calendar.business_days_between(due.due_on, due_on)
    if moved == 0:
        return due, 0
    zone = ZoneInfo(timezone)
    next_midnight = datetime.combine(due_on + timedelta(days=1), time(0), tzinfo=zone)
    settled = all(
        calendar.is_settled(due.due_on + timedelta(days=i))
        for i in range(1, (due_on - due.due_on).days + 1)
    )
    moved_due = RmaDue(
        due_on=due_on,
        due_at=next_midnight.astimezone(UTC),
        provisional=due.provisional or not settled,
        clause_ids=due.clause_ids,
    )
    return moved_due, moved
