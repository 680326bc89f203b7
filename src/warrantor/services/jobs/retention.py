"""Use case: remove what is kept only for a while (the clean-up duty, issue #20).

Rate-limit buckets, ended web sessions and delivered mail older than the
retention (``WARRANTOR_RETENTION_DAYS``) go, each kind in its own unit of
work so one big delete does not hold the others' locks. Mail still pending or
failed is kept whatever its age (someone must act on it), and so are audit
rows: the audit trail is append-only and never cleaned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from warrantor.errors import InvalidInput, Problem
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.retention import (
    delete_rate_limit_buckets_before,
    delete_sessions_ended_before,
)


@dataclass(frozen=True, slots=True)
class CleanUp:
    """How many rows of each kind one clean-up removed, and the cutoff it used."""

    cutoff: datetime
    rate_limit_buckets: int
    sessions: int
    delivered_mail: int

    def summary(self) -> str:
        return (
            f"removed before {self.cutoff.isoformat()}: {self.rate_limit_buckets} rate-limit "
            f"bucket(s), {self.sessions} ended session(s), {self.delivered_mail} delivered mail"
        )


def clean_up(uow_factory: UnitOfWorkFactory, *, now: datetime, keep_days: int) -> CleanUp:
    """Delete rows older than ``keep_days`` days before ``now``; safe to run any time."""
    if keep_days < 1:
        raise InvalidInput("keep at least one day", [Problem("must be 1 or more", "keep_days")])
    cutoff = now - timedelta(days=keep_days)
    with uow_factory() as uow:
        buckets = delete_rate_limit_buckets_before(uow.connection, cutoff)
    with uow_factory() as uow:
        sessions = delete_sessions_ended_before(uow.connection, cutoff)
    with uow_factory() as uow:
        mail = uow.outbox.delete_sent_before(cutoff)
    return CleanUp(
        cutoff=cutoff, rate_limit_buckets=buckets, sessions=sessions, delivered_mail=mail
    )
