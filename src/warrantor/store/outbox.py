"""Repository.

The mail outbox: messages written in the same transaction as the change they tell about,
sent by ``warrantor worker`` (issue #5).
"""

from __future__ import annotations

from sqlalchemy import Connection


class OutboxRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
