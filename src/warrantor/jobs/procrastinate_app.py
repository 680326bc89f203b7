"""The PostgreSQL worker: Procrastinate runs every duty on its cron (issue #20).

``build_app`` makes one task per duty (``jobs.duties``), each with the duty's
name as its job lock (never two runs at once) and queueing lock (never two
waiting), and registers it with Procrastinate's periodic deferrer; every
worker runs a deferrer, and the ``procrastinate_periodic_defers`` table lets
only one of them defer each tick. Workers scale out by starting more.

Crashes: each worker heartbeats every quarter of ``WARRANTOR_WORKER_LEASE_S``;
``retry_stalled_jobs`` puts the jobs of a worker silent for longer than that
back in line, for another worker to run. A duty's effects are idempotent
(keys in ``effects_done``, leases on the outbox), so a job run twice does its
work once.

Connections: psycopg with the runtime's ``prepare_threshold`` (off behind
PgBouncer); LISTEN/NOTIFY for new jobs only on a direct connection
(``Settings.worker_listens``), polling otherwise.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

import procrastinate
from procrastinate.exceptions import UniqueViolation
from procrastinate.job_context import JobContext
from procrastinate.jobs import Status
from sqlalchemy.engine import make_url

from warrantor.jobs.duties import (
    DUTIES,
    REMOVE_OLD_JOBS_CRON,
    RETRY_STALLED_JOBS_CRON,
    Duty,
    DutyContext,
)
from warrantor.jobs.task_log import procrastinate_middleware
from warrantor.services.jobs.runs import run_now
from warrantor.settings import Settings

QUEUE = "duties"
POLL_INTERVAL_S = 5.0
"""Seconds between polls for new jobs when not listening (and as LISTEN's fallback)."""

SHUTDOWN_GRACE_S = 30.0
"""On SIGTERM/SIGINT, how long running jobs may finish before they are aborted."""


def libpq_url(settings: Settings) -> str:
    """The database URL as libpq reads it (no SQLAlchemy driver suffix)."""
    url = make_url(settings.effective_database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def build_app(context: DutyContext) -> procrastinate.App:
    """A Procrastinate app on the runtime's database with every duty registered."""
    settings = context.runtime.settings
    connector = procrastinate.PsycopgConnector(
        conninfo=libpq_url(settings),
        kwargs={"prepare_threshold": settings.prepare_threshold},
        min_size=1,
        max_size=4,
    )
    app = procrastinate.App(connector=connector)
    for duty in DUTIES:
        _register(app, context, duty)
    _register_housekeeping(app, context)
    return app


def _register(app: procrastinate.App, context: DutyContext, duty: Duty) -> None:
    runtime = context.runtime

    def run(timestamp: int) -> str:
        return run_now(runtime.uow_factory, runtime.clock, duty.name, partial(duty.work, context))

    task = app.task(name=duty.name, queue=QUEUE, lock=duty.name, queueing_lock=duty.name)(run)
    app.periodic(cron=duty.cron, periodic_id=duty.name)(task)


def _register_housekeeping(app: procrastinate.App, context: DutyContext) -> None:
    runtime = context.runtime
    lease_s = runtime.settings.worker_lease_s
    keep_hours = runtime.settings.retention_days * 24

    async def retry_stalled_jobs(job: JobContext, timestamp: int) -> str:
        manager = job.app.job_manager
        stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=lease_s))
        superseded = []
        for stopped in stalled:
            try:
                await manager.retry_job(stopped)
            except UniqueViolation:  # a newer run of the same duty already waits (queueing lock)
                await manager.finish_job(stopped, status=Status.ABORTED, delete_job=False)
                superseded.append(stopped.id)
        ids = ", ".join(str(s.id) for s in stalled if s.id not in superseded) or "-"
        summary = (
            f"{len(stalled) - len(superseded)} job(s) of stopped workers put back in line: {ids}"
        )
        if superseded:
            summary += f"; {len(superseded)} superseded by a waiting run"
        await asyncio.to_thread(
            run_now, runtime.uow_factory, runtime.clock, "retry_stalled_jobs", lambda at: summary
        )
        return summary

    async def remove_old_jobs(job: JobContext, timestamp: int) -> str:
        await job.app.job_manager.delete_old_jobs(
            nb_hours=keep_hours, include_failed=True, include_cancelled=True, include_aborted=True
        )
        summary = f"finished jobs older than {keep_hours} hours removed"
        await asyncio.to_thread(
            run_now, runtime.uow_factory, runtime.clock, "remove_old_jobs", lambda at: summary
        )
        return summary

    for name, cron, function in (
        ("retry_stalled_jobs", RETRY_STALLED_JOBS_CRON, retry_stalled_jobs),
        ("remove_old_jobs", REMOVE_OLD_JOBS_CRON, remove_old_jobs),
    ):
        task: Any = app.task(name=name, queue=QUEUE, queueing_lock=name, pass_context=True)(
            function
        )
        app.periodic(cron=cron, periodic_id=name)(task)


def run_worker(app: procrastinate.App, settings: Settings, *, name: str | None = None) -> None:
    """Run a worker until SIGTERM/SIGINT: every queue, the periodic deferrer, heartbeats."""
    lease_s = settings.worker_lease_s
    app.run_worker(
        name=name or "warrantor",
        concurrency=2,
        listen_notify=settings.worker_listens,
        fetch_job_polling_interval=POLL_INTERVAL_S,
        delete_jobs="successful",
        update_heartbeat_interval=lease_s / 4,
        stalled_worker_timeout=lease_s,
        shutdown_graceful_timeout=SHUTDOWN_GRACE_S,
        worker_middleware=[procrastinate_middleware],  # one log line per job (jobs.task_log)
    )


def queue_counts(app: procrastinate.App) -> dict[str, int]:
    """Jobs by status over every queue (todo, doing, succeeded, failed, ...)."""
    totals: dict[str, int] = {}
    for queue in app.job_manager.list_queues():
        for status in ("todo", "doing", "succeeded", "failed", "cancelled", "aborted"):
            totals[status] = totals.get(status, 0) + int(queue.get(status) or 0)
    return totals
