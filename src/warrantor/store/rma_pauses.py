"""An RMA's paused clocks and each centre's setting of which waits pause which clock
(issue #23, item 5).

``RmaPauses`` is part of ``RmaRepository`` (``uow.rmas``): it starts and ends pauses,
lists them for the timeline, and reads and writes the centres' settings. Which pauses
hold an RMA back from the late list is SQL here too (``paused_now``), so the queues and
the late list judge it in the query. Maps rows to ``domain.rma_pauses.ClockPause``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select, update

from warrantor.domain.rma import REPAIR_CLOCK_STATES
from warrantor.domain.rma_pauses import DEFAULT_PAUSES, WAITS, ClockPause
from warrantor.store.repository import Repository, inserted_id
from warrantor.store.tables_rma import rmas
from warrantor.store.tables_rma_pauses import centre_clock_pauses as settings
from warrantor.store.tables_rma_pauses import rma_pauses

CLOCKS = ("number", "repair")


def clocks_of(states: Sequence[str]) -> tuple[str, ...]:
    """The clocks that run in any of ``states`` (no states: any state, so both clocks)."""
    if not states:
        return CLOCKS
    number = "documents_validated" in states
    repair = not set(states).isdisjoint(REPAIR_CLOCK_STATES)
    return tuple(c for c, runs in zip(CLOCKS, (number, repair), strict=True) if runs)


def _current_clock_paused(clocks: Sequence[str] = CLOCKS) -> Any:
    """SQL: the open pause is of the clock the RMA's current step runs under (of
    ``clocks``, the clocks its states can run: a queue's)."""
    states = {"number": rmas.c.state == "documents_validated"}
    states["repair"] = rmas.c.state.in_(REPAIR_CLOCK_STATES)
    return or_(*(and_(rma_pauses.c.clock == clock, states[clock]) for clock in clocks))


def _open_pauses_of_row(clocks: Sequence[str] = CLOCKS) -> Any:
    return and_(
        rma_pauses.c.rma_id == rmas.c.id,
        rma_pauses.c.ended_at.is_(None),
        _current_clock_paused(clocks),
    )


def paused_now() -> Any:
    """SQL (over ``rmas``): the clock of the RMA's current step is paused."""
    return exists().where(_open_pauses_of_row())


def paused_since(clocks: Sequence[str] = CLOCKS) -> Any:
    """SQL (over ``rmas``): since when the current step's clock is paused (NULL: running),
    for RMAs in states that run one of ``clocks``."""
    return (
        select(func.min(rma_pauses.c.started_at))
        .where(_open_pauses_of_row(clocks))
        .correlate(rmas)
        .scalar_subquery()
    )


def paused_for(clocks: Sequence[str] = CLOCKS) -> Any:
    """SQL (over ``rmas``): the wait that paused the current step's clock first, for RMAs
    in states that run one of ``clocks``."""
    return _first_open(clocks, rma_pauses.c.wait).correlate(rmas).scalar_subquery()


def first_open_pause(clocks: Sequence[str] = CLOCKS) -> Any:
    """SQL (PostgreSQL, over ``rmas``): the current step's first open pause, as a ``LATERAL``
    subquery of at most one row (``started_at``, ``wait``), for RMAs in states that run
    one of ``clocks``: what ``paused_since`` and ``paused_for`` say, in one subquery a row
    instead of two (a queue page of 100 read 200 subplans). SQLite has no ``LATERAL``."""
    columns = (rma_pauses.c.started_at, rma_pauses.c.wait)
    return _first_open(clocks, *columns).lateral("open_pause")


def _first_open(clocks: Sequence[str], *columns: Any) -> Select[Any]:
    """``columns`` of the current step's first open pause (of ``clocks``), over ``rmas``."""
    return (
        select(*columns)
        .where(_open_pauses_of_row(clocks))
        .order_by(rma_pauses.c.started_at, rma_pauses.c.id)
        .limit(1)
    )


def _pause(row: Any) -> ClockPause:
    return ClockPause(
        id=row.id,
        rma_id=row.rma_id,
        wait=row.wait,
        clock=row.clock,
        started_at=row.started_at,
        started_by=row.started_by,
        ended_at=row.ended_at,
        ended_by=row.ended_by,
        moved_days=row.moved_days,
    )


class RmaPauses(Repository):
    """Pauses of RMAs' clocks, and the centres' pause settings."""

    def pauses(self, rma_id: int) -> list[ClockPause]:
        """Every pause of the RMA's clocks, in the order they began."""
        rows = self._connection.execute(
            select(rma_pauses).where(rma_pauses.c.rma_id == rma_id).order_by(rma_pauses.c.id)
        )
        return [_pause(row) for row in rows]

    def start_pause(self, rma_id: int, wait: str, clock: str, by: str, at: datetime) -> int:
        """Stop ``clock`` of the RMA for ``wait`` from ``at``; returns the pause's id."""
        return inserted_id(
            self._connection.execute(
                rma_pauses.insert().values(
                    rma_id=rma_id, wait=wait, clock=clock, started_at=at, started_by=by
                )
            )
        )

    def end_pause(self, pause_id: int, by: str, at: datetime, moved_days: int) -> bool:
        """End an open pause at ``at``; False when it had ended already (a concurrent end)."""
        result = self._connection.execute(
            update(rma_pauses)
            .where(rma_pauses.c.id == pause_id, rma_pauses.c.ended_at.is_(None))
            .values(ended_at=at, ended_by=by, moved_days=moved_days)
        )
        return result.rowcount == 1

    def pause_settings(self, brand: str, centre: str) -> dict[str, tuple[str, ...]]:
        """Which clocks each wait pauses at the centre: its setting, else the default."""
        rows = self._connection.execute(
            select(settings.c.wait, settings.c.clocks).where(
                settings.c.brand == brand, settings.c.centre == centre
            )
        )
        found = {row.wait: tuple(row.clocks.split()) for row in rows}
        return {wait: found.get(wait, DEFAULT_PAUSES[wait]) for wait in WAITS}

    def set_pause_settings(
        self, brand: str, centre: str, clocks: Mapping[str, tuple[str, ...]], by: str, at: datetime
    ) -> None:
        """Set the clocks each wait in ``clocks`` pauses at the centre (others unchanged)."""
        for wait, paused in clocks.items():
            values = {"clocks": " ".join(paused), "updated_at": at, "updated_by": by}
            changed = self._connection.execute(
                update(settings)
                .where(settings.c.brand == brand, settings.c.centre == centre)
                .where(settings.c.wait == wait)
                .values(**values)
            ).rowcount
            if not changed:
                self._connection.execute(
                    settings.insert().values(brand=brand, centre=centre, wait=wait, **values)
                )
