"""Repository.

RMAs, their stored transitions (timeline), RMA number sequences, parcels, inspections,
decisions, parts, replacements and shipments (issue #5).
"""

from __future__ import annotations

from sqlalchemy import Connection


class RmaRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
