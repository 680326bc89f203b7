"""What ``warrantor worker --status`` shows (issue #20): queue depth, failures, possible
duplicates, and each periodic duty's last and next run."""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.domain.actors import Actor
from warrantor.jobs.duties import (
    DUTIES,
    REMOVE_OLD_JOBS_CRON,
    RETRY_STALLED_JOBS_CRON,
    DutyContext,
)
from warrantor.jobs.procrastinate_app import build_app, queue_counts
from warrantor.services.jobs.runs import DutyState, duty_states
from warrantor.services.outbox.sender import OutboxStatus, outbox_status


@dataclass(frozen=True)
class WorkerStatus:
    """The outbox, the job queue (PostgreSQL; None on SQLite) and the duties."""

    outbox: OutboxStatus
    jobs: dict[str, int] | None
    duties: list[DutyState]

    @property
    def queue_depth(self) -> int:
        """Messages waiting or being sent, plus jobs waiting or running."""
        jobs = self.jobs or {}
        waiting_mail = self.outbox.counts.get("pending", 0) + self.outbox.counts.get("sending", 0)
        return waiting_mail + jobs.get("todo", 0) + jobs.get("doing", 0)


def worker_status(context: DutyContext, actor: Actor, *, limit: int = 50) -> WorkerStatus:
    """Gather the status; the job queue is read through Procrastinate on PostgreSQL."""
    runtime = context.runtime
    schedule = {duty.name: duty.cron for duty in DUTIES}
    jobs = None
    if not runtime.settings.effective_database_url.startswith("sqlite"):
        with build_app(context).open() as app:
            jobs = queue_counts(app)
        schedule["retry_stalled_jobs"] = RETRY_STALLED_JOBS_CRON
        schedule["remove_old_jobs"] = REMOVE_OLD_JOBS_CRON
    return WorkerStatus(
        outbox=outbox_status(runtime.uow_factory, actor, limit=limit),
        jobs=jobs,
        duties=duty_states(runtime.uow_factory, schedule, runtime.clock.now()),
    )
