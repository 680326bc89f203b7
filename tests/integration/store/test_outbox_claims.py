"""Two workers at once never send the same message (committed data, real connections).

These tests commit for real, so each uses its own fresh database
(``empty_database_url``) rather than the rolled-back test connection.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy import Engine, text

from warrantor.services.clock import FixedClock
from warrantor.services.outbox.mail import queue_mail
from warrantor.services.outbox.sender import RetryPolicy, send_due
from warrantor.services.uow import uow_factory_for
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade
from warrantor.store.outbox import OutboxRepository

TODAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=10)


@pytest.fixture
def engine_with_mail(empty_database_url: str) -> Iterator[Engine]:
    """A migrated database holding 40 committed messages, due now."""
    upgrade(empty_database_url)
    engine = create_db_engine(empty_database_url)
    with uow_factory_for(engine)() as uow:
        for n in range(40):
            queue_mail(
                uow,
                to=f"customer{n}@example.com",
                subject=f"message {n}",
                body="Body\n",
                now=TODAY,
                topic="test",
                reference=f"R-{n}",
            )
    yield engine
    engine.dispose()


class RecordingTransport:
    """Thread-safe: remembers every subject it was asked to send."""

    def __init__(self) -> None:
        self.subjects: list[str] = []
        self._lock = threading.Lock()

    def send(self, message: EmailMessage) -> None:
        with self._lock:
            self.subjects.append(str(message["Subject"]))


def test_workers_claiming_at_the_same_moment_get_different_messages_on_postgresql(
    engine_with_mail: Engine, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has one writer: a second claim waits for the first to commit")
    with engine_with_mail.connect() as first, engine_with_mail.connect() as second:
        first_tx = first.begin()
        second_tx = second.begin()
        # Without SKIP LOCKED the second claim would wait for the first: fail fast instead.
        second.execute(text("SET LOCAL lock_timeout = '2s'"))
        claimed_by_a = OutboxRepository(first).claim(
            now=TODAY, token="a", lease_until=TODAY + LEASE, limit=15
        )
        claimed_by_b = OutboxRepository(second).claim(
            now=TODAY, token="b", lease_until=TODAY + LEASE, limit=15
        )
        second_tx.rollback()
        first_tx.rollback()

    a_ids = {m.id for m in claimed_by_a}
    b_ids = {m.id for m in claimed_by_b}
    assert len(a_ids) == 15
    assert len(b_ids) == 15
    assert a_ids.isdisjoint(b_ids)


def test_four_workers_racing_send_every_message_exactly_once(
    engine_with_mail: Engine,
) -> None:
    uow_factory = uow_factory_for(engine_with_mail)
    transport = RecordingTransport()
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def work(name: str) -> None:
        try:
            start.wait()
            while send_due(
                uow_factory,
                transport,
                clock=FixedClock(TODAY),
                mail_from="no-reply@warrantor.example",
                batch=3,
                policy=RetryPolicy(lease=LEASE),
                worker=name,
            ).claimed:
                pass
        except BaseException as error:  # reported below, with the test's failure
            errors.append(error)

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sent = Counter(transport.subjects)
    assert sorted(sent) == sorted(f"message {n}" for n in range(40))
    assert set(sent.values()) == {1}
    with uow_factory() as uow:
        assert uow.outbox.counts() == {"pending": 0, "sending": 0, "sent": 40, "failed": 0}
