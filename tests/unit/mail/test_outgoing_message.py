"""The message on the wire: headers, body, and a Message-ID stable per outbox row."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime

from warrantor.mail.outgoing import build_email, message_id
from warrantor.mail.smtp import describe

WRITTEN = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_the_message_carries_sender_recipient_subject_and_the_day_it_was_written() -> None:
    message = build_email(
        outbox_id=7,
        mail_from="QNAP Service <rma@qnap.example>",
        to="ana@example.com",
        subject="Your unit has shipped",
        body="Carrier: UPS\n",
        written_at=WRITTEN,
        topic="rma.shipped",
        reference="QNAP-2026-000042",
    )

    assert message["From"] == "QNAP Service <rma@qnap.example>"
    assert message["To"] == "ana@example.com"
    assert message["Subject"] == "Your unit has shipped"
    assert message["Date"] == "Mon, 23 Nov 2026 12:00:00 +0000"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Warrantor-Reference"] == "QNAP-2026-000042"
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and plain.get_content() == "Carrier: UPS\n"
    assert html is not None and "<p " in html.get_content()
    assert ">Carrier: UPS</p>" in html.get_content()


def test_a_message_sent_twice_has_the_same_message_id_so_clients_show_it_once() -> None:
    assert message_id(7, "rma@qnap.example") == "<warrantor.outbox.7@qnap.example>"
    assert message_id(7, "QNAP <rma@qnap.example>") == message_id(7, "rma@qnap.example")
    assert message_id(8, "rma@qnap.example") != message_id(7, "rma@qnap.example")


def test_a_refusal_is_kept_with_the_servers_code_and_text() -> None:
    refused = smtplib.SMTPRecipientsRefused({"ana@example.com": (550, b"5.1.1 No such user")})
    busy = smtplib.SMTPDataError(451, b"4.3.0 Try again later")

    assert describe(refused) == "recipient refused: ana@example.com: 550 5.1.1 No such user"
    assert describe(busy) == "451 4.3.0 Try again later"
    assert describe(ConnectionRefusedError(111, "Connection refused")).startswith(
        "ConnectionRefusedError"
    )
