"""Repository: each periodic duty's last run, and effects that must happen once (issue #20).

``duty_runs`` has one row per duty. Its ``started_at`` doubles as the claim a
polling worker makes: it starts a duty only by moving ``started_at`` from the
value it read to now (compare-and-set), so of two workers that see the duty due
at once, one wins and the other skips. Procrastinate's workers (PostgreSQL)
start their runs unconditionally: there the queueing lock and the job lock
keep a duty from running twice.

``effects_done`` keys are inserted in the caller's transaction with the effect
they guard: on PostgreSQL a second inserter of the same key waits for the first
one's transaction and then finds the key, so the effect happens once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, select, update

from warrantor.store.tables_jobs import duty_runs, effects_done
from warrantor.store.upsert import insert_for


@dataclass(frozen=True, slots=True)
class DutyRun:
    """A duty's last run and its totals."""

    duty: str
    started_at: datetime
    finished_at: datetime | None
    outcome: str
    """``running`` (or stopped mid-run), ``ok`` or ``failed``."""
    summary: str
    """What the run did, or why it failed."""
    runs: int
    failures: int


def _run(row: Row[Any]) -> DutyRun:
    return DutyRun(**row._mapping)


class DutyRunRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def get(self, duty: str) -> DutyRun | None:
        row = self._connection.execute(
            select(duty_runs).where(duty_runs.c.duty == duty)
        ).one_or_none()
        return None if row is None else _run(row)

    def all(self) -> dict[str, DutyRun]:
        return {row.duty: _run(row) for row in self._connection.execute(select(duty_runs))}

    def claim(self, duty: str, *, seen: datetime | None, now: datetime) -> bool:
        """Start a run of ``duty`` if its last start is still ``seen`` (None: never ran).

        False when another worker started it in between.
        """
        if seen is None:
            inserted = self._connection.execute(
                insert_for(self._connection, duty_runs)
                .values(_started(duty, now, runs=1, failures=0))
                .on_conflict_do_nothing(index_elements=["duty"])
                .returning(duty_runs.c.duty)
            )
            return inserted.scalar_one_or_none() is not None
        result = self._connection.execute(
            update(duty_runs)
            .where(duty_runs.c.duty == duty, duty_runs.c.started_at == seen)
            .values(_started_update(now))
        )
        return bool(result.rowcount)

    def start(self, duty: str, *, now: datetime) -> None:
        """Record a run started now, whatever ran before (the job engine decided it is due)."""
        statement = insert_for(self._connection, duty_runs).values(
            _started(duty, now, runs=1, failures=0)
        )
        self._connection.execute(
            statement.on_conflict_do_update(index_elements=["duty"], set_=_started_update(now))
        )

    def finish(
        self, duty: str, *, started_at: datetime, now: datetime, ok: bool, summary: str
    ) -> None:
        """Record how the run that started at ``started_at`` ended (a later run's row is kept)."""
        values: dict[str, Any] = {
            "finished_at": now,
            "outcome": "ok" if ok else "failed",
            "summary": summary[:2000],
        }
        if not ok:
            values["failures"] = duty_runs.c.failures + 1
        self._connection.execute(
            update(duty_runs)
            .where(duty_runs.c.duty == duty, duty_runs.c.started_at == started_at)
            .values(values)
        )

    def first_time(self, key: str, *, now: datetime) -> bool:
        """Record the idempotency ``key``; False if it was already recorded (do nothing)."""
        # RETURNING, not rowcount: the driver's rowcount after ON CONFLICT DO NOTHING
        # is not 0 on every engine.
        result = self._connection.execute(
            insert_for(self._connection, effects_done)
            .values(key=key, done_at=now)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(effects_done.c.key)
        )
        return result.scalar_one_or_none() is not None


def _started(duty: str, now: datetime, *, runs: int, failures: int) -> dict[str, Any]:
    return {
        "duty": duty,
        "started_at": now,
        "finished_at": None,
        "outcome": "running",
        "summary": "",
        "runs": runs,
        "failures": failures,
    }


def _started_update(now: datetime) -> dict[str, Any]:
    return {
        "started_at": now,
        "finished_at": None,
        "outcome": "running",
        "summary": "",
        "runs": duty_runs.c.runs + 1,
    }
