"""Use case: send the mail outbox (``warrantor worker``), retry what failed, show where it stands.

When and why: messages are queued by the use cases that change something
(``services.outbox.mail``) in their own transaction; this module delivers them
afterwards, so a slow or refusing mail server never holds up or undoes an RMA
step.

One round (``send_due``):

1. hand back messages whose worker died while sending (lease expired);
2. claim a batch of due messages with a lease (``OutboxRepository.claim``:
   ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two workers never get the
   same message; SQLite's single writer does the same) and commit;
3. send each one through the ``MailTransport`` port, outside any transaction;
4. record each result in its own small transaction: ``sent``, or due again
   after a backoff, or ``failed`` after the last attempt.

Bounces at send time (issue #24): a permanent refusal of the recipient (an
SMTP 5xx reply to ``RCPT TO``) fails the message at once, without retries, and
marks the address failing in the same transaction; a message to an address
already failing is not sent at all but recorded ``failed``, saying so, until
someone corrects the address (``services.outbox.failing``). Bounce reports that
arrive later by mail are not read.

A message is never lost: until it is recorded ``sent`` it stays in the
outbox. A failed one stays visible (``outbox_status``) until someone retries
it by hand (``retry_failed``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Protocol

from warrantor.domain.actors import Actor, Role
from warrantor.errors import InvalidInput, PermissionDenied, Problem
from warrantor.mail.outgoing import DeliveryFailed, build_email
from warrantor.services.clock import Clock
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.failing_addresses import FailingAddress, normalized
from warrantor.store.outbox import OutboxMessage


class MailTransport(Protocol):
    """What sends one message: SMTP in production (``mail.smtp``), a fake in tests."""

    def send(self, message: EmailMessage) -> None:
        """Hand ``message`` over, or raise ``DeliveryFailed`` saying why."""
        ...


DEFAULT_MAX_ATTEMPTS = 10


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long a message is tried.

    The wait after the n-th failed attempt is ``first_delay * 2**(n-1)``, at most
    ``max_delay``; after ``max_attempts`` attempts the message is ``failed``.
    ``lease`` is how long a worker may take to send one message (its lease is
    renewed before each send) before another worker may take it over: a worker
    killed mid-send is replaced after this (``WARRANTOR_WORKER_LEASE_S``); keep
    it above the SMTP timeout.
    """

    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    first_delay: timedelta = timedelta(minutes=2)
    max_delay: timedelta = timedelta(hours=6)
    lease: timedelta = timedelta(seconds=60)

    def retry_at(self, attempts: int, now: datetime) -> datetime | None:
        """When to try again after ``attempts`` tries failed; None once they are used up."""
        if attempts >= self.max_attempts:
            return None
        delay = min(self.first_delay * (1 << max(attempts - 1, 0)), self.max_delay)
        return now + delay


@dataclass(frozen=True, slots=True)
class SendReport:
    """What one round did, by outbox id."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    released: int = 0
    """Messages handed back from a worker whose lease expired."""
    lost_lease: list[int] = field(default_factory=list)
    """Not sent because this worker's lease ran out first, or sent but no longer this
    worker's to record (another worker took it over)."""

    @property
    def claimed(self) -> int:
        return len(self.sent) + len(self.retrying) + len(self.failed) + len(self.lost_lease)


def send_due(
    uow_factory: UnitOfWorkFactory,
    transport: MailTransport,
    *,
    clock: Clock,
    mail_from: str,
    batch: int = 50,
    policy: RetryPolicy | None = None,
    worker: str | None = None,
) -> SendReport:
    """Send up to ``batch`` messages that are due now; see the module docstring."""
    if batch < 1:
        raise InvalidInput("nothing to send", [Problem("give 1 or more", "batch")])
    policy = policy or RetryPolicy()
    token = worker or secrets.token_hex(8)
    now = clock.now()
    with uow_factory() as uow:
        released = uow.outbox.release_expired(now=now, max_attempts=policy.max_attempts)
        claimed = uow.outbox.claim(
            now=now, token=token, lease_until=now + policy.lease, limit=batch
        )
        failing = uow.failing_addresses.among(m.to_address for m in claimed)
    report = SendReport(released=released)
    for message in claimed:
        refusal = failing.get(normalized(message.to_address))
        if refusal is not None:
            _hold_for_failing_address(uow_factory, message, refusal, token, report)
            continue
        if message.id not in _renew_leases(uow_factory, clock, policy, token):
            # The lease ran out (a slow server): another worker may have it by now.
            # Left alone, it goes back in line when the lease is found expired.
            report.lost_lease.append(message.id)
            continue
        _send_one(uow_factory, transport, message, clock, mail_from, policy, token, report)
    return report


def _renew_leases(
    uow_factory: UnitOfWorkFactory, clock: Clock, policy: RetryPolicy, token: str
) -> set[int]:
    """Extend the leases this worker still holds, before each send: the lease then need only
    outlast one message, not the batch. Returns the ids still held."""
    now = clock.now()
    with uow_factory() as uow:
        return uow.outbox.renew_leases(token=token, now=now, lease_until=now + policy.lease)


def _send_one(
    uow_factory: UnitOfWorkFactory,
    transport: MailTransport,
    message: OutboxMessage,
    clock: Clock,
    mail_from: str,
    policy: RetryPolicy,
    token: str,
    report: SendReport,
) -> None:
    email = build_email(
        outbox_id=message.id,
        mail_from=mail_from,
        to=message.to_address,
        subject=message.subject,
        body=message.body,
        written_at=message.created_at,
        topic=message.topic,
        reference=message.reference,
    )
    try:
        transport.send(email)
    except DeliveryFailed as error:
        now = clock.now()
        refused = normalized(message.to_address) in {
            normalized(address) for address in error.refused_for_good
        }
        retry_at = None if refused else policy.retry_at(message.attempts, now)
        with uow_factory() as uow:
            recorded = uow.outbox.mark_attempt_failed(
                message.id, token=token, error=str(error)[:2000], retry_at=retry_at
            )
            if refused and recorded:
                uow.failing_addresses.mark(
                    message.to_address, reason=str(error)[:2000], at=now, outbox_id=message.id
                )
        outcome = report.retrying if retry_at is not None else report.failed
        (outcome if recorded else report.lost_lease).append(message.id)
        return
    with uow_factory() as uow:
        recorded = uow.outbox.mark_sent(message.id, token=token, now=clock.now())
    (report.sent if recorded else report.lost_lease).append(message.id)


def _hold_for_failing_address(
    uow_factory: UnitOfWorkFactory,
    message: OutboxMessage,
    refusal: FailingAddress,
    token: str,
    report: SendReport,
) -> None:
    """Record, without sending, that ``message`` goes to an address refused for good."""
    error = (
        f"not sent: {message.to_address} is marked failing since "
        f"{refusal.failed_at.isoformat(timespec='minutes')} ({refusal.reason})"
    )
    with uow_factory() as uow:
        recorded = uow.outbox.mark_attempt_failed(
            message.id, token=token, error=error[:2000], retry_at=None
        )
    (report.failed if recorded else report.lost_lease).append(message.id)


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    """How many messages are in each status, and the ones a person should look at."""

    counts: dict[str, int]
    failed: list[OutboxMessage]
    """Given up after their last attempt: retry them by hand once the cause is fixed."""
    retrying: list[OutboxMessage]
    """Pending after at least one failed attempt, with ``next_attempt_at`` and ``last_error``."""
    possible_duplicates: int = 0
    """Sent after being taken over from a worker that stopped mid-send: each may have
    arrived twice, with one Message-ID."""


def _require_admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("only an administrator manages the mail outbox")


def outbox_status(uow_factory: UnitOfWorkFactory, actor: Actor, *, limit: int = 50) -> OutboxStatus:
    """Counts by status, the failed messages and the ones being retried (newest first)."""
    _require_admin(actor)
    with uow_factory() as uow:
        counts = uow.outbox.counts()
        failed = uow.outbox.find(statuses=["failed"], limit=limit)
        pending = uow.outbox.find(statuses=["pending"], limit=limit)
        duplicates = uow.outbox.sent_after_takeover()
    return OutboxStatus(
        counts=counts,
        failed=failed,
        retrying=[m for m in pending if m.attempts > 0],
        possible_duplicates=duplicates,
    )


def retry_failed(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    *,
    message_ids: list[int] | None,
    clock: Clock,
) -> list[int]:
    """Make failed messages due now with a fresh set of attempts (these ids, or all failed).

    An id that is not a failed message is an ``InvalidInput`` naming it, and
    nothing changes.
    """
    _require_admin(actor)
    with uow_factory() as uow:
        changed = uow.outbox.retry(message_ids, now=clock.now())
        if message_ids is not None:
            missing = sorted(set(message_ids) - set(changed))
            if missing:
                raise InvalidInput(
                    "only failed messages can be retried",
                    [Problem(f"message {i} is not a failed message", "id") for i in missing],
                )
    return changed
