"""Repository: inspections, decisions, parts, replacements, repair coverages (issue #5)."""

from __future__ import annotations

from sqlalchemy import Connection

from warrantor.policy.facts import RepairCoverage


class WorkshopRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def repair_coverages_for(self, brand: str, serial: str) -> tuple[RepairCoverage, ...]:
        """Coverages of repaired parts / replacement units held by this unit."""
        return ()
