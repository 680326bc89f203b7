"""Bounces at send time (issue #24), against a real SMTP server on loopback (aiosmtpd).

A permanent refusal of the recipient (5xx to ``RCPT TO``) fails the message at
once and marks the address failing; nothing more is sent there until the
address is corrected. A temporary refusal (4xx), or a 5xx to ``DATA`` (the
content, not the address), marks nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from smtp_server import LoopbackSmtpServer

from warrantor.mail.smtp import SmtpTransport
from warrantor.services.clock import FixedClock
from warrantor.services.outbox.mail import queue_rma_notice
from warrantor.services.outbox.sender import RetryPolicy, SendReport, send_due
from warrantor.services.uow import UnitOfWorkFactory

TODAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FROM = "QNAP Service <rma@qnap.example>"
POLICY = RetryPolicy(max_attempts=5, first_delay=timedelta(minutes=2))
NO_SUCH_USER = "550 5.1.1 No such user"


@pytest.fixture
def smtp_server() -> Iterator[LoopbackSmtpServer]:
    with LoopbackSmtpServer() as server:
        yield server


def queue_to(uow_factory: UnitOfWorkFactory, to: str) -> int:
    with uow_factory() as uow:
        return queue_rma_notice(
            uow,
            notice="shipped",
            to=to,
            rma_number="QNAP-2026-000042",
            brand="QNAP",
            serial="Q21ABC0001",
            details={"carrier": "UPS", "tracking": "1Z999AA10123456784"},
            now=TODAY,
        )


def send(
    uow_factory: UnitOfWorkFactory, server: LoopbackSmtpServer, clock: FixedClock
) -> SendReport:
    with SmtpTransport(server.host, server.port, timeout=5) as transport:
        return send_due(uow_factory, transport, clock=clock, mail_from=FROM, policy=POLICY)


def test_a_permanent_refusal_fails_the_message_at_once_and_marks_the_address(
    uow_factory: UnitOfWorkFactory, smtp_server: LoopbackSmtpServer
) -> None:
    message_id = queue_to(uow_factory, "Gone@Example.com")
    smtp_server.handler.refuse_rcpt.append(NO_SUCH_USER)

    report = send(uow_factory, smtp_server, FixedClock(TODAY))

    with uow_factory() as uow:
        message = uow.outbox.get(message_id)
        failing = uow.failing_addresses.get("gone@example.com")
    assert report.failed == [message_id]
    assert message is not None and message.status == "failed" and message.attempts == 1
    assert failing is not None
    assert NO_SUCH_USER in failing.reason
    assert failing.outbox_id == message_id
    assert failing.failed_at == TODAY


def test_no_more_mail_goes_to_a_failing_address_until_it_is_corrected(
    uow_factory: UnitOfWorkFactory, smtp_server: LoopbackSmtpServer
) -> None:
    queue_to(uow_factory, "gone@example.com")
    smtp_server.handler.refuse_rcpt.append(NO_SUCH_USER)
    clock = FixedClock(TODAY)
    send(uow_factory, smtp_server, clock)
    held = queue_to(uow_factory, "GONE@example.com")
    other = queue_to(uow_factory, "ana@example.com")

    clock.instant = TODAY + timedelta(minutes=5)
    report = send(uow_factory, smtp_server, clock)

    with uow_factory() as uow:
        message = uow.outbox.get(held)
        uow.failing_addresses.clear("gone@example.com")
    assert report.failed == [held]
    assert report.sent == [other]
    assert [d.rcpt_tos for d in smtp_server.deliveries] == [["ana@example.com"]]
    assert smtp_server.handler.refused == [NO_SUCH_USER]  # the server was not asked again
    assert message is not None and message.last_error is not None
    assert "marked failing" in message.last_error and NO_SUCH_USER in message.last_error

    corrected = queue_to(uow_factory, "gone@example.com")
    after = send(uow_factory, smtp_server, clock)
    assert after.sent == [corrected]
    assert smtp_server.deliveries[-1].rcpt_tos == ["gone@example.com"]


@pytest.mark.parametrize(
    ("refusal", "where"),
    [("450 4.2.1 Mailbox busy", "rcpt"), ("554 5.6.0 Message refused", "data")],
)
def test_a_temporary_or_content_refusal_marks_no_address(
    uow_factory: UnitOfWorkFactory, smtp_server: LoopbackSmtpServer, refusal: str, where: str
) -> None:
    message_id = queue_to(uow_factory, "ana@example.com")
    (
        smtp_server.handler.refuse_rcpt if where == "rcpt" else smtp_server.handler.refuse_data
    ).append(refusal)

    report = send(uow_factory, smtp_server, FixedClock(TODAY))

    with uow_factory() as uow:
        failing = uow.failing_addresses.get("ana@example.com")
    assert report.retrying == [message_id]
    assert failing is None
