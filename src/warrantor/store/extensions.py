"""Repository.

Price lists, extension orders, payments, distributor quotes and serial assignments, and
the extensions granted to units (issue #4).
"""

from __future__ import annotations

from sqlalchemy import Connection

from warrantor.policy.facts import Extension


class ExtensionRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def for_unit(self, brand: str, serial: str) -> tuple[Extension, ...]:
        """The extensions granted to this unit, oldest first, with their certificate numbers."""
        return ()
