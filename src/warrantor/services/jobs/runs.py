"""Use case: run a periodic duty and record how it went (issue #20).

Both workers go through here: the polling loop (SQLite, ``--once``) with
``run_if_due``, which claims the duty first so two loops never run it twice;
Procrastinate's tasks (PostgreSQL) with ``run_now``, its scheduler having
decided the duty is due. Either way the duty's last start, end, outcome and
summary land in ``duty_runs``, which ``warrantor worker --status`` shows.

A duty's own work commits in its own units of work; a duty that fails is
recorded ``failed`` with its error and raises, so the engine can retry it. A
worker killed mid-run leaves ``running``; the next scheduled run supersedes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from warrantor.services.clock import Clock
from warrantor.services.jobs.schedule import is_due, next_run
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.duty_runs import DutyRun, DutyRunRepository

DutyWork = Callable[[datetime], str]
"""A duty's work: given the instant it runs at, do it and say in one line what it did."""


def run_now(uow_factory: UnitOfWorkFactory, clock: Clock, duty: str, work: DutyWork) -> str:
    """Run ``duty`` now and record it; returns its summary (re-raises its error)."""
    started = clock.now()
    with uow_factory() as uow:
        DutyRunRepository(uow.connection).start(duty, now=started)
    return _run_recorded(uow_factory, clock, duty, started, work)


def run_if_due(
    uow_factory: UnitOfWorkFactory, clock: Clock, duty: str, cron: str, work: DutyWork
) -> str | None:
    """Run ``duty`` if its schedule says so and no other worker just started it.

    Returns its summary, or None when it was not due (or another worker has it).
    """
    now = clock.now()
    with uow_factory() as uow:
        runs = DutyRunRepository(uow.connection)
        last = runs.get(duty)
        seen = None if last is None else last.started_at
        if not is_due(cron, seen, now) or not runs.claim(duty, seen=seen, now=now):
            return None
    return _run_recorded(uow_factory, clock, duty, now, work)


def _run_recorded(
    uow_factory: UnitOfWorkFactory, clock: Clock, duty: str, started: datetime, work: DutyWork
) -> str:
    try:
        summary = work(started)
    except Exception as error:
        with uow_factory() as uow:
            DutyRunRepository(uow.connection).finish(
                duty, started_at=started, now=clock.now(), ok=False, summary=_reason(error)
            )
        raise
    with uow_factory() as uow:
        DutyRunRepository(uow.connection).finish(
            duty, started_at=started, now=clock.now(), ok=True, summary=summary
        )
    return summary


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}".strip()


@dataclass(frozen=True, slots=True)
class DutyState:
    """One duty as ``--status`` shows it: its last run (if any) and when it runs next."""

    duty: str
    cron: str
    last: DutyRun | None
    next_at: datetime
    """The schedule's next instant after the last start; now (or earlier) means due."""


def duty_states(
    uow_factory: UnitOfWorkFactory, schedule: dict[str, str], now: datetime
) -> list[DutyState]:
    """Every scheduled duty with its last run and next run, in the schedule's order."""
    with uow_factory(read_only=True) as uow:
        recorded = DutyRunRepository(uow.connection).all()
    states = []
    for duty, cron in schedule.items():
        last = recorded.get(duty)
        next_at = now if last is None else next_run(cron, last.started_at)
        states.append(DutyState(duty=duty, cron=cron, last=last, next_at=next_at))
    return states
