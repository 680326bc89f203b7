"""A real SMTP server on loopback for mail tests: aiosmtpd's ``Controller`` on a free port.

Usage (a context manager, so each test gets its own server)::

    with LoopbackSmtpServer() as server:
        ... send to server.host, server.port ...
        assert server.messages[0]["Subject"] == "..."

``refuse_data`` / ``refuse_rcpt`` hold replies (e.g. ``"451 4.3.0 Try again later"``)
the server gives, one per attempt, before it accepts again: a refusing server
without timing tricks.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from types import TracebackType
from typing import Any, Self

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


def free_port() -> int:
    """An ephemeral port on loopback (aiosmtpd's ready check needs the number up front)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Delivery:
    """What the server accepted: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class RecordingHandler:
    """Accepts everything except the queued refusals, and keeps what it accepted."""

    deliveries: list[Delivery] = field(default_factory=list)
    refuse_data: list[str] = field(default_factory=list)
    refuse_rcpt: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    """Every refusal given, in order."""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.refuse_rcpt:
            reply = self.refuse_rcpt.pop(0)
            self.refused.append(reply)
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse_data:
            reply = self.refuse_data.pop(0)
            self.refused.append(reply)
            return reply
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.deliveries.append(Delivery(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"


class LoopbackSmtpServer:
    """An aiosmtpd server on 127.0.0.1, started on enter and stopped on exit."""

    def __init__(self, handler: RecordingHandler | None = None) -> None:
        self.handler = handler or RecordingHandler()
        self.host = HOST
        self.port = free_port()
        self._controller = Controller(self.handler, hostname=self.host, port=self.port)

    def __enter__(self) -> Self:
        self._controller.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._controller.stop()

    @property
    def deliveries(self) -> list[Delivery]:
        return self.handler.deliveries

    @property
    def messages(self) -> list[EmailMessage]:
        return [delivery.message for delivery in self.handler.deliveries]
