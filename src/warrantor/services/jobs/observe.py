"""Use case: the figures ``/metrics`` shows without scanning (issue #22).

``observe`` is the worker's ``observe`` duty (every minute): it counts the RMAs
late per service centre and measures the job queues (the outbox; Procrastinate's
jobs on PostgreSQL) and stores them, replacing the last set in one
transaction. ``scrape_figures`` is what a scrape reads: those rows and each
periodic duty's runs and failures (``duty_runs``, one row a duty), so a scrape
costs a few rows whatever the size of the database. A centre with no late RMA
has no row (its series ends) rather than a zero.
"""

from __future__ import annotations

from datetime import datetime

from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.duty_runs import DutyRunRepository
from warrantor.store.observed_figures import ObservedFigureRepository, QueueFigure, StoredFigure
from warrantor.telemetry.metrics import Figure

LATE = "warrantor_rmas_late"
DEPTH = "warrantor_job_queue_depth"
AGE = "warrantor_job_queue_oldest_age_seconds"
OBSERVED_AT = "warrantor_observed_at_timestamp_seconds"
RUNS = "warrantor_duty_runs"
FAILURES = "warrantor_duty_failures"


def _queue(name: str, queue: QueueFigure, now: datetime) -> list[StoredFigure]:
    age = max(0.0, (now - queue.oldest).total_seconds()) if queue.oldest else 0.0
    return [
        StoredFigure(DEPTH, float(queue.depth), {"queue": name}),
        StoredFigure(AGE, round(age, 3), {"queue": name}),
    ]


def observe(uow_factory: UnitOfWorkFactory, now: datetime) -> str:
    """Measure and store the figures; returns the duty's one-line summary."""
    with uow_factory() as uow:
        figures = ObservedFigureRepository(uow.connection)
        late = figures.late_by_centre(now)
        queues = {"mail": figures.mail_queue()}
        if uow.connection.dialect.name == "postgresql":
            queues["jobs"] = figures.job_queue()
        stored = [
            *(StoredFigure(LATE, float(n), {"centre": centre}) for centre, n in late.items()),
            *(figure for name, queue in queues.items() for figure in _queue(name, queue, now)),
            StoredFigure(OBSERVED_AT, now.timestamp()),
        ]
        figures.replace(stored, now)
    depths = ", ".join(f"{name} {queue.depth}" for name, queue in queues.items())
    return f"{sum(late.values())} late RMA(s) in {len(late)} centre(s); queues: {depths}"


def scrape_figures(uow_factory: UnitOfWorkFactory) -> list[Figure]:
    """The stored figures and each duty's runs and failures (a few rows; read-only)."""
    with uow_factory(read_only=True) as uow:
        stored = ObservedFigureRepository(uow.connection).all()
        runs = DutyRunRepository(uow.connection).all().values()
    figures = [Figure(each.name, each.value, each.labels) for each in stored]
    for run in runs:
        figures.append(Figure(RUNS, float(run.runs), {"duty": run.duty}))
        figures.append(Figure(FAILURES, float(run.failures), {"duty": run.duty}))
    return figures
