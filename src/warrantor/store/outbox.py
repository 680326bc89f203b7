"""Repository: the mail outbox (issue #5).

Messages are added in the caller's transaction and sent by the worker
(``services.outbox.sender``), which claims a batch, sends it outside any
transaction, then records each result.

Claiming is one statement, ``WITH due AS (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)
UPDATE outbox ... FROM due``, that moves the rows to ``sending`` with a lease. (The
CTE matters: PostgreSQL may rescan an ``IN (subquery)`` with a locking clause
and hand out more than ``n`` rows; a CTE with ``FOR UPDATE`` is run once.)

On PostgreSQL, two workers claiming at the same moment skip each other's
locked rows and get different messages. SQLite has one writer at a time and
ignores ``FOR UPDATE``: the ``UPDATE`` itself is atomic under that write
lock, so a second worker sees the rows already ``sending`` and passes them
by. A worker that dies while sending leaves a lease that expires
(``release_expired``): the message goes back to ``pending`` and is sent
again (at least once, never lost).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, case, delete, func, select, update

from warrantor.store.tables_outbox import OUTBOX_STATUSES, outbox


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message to write to the outbox, due at once."""

    topic: str
    reference: str
    to_address: str
    subject: str
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A message in the outbox and where its delivery stands."""

    id: int
    topic: str
    reference: str
    to_address: str
    subject: str
    body: str
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    last_attempt_at: datetime | None
    last_error: str | None
    lease_token: str | None
    lease_until: datetime | None
    sent_at: datetime | None
    takeovers: int = 0
    """Times another worker took it over after its worker stopped mid-send."""


def _message(row: Row[Any]) -> OutboxMessage:
    return OutboxMessage(**row._mapping)


LEASE_EXPIRED = "the worker sending it stopped before recording the result (lease expired)"


class OutboxRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, message: NewMessage) -> int:
        """Store ``message`` as ``pending``, due at its ``created_at``; returns its id."""
        result = self._connection.execute(
            outbox.insert()
            .values(
                topic=message.topic,
                reference=message.reference,
                to_address=message.to_address,
                subject=message.subject,
                body=message.body,
                status="pending",
                attempts=0,
                created_at=message.created_at,
                next_attempt_at=message.created_at,
            )
            .returning(outbox.c.id)
        )
        return int(result.scalar_one())

    def get(self, message_id: int) -> OutboxMessage | None:
        row = self._connection.execute(
            select(outbox).where(outbox.c.id == message_id)
        ).one_or_none()
        return None if row is None else _message(row)

    def find(
        self,
        *,
        statuses: Sequence[str] | None = None,
        reference: str | None = None,
        limit: int = 100,
    ) -> list[OutboxMessage]:
        """Messages, newest first, narrowed by status and reference."""
        query = select(outbox).order_by(outbox.c.id.desc()).limit(limit)
        if statuses:
            query = query.where(outbox.c.status.in_(list(statuses)))
        if reference is not None:
            query = query.where(outbox.c.reference == reference)
        return [_message(row) for row in self._connection.execute(query)]

    def counts(self) -> dict[str, int]:
        """How many messages are in each status (every status named, zeros included)."""
        rows = self._connection.execute(
            select(outbox.c.status, func.count()).group_by(outbox.c.status)
        )
        found = {status: int(count) for status, count in rows}
        return {status: found.get(status, 0) for status in OUTBOX_STATUSES}

    def release_expired(self, *, now: datetime, max_attempts: int) -> int:
        """Hand back messages whose worker's lease ran out; returns how many.

        Each such try counts as a failed attempt: the message is due again at
        once, or ``failed`` if that was its last attempt.
        """
        result = self._connection.execute(
            update(outbox)
            .where(outbox.c.status == "sending", outbox.c.lease_until <= now)
            .values(
                status=case((outbox.c.attempts >= max_attempts, "failed"), else_="pending"),
                next_attempt_at=now,
                last_error=LEASE_EXPIRED,
                lease_token=None,
                lease_until=None,
                takeovers=outbox.c.takeovers + 1,
            )
        )
        return int(result.rowcount)

    def renew_leases(self, *, token: str, now: datetime, lease_until: datetime) -> set[int]:
        """Extend every lease ``token`` still holds (not yet run out at ``now``) to
        ``lease_until``; returns the ids of those messages."""
        rows = self._connection.execute(
            update(outbox)
            .where(
                outbox.c.status == "sending",
                outbox.c.lease_token == token,
                outbox.c.lease_until > now,
            )
            .values(lease_until=lease_until)
            .returning(outbox.c.id)
        )
        return {int(value) for value in rows.scalars()}

    def sent_after_takeover(self) -> int:
        """Sent messages that were taken over from a stopped worker: each may have arrived
        twice (with the same Message-ID, so mail clients show it once)."""
        return int(
            self._connection.execute(
                select(func.count()).where(outbox.c.status == "sent", outbox.c.takeovers > 0)
            ).scalar_one()
        )

    def delete_sent_before(self, cutoff: datetime) -> int:
        """Remove delivered messages sent before ``cutoff``; returns how many (retention)."""
        result = self._connection.execute(
            delete(outbox).where(outbox.c.status == "sent", outbox.c.sent_at < cutoff)
        )
        return int(result.rowcount)

    def claim(
        self, *, now: datetime, token: str, lease_until: datetime, limit: int
    ) -> list[OutboxMessage]:
        """Lease up to ``limit`` due messages to the worker named ``token``, oldest due first.

        Each claim counts an attempt. Rows another worker holds locked are
        skipped (PostgreSQL), so no message is handed to two workers.
        """
        due = (
            select(outbox.c.id)
            .where(outbox.c.status == "pending", outbox.c.next_attempt_at <= now)
            .order_by(outbox.c.next_attempt_at, outbox.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .cte("due")
        )
        rows = self._connection.execute(
            update(outbox)
            .where(outbox.c.id == due.c.id, outbox.c.status == "pending")
            .values(
                status="sending",
                attempts=outbox.c.attempts + 1,
                last_attempt_at=now,
                lease_token=token,
                lease_until=lease_until,
            )
            .returning(*outbox.c)
        ).all()
        return sorted((_message(row) for row in rows), key=lambda m: (m.next_attempt_at, m.id))

    def mark_sent(self, message_id: int, *, token: str, now: datetime) -> bool:
        """Record a delivery by the lease holder; False if the lease was no longer ``token``'s."""
        result = self._connection.execute(
            update(outbox)
            .where(
                outbox.c.id == message_id,
                outbox.c.status == "sending",
                outbox.c.lease_token == token,
            )
            .values(status="sent", sent_at=now, last_error=None, lease_token=None, lease_until=None)
        )
        return bool(result.rowcount)

    def mark_attempt_failed(
        self, message_id: int, *, token: str, error: str, retry_at: datetime | None
    ) -> bool:
        """Record a failed try: due again at ``retry_at``, or ``failed`` when it is None.

        False if the lease was no longer ``token``'s (nothing changed then).
        """
        result = self._connection.execute(
            update(outbox)
            .where(
                outbox.c.id == message_id,
                outbox.c.status == "sending",
                outbox.c.lease_token == token,
            )
            .values(
                status="failed" if retry_at is None else "pending",
                next_attempt_at=outbox.c.next_attempt_at if retry_at is None else retry_at,
                last_error=error,
                lease_token=None,
                lease_until=None,
            )
        )
        return bool(result.rowcount)

    def retry(self, message_ids: Sequence[int] | None, *, now: datetime) -> list[int]:
        """Put ``failed`` messages (these ids, or all when None) back to ``pending``, due now,
        with a fresh count of attempts; returns the ids changed. ``last_error`` is kept."""
        query = (
            update(outbox)
            .where(outbox.c.status == "failed")
            .values(status="pending", attempts=0, next_attempt_at=now)
            .returning(outbox.c.id)
        )
        if message_ids is not None:
            query = query.where(outbox.c.id.in_(list(message_ids)))
        return sorted(int(value) for value in self._connection.execute(query).scalars())
