"""Sending the outbox with a fake transport: retries with backoff, failures kept, leases.

The transport is the port the worker sends through; a fake one fails on
command, so the retry rules are tested on both engines without a mail server
(``test_mail_smtp.py`` does the same against a real one). Time moves only
when a test moves the ``FixedClock``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from warrantor.domain.actors import Actor, Role
from warrantor.errors import InvalidInput, PermissionDenied
from warrantor.mail.outgoing import DeliveryFailed
from warrantor.services.clock import FixedClock
from warrantor.services.outbox.mail import queue_mail
from warrantor.services.outbox.sender import (
    RetryPolicy,
    outbox_status,
    retry_failed,
    send_due,
)
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.outbox import OutboxMessage

TODAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FROM = "Warrantor <no-reply@warrantor.example>"
POLICY = RetryPolicy(max_attempts=3, first_delay=timedelta(minutes=2), lease=timedelta(minutes=10))


class FakeTransport:
    """Records what it was given; fails the next ``failures`` sends with ``error``."""

    def __init__(self, failures: int = 0, error: str = "451 4.3.0 Try again later") -> None:
        self.failures = failures
        self.error = error
        self.sent: list[EmailMessage] = []
        self.tries = 0

    def send(self, message: EmailMessage) -> None:
        self.tries += 1
        if self.failures:
            self.failures -= 1
            raise DeliveryFailed(self.error)
        self.sent.append(message)


def queue(uow_factory: UnitOfWorkFactory, *, subject: str = "Hello", at: datetime = TODAY) -> int:
    with uow_factory() as uow:
        return queue_mail(
            uow,
            to="ana@example.com",
            subject=subject,
            body="Body\n",
            now=at,
            topic="test",
            reference="R-1",
        )


def stored(uow_factory: UnitOfWorkFactory, message_id: int) -> OutboxMessage:
    with uow_factory() as uow:
        message = uow.outbox.get(message_id)
    assert message is not None
    return message


def test_a_due_message_is_sent_once_and_marked_sent(uow_factory: UnitOfWorkFactory) -> None:
    message_id = queue(uow_factory, subject="RMA issued")
    transport = FakeTransport()
    clock = FixedClock(TODAY)

    first = send_due(uow_factory, transport, clock=clock, mail_from=FROM, policy=POLICY)
    second = send_due(uow_factory, transport, clock=clock, mail_from=FROM, policy=POLICY)

    assert first.sent == [message_id]
    assert second.claimed == 0
    assert [m["Subject"] for m in transport.sent] == ["RMA issued"]
    assert transport.sent[0]["Message-ID"] == f"<warrantor.outbox.{message_id}@warrantor.example>"
    message = stored(uow_factory, message_id)
    assert (message.status, message.attempts, message.sent_at) == ("sent", 1, TODAY)


def test_messages_go_out_oldest_first_and_at_most_a_batch_a_round(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ids = [queue(uow_factory, subject=f"m{i}", at=TODAY - timedelta(minutes=i)) for i in range(3)]
    transport = FakeTransport()

    report = send_due(
        uow_factory, transport, clock=FixedClock(TODAY), mail_from=FROM, batch=2, policy=POLICY
    )

    assert report.sent == [ids[2], ids[1]]
    assert [m["Subject"] for m in transport.sent] == ["m2", "m1"]


def test_a_refused_message_waits_for_its_backoff_then_goes_out(
    uow_factory: UnitOfWorkFactory,
) -> None:
    message_id = queue(uow_factory)
    transport = FakeTransport(failures=1)
    clock = FixedClock(TODAY)

    failed = send_due(uow_factory, transport, clock=clock, mail_from=FROM, policy=POLICY)
    message = stored(uow_factory, message_id)
    assert failed.retrying == [message_id]
    assert message.status == "pending"
    assert message.attempts == 1
    assert message.last_error == "451 4.3.0 Try again later"
    assert message.next_attempt_at == TODAY + timedelta(minutes=2)

    clock.instant = TODAY + timedelta(minutes=1, seconds=59)
    too_early = send_due(uow_factory, transport, clock=clock, mail_from=FROM, policy=POLICY)
    clock.instant = TODAY + timedelta(minutes=2)
    retried = send_due(uow_factory, transport, clock=clock, mail_from=FROM, policy=POLICY)

    assert too_early.claimed == 0
    assert retried.sent == [message_id]
    assert transport.tries == 2
    assert len(transport.sent) == 1
    assert stored(uow_factory, message_id).attempts == 2


def test_after_the_last_attempt_a_message_is_failed_visible_and_never_lost(
    uow_factory: UnitOfWorkFactory,
) -> None:
    message_id = queue(uow_factory)
    transport = FakeTransport(failures=99, error="550 5.1.1 No such user")
    clock = FixedClock(TODAY)

    outcomes = []
    for _ in range(5):
        report = send_due(uow_factory, transport, clock=clock, mail_from=FROM, policy=POLICY)
        outcomes.append((report.retrying, report.failed))
        clock.instant += timedelta(hours=1)

    assert outcomes == [
        ([message_id], []),
        ([message_id], []),
        ([], [message_id]),
        ([], []),
        ([], []),
    ]
    status = outbox_status(uow_factory, Actor.operator())
    assert status.counts == {"pending": 0, "sending": 0, "sent": 0, "failed": 1}
    assert [(m.id, m.attempts, m.last_error) for m in status.failed] == [
        (message_id, 3, "550 5.1.1 No such user")
    ]


def test_a_failed_message_retried_by_hand_gets_a_fresh_set_of_attempts(
    uow_factory: UnitOfWorkFactory,
) -> None:
    message_id = queue(uow_factory)
    clock = FixedClock(TODAY)
    broken = FakeTransport(failures=99)
    for _ in range(3):
        send_due(uow_factory, broken, clock=clock, mail_from=FROM, policy=POLICY)
        clock.instant += timedelta(hours=1)
    assert stored(uow_factory, message_id).status == "failed"

    retried = retry_failed(uow_factory, Actor.operator(), message_ids=[message_id], clock=clock)
    fixed = FakeTransport()
    report = send_due(uow_factory, fixed, clock=clock, mail_from=FROM, policy=POLICY)

    assert retried == [message_id]
    assert report.sent == [message_id]
    message = stored(uow_factory, message_id)
    assert (message.status, message.attempts) == ("sent", 1)


def test_retrying_a_message_that_did_not_fail_changes_nothing(
    uow_factory: UnitOfWorkFactory,
) -> None:
    pending = queue(uow_factory)

    with pytest.raises(InvalidInput) as refused:
        retry_failed(
            uow_factory, Actor.operator(), message_ids=[pending, 999_999], clock=FixedClock(TODAY)
        )

    assert [p.message for p in refused.value.problems] == [
        f"message {pending} is not a failed message",
        "message 999999 is not a failed message",
    ]
    assert stored(uow_factory, pending).status == "pending"


def test_only_an_administrator_sees_or_retries_the_outbox(
    uow_factory: UnitOfWorkFactory,
) -> None:
    agent = Actor(role=Role.AGENT, account_code="MAKER", user_id=5)

    with pytest.raises(PermissionDenied):
        outbox_status(uow_factory, agent)
    with pytest.raises(PermissionDenied):
        retry_failed(uow_factory, agent, message_ids=None, clock=FixedClock(TODAY))


def test_a_second_worker_does_not_take_messages_another_one_holds(
    uow_factory: UnitOfWorkFactory,
) -> None:
    message_id = queue(uow_factory)
    with uow_factory() as uow:  # worker A claims, then is still sending
        claimed = uow.outbox.claim(
            now=TODAY, token="worker-a", lease_until=TODAY + POLICY.lease, limit=10
        )
    transport = FakeTransport()

    worker_b = send_due(
        uow_factory,
        transport,
        clock=FixedClock(TODAY + timedelta(minutes=5)),
        mail_from=FROM,
        policy=POLICY,
        worker="worker-b",
    )

    assert [m.id for m in claimed] == [message_id]
    assert worker_b.claimed == 0
    assert transport.sent == []


def test_a_message_held_by_a_worker_that_died_is_sent_after_its_lease_runs_out(
    uow_factory: UnitOfWorkFactory,
) -> None:
    message_id = queue(uow_factory)
    with uow_factory() as uow:  # worker A claims and dies before recording anything
        uow.outbox.claim(now=TODAY, token="worker-a", lease_until=TODAY + POLICY.lease, limit=10)
    transport = FakeTransport()

    report = send_due(
        uow_factory,
        transport,
        clock=FixedClock(TODAY + POLICY.lease),
        mail_from=FROM,
        policy=POLICY,
        worker="worker-b",
    )
    with uow_factory() as uow:
        late_result = uow.outbox.mark_sent(message_id, token="worker-a", now=TODAY)

    assert report.released == 1
    assert report.sent == [message_id]
    assert late_result is False
    message = stored(uow_factory, message_id)
    assert (message.status, message.attempts) == ("sent", 2)
    assert message.lease_token is None


def test_a_message_whose_worker_dies_on_every_attempt_ends_failed(
    uow_factory: UnitOfWorkFactory,
) -> None:
    message_id = queue(uow_factory)
    now = TODAY
    for attempt in range(POLICY.max_attempts):
        with uow_factory() as uow:
            uow.outbox.release_expired(now=now, max_attempts=POLICY.max_attempts)
            claimed = uow.outbox.claim(
                now=now, token=f"w{attempt}", lease_until=now + POLICY.lease, limit=1
            )
        assert [m.id for m in claimed] == [message_id]
        now += POLICY.lease

    report = send_due(
        uow_factory, FakeTransport(), clock=FixedClock(now), mail_from=FROM, policy=POLICY
    )

    assert report.released == 1
    assert report.claimed == 0
    message = stored(uow_factory, message_id)
    assert message.status == "failed"
    assert "lease expired" in (message.last_error or "")


class SlowTransport(FakeTransport):
    """Each send takes ``minutes`` of the clock's time (a server that answers slowly)."""

    def __init__(self, clock: FixedClock, minutes: int) -> None:
        super().__init__()
        self.clock = clock
        self.minutes = minutes

    def send(self, message: EmailMessage) -> None:
        self.clock.instant += timedelta(minutes=self.minutes)
        super().send(message)


def test_a_worker_whose_lease_ran_out_sends_nothing_more_and_the_rest_go_out_later(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ids = [queue(uow_factory, subject=f"m{i}") for i in range(3)]
    clock = FixedClock(TODAY)
    slow = SlowTransport(clock, minutes=11)  # the lease is 10 minutes, renewed per send

    report = send_due(uow_factory, slow, clock=clock, mail_from=FROM, policy=POLICY)
    later = send_due(uow_factory, FakeTransport(), clock=clock, mail_from=FROM, policy=POLICY)

    assert report.sent == ids[:1]
    assert report.lost_lease == ids[1:]
    assert [m["Subject"] for m in slow.sent] == ["m0"]
    assert later.released == 2
    assert later.sent == ids[1:]


def test_a_batch_longer_than_the_lease_is_sent_whole_when_each_send_fits_in_it(
    uow_factory: UnitOfWorkFactory,
) -> None:
    ids = [queue(uow_factory, subject=f"m{i}") for i in range(3)]
    clock = FixedClock(TODAY)
    slow = SlowTransport(clock, minutes=6)  # 18 minutes in all; the lease is 10

    report = send_due(uow_factory, slow, clock=clock, mail_from=FROM, policy=POLICY)

    assert report.sent == ids
    assert report.lost_lease == []


def test_status_counts_a_message_sent_after_a_takeover_as_a_possible_duplicate(
    uow_factory: UnitOfWorkFactory,
) -> None:
    taken_over, plain = queue(uow_factory, subject="a"), queue(uow_factory, subject="b")
    with uow_factory() as uow:  # worker A claims the first and dies mid-send
        uow.outbox.claim(now=TODAY, token="worker-a", lease_until=TODAY + POLICY.lease, limit=1)
    later = FixedClock(TODAY + POLICY.lease)

    report = send_due(uow_factory, FakeTransport(), clock=later, mail_from=FROM, policy=POLICY)
    status = outbox_status(uow_factory, Actor.operator())

    assert sorted(report.sent) == sorted([taken_over, plain])
    assert stored(uow_factory, taken_over).takeovers == 1
    assert stored(uow_factory, plain).takeovers == 0
    assert status.possible_duplicates == 1
