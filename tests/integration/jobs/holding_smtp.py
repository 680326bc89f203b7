"""An SMTP handler that takes the first message and then holds its reply until released.

The worker sending it is then mid-task: the server has the message, the
worker has not heard back and recorded nothing. Killing the worker now is the
worst moment for at-least-once delivery.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any

from smtp_server import RecordingHandler


@dataclass
class HoldFirstReply(RecordingHandler):
    """Records every message; before answering the first one, waits for ``release``."""

    release: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        if len(self.deliveries) == 1:
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        return reply
