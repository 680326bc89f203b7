"""The message a transport sends, built from an outbox row.

The ``Message-ID`` is derived from the outbox id, so if a message ever goes
out twice (a worker crashed after the server took it, before recording it),
mail clients see the same message and show it once.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from warrantor.mail.html import html_version


class DeliveryFailed(Exception):
    """A transport did not hand the message over; ``str(error)`` says why (e.g. ``451 ...``).

    ``refused_for_good`` names the recipients the server refused permanently (an SMTP
    5xx reply to ``RCPT TO``, e.g. ``550 5.1.1 No such user``): trying again will not
    help, and the address itself must be corrected. Empty for anything that may pass
    on a later try (4xx replies, a server down, a timeout).
    """

    def __init__(self, reason: str, *, refused_for_good: tuple[str, ...] = ()) -> None:
        super().__init__(reason)
        self.refused_for_good = refused_for_good


def message_id(outbox_id: int, mail_from: str) -> str:
    """``<warrantor.outbox.ID@domain-of-sender>``: stable for one outbox row."""
    domain = parseaddr(mail_from)[1].rpartition("@")[2] or "warrantor.invalid"
    return f"<warrantor.outbox.{outbox_id}@{domain}>"


def build_email(
    *,
    outbox_id: int,
    mail_from: str,
    to: str,
    subject: str,
    body: str,
    written_at: datetime,
    topic: str,
    reference: str,
) -> EmailMessage:
    """A UTF-8 message dated when it was written to the outbox: the plain text, and an HTML
    alternative made from it (``mail.html``)."""
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(written_at)
    message["Message-ID"] = message_id(outbox_id, mail_from)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    message["X-Warrantor-Topic"] = topic
    message["X-Warrantor-Reference"] = reference
    message.set_content(body)
    message.add_alternative(html_version(subject, body), subtype="html")
    return message
