"""Repair coverages: the cover a repaired part or a replacement unit holds.

Written when an RMA's repair or replacement is decided, with dates counted from
the expected ship day; fixed (``fix_repair_coverage``) from the day the unit
actually ships, after which they no longer move. ``repair_coverages_for`` is
the coverage check's read of them. Maps ``repair_coverages`` rows to
``domain.coverage.RepairCoverage`` and ``domain.workshop.StoredRepairCoverage``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, update

from warrantor.domain.coverage import RepairCoverage
from warrantor.domain.workshop import StoredRepairCoverage
from warrantor.store.repository import Repository
from warrantor.store.tables import brands, units
from warrantor.store.tables_workshop import repair_coverages


class RepairCoverageRecords(Repository):
    """The repair coverages of a unit or an RMA."""

    def repair_coverages_for(self, brand: str, serial: str) -> tuple[RepairCoverage, ...]:
        """Coverages of repaired parts / replacement units held by this unit.

        A coverage not yet fixed by the return shipment says so in its reason:
        its dates count from the expected ship day until the unit ships.
        """
        rows = self._connection.execute(
            select(
                repair_coverages.c.starts_on,
                repair_coverages.c.ends_on,
                repair_coverages.c.reason,
                repair_coverages.c.fixed,
            )
            .join(units, units.c.id == repair_coverages.c.unit_id)
            .join(brands, brands.c.id == units.c.brand_id)
            .where(func.lower(brands.c.name) == brand.lower(), units.c.serial == serial)
            .order_by(repair_coverages.c.starts_on, repair_coverages.c.id)
        )
        return tuple(
            RepairCoverage(
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                reason=row.reason if row.fixed else f"{row.reason} (until the unit ships)",
            )
            for row in rows
        )

    def add_repair_coverage(
        self,
        rma_id: int,
        unit_id: int,
        kind: str,
        part: str | None,
        coverage: RepairCoverage,
        original_ends_on: date | None,
        minimum_months: int,
        now: datetime,
    ) -> None:
        self._connection.execute(
            repair_coverages.insert().values(
                rma_id=rma_id,
                unit_id=unit_id,
                kind=kind,
                part=part,
                starts_on=coverage.starts_on,
                ends_on=coverage.ends_on,
                original_ends_on=original_ends_on,
                minimum_months=minimum_months,
                fixed=False,
                reason=coverage.reason,
                created_at=now,
            )
        )

    def repair_coverages_of_rma(self, rma_id: int) -> tuple[StoredRepairCoverage, ...]:
        rows = self._connection.execute(
            select(repair_coverages, brands.c.name.label("brand"), units.c.serial)
            .join(units, units.c.id == repair_coverages.c.unit_id)
            .join(brands, brands.c.id == units.c.brand_id)
            .where(repair_coverages.c.rma_id == rma_id)
            .order_by(repair_coverages.c.id)
        )
        return tuple(
            StoredRepairCoverage(
                id=row.id,
                rma_id=row.rma_id,
                brand=row.brand,
                serial=row.serial,
                kind=row.kind,
                part=row.part,
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                original_ends_on=row.original_ends_on,
                minimum_months=row.minimum_months,
                fixed=row.fixed,
                reason=row.reason,
            )
            for row in rows
        )

    def fix_repair_coverage(
        self, coverage_id: int, starts_on: date, ends_on: date, now: datetime
    ) -> None:
        """Set the dates from the day the unit shipped; they no longer move."""
        self._connection.execute(
            update(repair_coverages)
            .where(repair_coverages.c.id == coverage_id)
            .values(starts_on=starts_on, ends_on=ends_on, fixed=True, fixed_at=now)
        )
