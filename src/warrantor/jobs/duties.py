"""Every periodic duty, declared once: what it does and when (cron, UTC).

Both workers run these: Procrastinate on PostgreSQL (``procrastinate_app``),
the polling loop on SQLite and for ``warrantor worker --once``
(``polling``). A duty's work takes the context and the instant it runs at,
does its job in its own units of work, and says in one line what it did.

Mail is special in one way only: the polling loop sends it every round
(its cadence is the loop's interval), Procrastinate on its cron like the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.mail.smtp import SmtpTransport
from warrantor.services.installed_base.coverage_projection import catch_up
from warrantor.services.jobs.observe import observe
from warrantor.services.jobs.retention import clean_up
from warrantor.services.jobs.schedule import check_cron
from warrantor.services.outbox.sender import (
    DEFAULT_MAX_ATTEMPTS,
    RetryPolicy,
    SendReport,
    send_due,
)
from warrantor.services.rma.sla_escalation import escalate_late_rmas
from warrantor.services.sales.quotes import settle_due


@dataclass(frozen=True)
class DutyContext:
    """What a duty runs with: the runtime, and how the mail round is sized."""

    runtime: Runtime
    batch: int = 50
    max_attempts: int = DEFAULT_MAX_ATTEMPTS

    @property
    def retry_policy(self) -> RetryPolicy:
        lease = timedelta(seconds=self.runtime.settings.worker_lease_s)
        return RetryPolicy(max_attempts=self.max_attempts, lease=lease)


@dataclass(frozen=True)
class Duty:
    """One periodic duty: its name (also its job lock and queueing lock), schedule and work."""

    name: str
    cron: str
    does: str
    work: Callable[[DutyContext, datetime], str]

    def __post_init__(self) -> None:
        check_cron(self.cron, field=f"duties.{self.name}.cron")


def send_mail_round(context: DutyContext, at: datetime) -> SendReport:
    """Send what is due in the outbox, batch after batch while batches come back full."""
    settings = context.runtime.settings
    with SmtpTransport(
        settings.smtp_host,
        settings.smtp_port,
        timeout=settings.smtp_timeout,
        starttls=settings.smtp_starttls,
        username=settings.smtp_username,
        password=settings.smtp_password,
    ) as transport:
        return send_due(
            context.runtime.uow_factory,
            transport,
            clock=context.runtime.clock,
            mail_from=settings.mail_from,
            batch=context.batch,
            policy=context.retry_policy,
        )


def mail_summary(report: SendReport) -> str:
    """One line for a mail round (the worker prints it; ``--status`` shows the last)."""
    text = f"sent {len(report.sent)}, to retry {len(report.retrying)}, failed {len(report.failed)}"
    if report.released:
        text += f", taken over from a stopped worker {report.released}"
    if report.lost_lease:
        text += f", lease lost {len(report.lost_lease)}"
    return text


def _send_mail(context: DutyContext, at: datetime) -> str:
    return mail_summary(send_mail_round(context, at))


def _settle_balances(context: DutyContext, at: datetime) -> str:
    runtime = context.runtime
    settled = settle_due(runtime.uow_factory, runtime.book, Actor.operator(), at)
    ids = ", ".join(str(q.id) for q in settled) or "-"
    return f"{len(settled)} balance(s) settled as credit notes: {ids}"


def _escalate_late_rmas(context: DutyContext, at: datetime) -> str:
    settings = context.runtime.settings
    return escalate_late_rmas(
        context.runtime.uow_factory,
        leads=settings.service_centre_leads,
        desk_url=settings.effective_base_url,
        now=at,
    ).summary()


def _recompute_coverage(context: DutyContext, at: datetime) -> str:
    return catch_up(context.runtime.uow_factory, context.runtime.book)


def _observe(context: DutyContext, at: datetime) -> str:
    return observe(context.runtime.uow_factory, at)


def _clean_up(context: DutyContext, at: datetime) -> str:
    keep = context.runtime.settings.retention_days
    return clean_up(context.runtime.uow_factory, now=at, keep_days=keep).summary()


MAIL = Duty("send_mail", "* * * * * */10", "send the mail outbox", _send_mail)

PERIODIC: tuple[Duty, ...] = (
    Duty(
        "settle_balances",
        "15 1 * * *",
        "turn distributor balances past their usable-until day into credit notes",
        _settle_balances,
    ),
    Duty(
        "escalate_late_rmas",
        "*/5 * * * *",
        "mail the service centre's lead once when an RMA step becomes late",
        _escalate_late_rmas,
    ),
    Duty(
        "recompute_coverage",
        "*/15 * * * *",
        "recompute the coverage projections a policy change left behind (or missing)",
        _recompute_coverage,
    ),
    Duty(
        "observe",
        "* * * * *",
        "store the figures /metrics shows without scanning (late RMAs per centre, queues)",
        _observe,
    ),
    Duty(
        "clean_up",
        "45 2 * * *",
        "remove old rate-limit buckets, ended sessions and delivered mail (never audit rows)",
        _clean_up,
    ),
)

DUTIES: tuple[Duty, ...] = (MAIL, *PERIODIC)

RETRY_STALLED_JOBS_CRON = "* * * * * */10"
"""PostgreSQL only: hand a stopped worker's jobs to the living (``procrastinate_app``)."""

REMOVE_OLD_JOBS_CRON = "50 2 * * *"
"""PostgreSQL only: delete finished jobs older than the retention (``procrastinate_app``)."""


def schedule() -> dict[str, str]:
    """Each duty's cron line, by name, in the order ``--status`` lists them."""
    return {duty.name: duty.cron for duty in DUTIES}
