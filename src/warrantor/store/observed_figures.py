"""Repository: the figures ``/metrics`` shows without scanning (issue #22).

The ``observe`` duty measures what needs a scan (the late RMAs per centre, the
queues) and ``replace``s the stored set in one transaction; a scrape reads them
all (``all``): a handful of rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, and_, delete, func, insert, select, text

from warrantor.store.rmas import _due_of_step as due_of_step  # "late" as the desk's queue means it
from warrantor.store.tables_jobs import observed_figures
from warrantor.store.tables_outbox import outbox
from warrantor.store.tables_rma import rmas

WAITING_MAIL = ("pending", "sending")


@dataclass(frozen=True, slots=True)
class StoredFigure:
    """One figure: a metric name, its labels and value, and when it was observed."""

    name: str
    value: float
    labels: dict[str, str] = field(default_factory=dict)
    observed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class QueueFigure:
    """A queue's depth (waiting or running) and the oldest waiting item's enqueue instant."""

    depth: int
    oldest: datetime | None


class ObservedFigureRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def replace(self, figures: Iterable[StoredFigure], at: datetime) -> int:
        """Make ``figures`` the stored set, observed ``at``; returns how many."""
        rows = [
            {
                "name": figure.name,
                "labels": json.dumps(figure.labels, sort_keys=True),
                "value": figure.value,
                "observed_at": at,
            }
            for figure in figures
        ]
        self._connection.execute(delete(observed_figures))
        if rows:
            self._connection.execute(insert(observed_figures), rows)
        return len(rows)

    def all(self) -> list[StoredFigure]:
        query = select(observed_figures).order_by(
            observed_figures.c.name, observed_figures.c.labels
        )
        return [
            StoredFigure(row.name, row.value, json.loads(row.labels), row.observed_at)
            for row in self._connection.execute(query)
        ]

    def late_by_centre(self, now: datetime) -> dict[str, int]:
        """How many RMAs' current step is due before ``now``, by service centre (the RMA's
        service point; ``none`` when it has none): one grouped scan, for the duty only."""
        due = due_of_step()
        centre = func.coalesce(rmas.c.service_point, "none")
        query = (
            select(centre.label("centre"), func.count().label("late"))
            .where(and_(due.is_not(None), due <= now))
            .group_by(centre)
        )
        return {row.centre: int(row.late) for row in self._connection.execute(query)}

    def mail_queue(self) -> QueueFigure:
        """The outbox: messages waiting or being sent, and the oldest one's creation."""
        row = self._connection.execute(
            select(func.count(), func.min(outbox.c.created_at)).where(
                outbox.c.status.in_(WAITING_MAIL)
            )
        ).one()
        return QueueFigure(int(row[0]), row[1])

    def job_queue(self) -> QueueFigure:
        """Procrastinate's jobs waiting or running (PostgreSQL only), and when the oldest
        waiting one became due (deferred, or its scheduled time if later)."""
        row = self._connection.execute(
            text(
                "SELECT (SELECT count(*) FROM procrastinate_jobs"
                "        WHERE status IN ('todo', 'doing')),"
                "       (SELECT min(greatest(e.at, j.scheduled_at))"
                "        FROM procrastinate_jobs j JOIN procrastinate_events e"
                "          ON e.job_id = j.id AND e.type = 'deferred'"
                "        WHERE j.status = 'todo' AND (j.scheduled_at IS NULL"
                "          OR j.scheduled_at <= now()))"
            )
        ).one()
        return QueueFigure(int(row[0]), row[1])
