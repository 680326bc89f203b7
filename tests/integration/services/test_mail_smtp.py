"""RMA mail delivered to a real SMTP server on loopback (aiosmtpd), and retried when refused.

The message is queued in the RMA step's transaction, then ``send_due`` hands
it to ``SmtpTransport``; the server parses what it received, so these tests
check the headers and body a customer's mail client would see.
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


@pytest.fixture
def smtp_server() -> Iterator[LoopbackSmtpServer]:
    with LoopbackSmtpServer() as server:
        yield server


def queue_shipped(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        return queue_rma_notice(
            uow,
            notice="shipped",
            to="ana@example.com",
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


def test_the_shipped_notice_reaches_the_server_with_its_headers_and_body(
    uow_factory: UnitOfWorkFactory, smtp_server: LoopbackSmtpServer
) -> None:
    message_id = queue_shipped(uow_factory)

    report = send(uow_factory, smtp_server, FixedClock(TODAY))

    assert report.sent == [message_id]
    [delivery] = smtp_server.deliveries
    assert delivery.mail_from == "rma@qnap.example"
    assert delivery.rcpt_tos == ["ana@example.com"]
    received = delivery.message
    assert received["From"] == FROM
    assert received["To"] == "ana@example.com"
    assert received["Subject"] == "QNAP RMA QNAP-2026-000042: your unit has shipped"
    assert received["Message-ID"] == f"<warrantor.outbox.{message_id}@qnap.example>"
    assert received["X-Warrantor-Reference"] == "QNAP-2026-000042"
    plain = received.get_body(("plain",))
    assert plain is not None
    body = plain.get_content()
    assert "Carrier: UPS" in body
    assert "Tracking number: 1Z999AA10123456784" in body
    assert received.get_content_type() == "multipart/alternative"
    html = received.get_body(("html",))
    assert html is not None
    assert "Tracking number: 1Z999AA10123456784" in html.get_content()


def test_every_message_of_a_batch_goes_out_on_one_connection(
    uow_factory: UnitOfWorkFactory, smtp_server: LoopbackSmtpServer
) -> None:
    ids = [queue_shipped(uow_factory) for _ in range(3)]

    report = send(uow_factory, smtp_server, FixedClock(TODAY))

    assert report.sent == ids
    assert [m["Message-ID"] for m in smtp_server.messages] == [
        f"<warrantor.outbox.{i}@qnap.example>" for i in ids
    ]


@pytest.mark.parametrize(
    ("refusal", "where"),
    [("451 4.3.0 Try again later", "data"), ("450 4.2.1 Mailbox busy", "rcpt")],
)
def test_a_server_that_refuses_gets_the_message_on_a_later_try(
    uow_factory: UnitOfWorkFactory, smtp_server: LoopbackSmtpServer, refusal: str, where: str
) -> None:
    message_id = queue_shipped(uow_factory)
    (
        smtp_server.handler.refuse_data if where == "data" else smtp_server.handler.refuse_rcpt
    ).append(refusal)
    clock = FixedClock(TODAY)

    refused = send(uow_factory, smtp_server, clock)
    with uow_factory() as uow:
        waiting = uow.outbox.get(message_id)
    clock.instant = TODAY + timedelta(minutes=2)
    retried = send(uow_factory, smtp_server, clock)

    assert refused.retrying == [message_id]
    assert smtp_server.handler.refused == [refusal]
    assert waiting is not None
    assert waiting.status == "pending"
    assert waiting.last_error is not None and refusal in waiting.last_error
    assert retried.sent == [message_id]
    assert len(smtp_server.deliveries) == 1


def test_a_refusal_mid_batch_does_not_hold_back_the_other_messages(
    uow_factory: UnitOfWorkFactory, smtp_server: LoopbackSmtpServer
) -> None:
    first, second = queue_shipped(uow_factory), queue_shipped(uow_factory)
    smtp_server.handler.refuse_data.append("451 4.3.0 Try again later")

    report = send(uow_factory, smtp_server, FixedClock(TODAY))

    assert report.retrying == [first]
    assert report.sent == [second]


def test_no_server_listening_is_a_failed_try_kept_for_later(
    uow_factory: UnitOfWorkFactory,
) -> None:
    message_id = queue_shipped(uow_factory)
    server = LoopbackSmtpServer()  # never started: nothing listens on its port

    report = send(uow_factory, server, FixedClock(TODAY))

    with uow_factory() as uow:
        message = uow.outbox.get(message_id)
    assert report.retrying == [message_id]
    assert message is not None
    assert message.status == "pending"
    assert message.last_error is not None and "ConnectionRefusedError" in message.last_error
