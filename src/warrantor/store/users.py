"""Repository: Users, web sessions, API tokens and rate-limit counters (issue #6)."""

from __future__ import annotations

from sqlalchemy import Connection


class UserRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
