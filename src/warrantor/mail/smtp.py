"""Sending over SMTP with the standard library: the transport ``warrantor worker`` uses.

One connection is opened on the first message and reused for the batch; any
error closes it (the next message opens a new one) and is reported as
``DeliveryFailed`` with the server's code and text, which the outbox keeps
as ``last_error``.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from types import TracebackType
from typing import Self

from warrantor.mail.outgoing import DeliveryFailed


def describe(error: BaseException) -> str:
    """A one-line reason for ``last_error``: the SMTP code and text where there is one."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{address}: {code} {_text(reply)}"
            for address, (code, reply) in error.recipients.items()
        ]
        return "recipient refused: " + "; ".join(parts)
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}".strip()


def refused_for_good(error: BaseException) -> tuple[str, ...]:
    """The recipients the server refused with a permanent (5xx) reply to ``RCPT TO``.

    Only ``RCPT`` refusals name an address at fault: a 5xx to ``MAIL FROM`` is about
    our sender, one to ``DATA`` about the content, one to ``AUTH`` about our login.
    """
    if not isinstance(error, smtplib.SMTPRecipientsRefused):
        return ()
    return tuple(
        address for address, (code, _reply) in error.recipients.items() if 500 <= code < 600
    )


def _text(reply: bytes | str) -> str:
    return (reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply).strip()


class SmtpTransport:
    """Hands messages to an SMTP server (``with SmtpTransport(...) as transport``)."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        timeout: float = 30.0,
        starttls: bool = False,
        username: str = "",
        password: str = "",
    ) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.starttls = starttls
        self.username = username
        self.password = password
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, message: EmailMessage) -> None:
        """Send ``message`` to its ``To``; raises ``DeliveryFailed`` unless the server took it."""
        try:
            smtp = self._connection()
            smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise DeliveryFailed(
                describe(error), refused_for_good=refused_for_good(error)
            ) from error

    def close(self) -> None:
        """Say QUIT and close the connection, if one is open."""
        if self._smtp is None:
            return
        try:
            self._smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass  # closing anyway; the messages' results are already recorded
        finally:
            self._drop()

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            try:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password)
            except BaseException:
                smtp.close()
                raise
            self._smtp = smtp
        return self._smtp

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None
