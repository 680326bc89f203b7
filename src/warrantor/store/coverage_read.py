"""The warranty check's read: everything one decision needs, in one statement.

When and why: the check is the request the system answers most, and each
round trip to the database costs more than the policy engine's whole
decision (docs/benchmarks.md). ``UnitRepository.get_with_reading``,
``ExtensionRepository.for_unit`` and ``WorkshopRepository.repair_coverages_for``
each read a part; this module reads the unit, its voiding findings, its
latest usage reading, its extensions and its repair coverages together, with
the same rows, order and wording as those three, which stay the reference
(a test compares the two on both engines).

The statement joins the unit to its findings, extensions and coverages:
with f, e and c rows of each it returns max(1, f) * max(1, e) * max(1, c)
rows (almost always 1, a handful at most), deduplicated here by row id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from warrantor.domain.coverage import Extension, RepairCoverage, UsageReading
from warrantor.domain.units import Unit
from warrantor.store.tables import unit_findings, units, usage_readings
from warrantor.store.tables_extensions import unit_extensions
from warrantor.store.tables_workshop import repair_coverages
from warrantor.store.unit_serial_read import SerialReader, by_serial, counted
from warrantor.store.units import latest_reading_id, to_unit


@dataclass(frozen=True, slots=True)
class CoverageRecord:
    """What a coverage decision reads about one unit."""

    unit: Unit
    reading: UsageReading | None
    extensions: tuple[Extension, ...]
    repair_coverages: tuple[RepairCoverage, ...]


def _statement() -> Any:
    """The read, with ``:brand`` (lower case) and ``:serial`` to bind."""
    latest = latest_reading_id()
    return (
        by_serial(
            usage_readings.c.bytes_written,
            usage_readings.c.read_on,
            usage_readings.c.source,
            unit_findings.c.id.label("finding_id"),
            unit_findings.c.finding,
            unit_findings.c.recorded_at.label("finding_recorded_at"),
            unit_extensions.c.id.label("extension_id"),
            unit_extensions.c.years.label("extension_years"),
            unit_extensions.c.purchased_on.label("extension_purchased_on"),
            unit_extensions.c.certificate_number.label("extension_certificate"),
            repair_coverages.c.id.label("coverage_id"),
            repair_coverages.c.starts_on.label("coverage_starts_on"),
            repair_coverages.c.ends_on.label("coverage_ends_on"),
            repair_coverages.c.reason.label("coverage_reason"),
            repair_coverages.c.fixed.label("coverage_fixed"),
        )
        .outerjoin(usage_readings, usage_readings.c.id == latest)
        .outerjoin(unit_findings, unit_findings.c.unit_id == units.c.id)
        .outerjoin(unit_extensions, unit_extensions.c.unit_id == units.c.id)
        .outerjoin(repair_coverages, repair_coverages.c.unit_id == units.c.id)
    )


_STATEMENT = _statement()
"""Built once: building it and its cache key per call cost more CPU than the decision."""


_COUNTED_STATEMENT = counted(_STATEMENT)


def _distinct(rows: Sequence[Row[Any]], id_column: str) -> list[Row[Any]]:
    """One row per id of ``id_column`` (the join repeats each), rows without one left out."""
    seen: dict[int, Row[Any]] = {}
    for row in rows:
        row_id = getattr(row, id_column)
        if row_id is not None and row_id not in seen:
            seen[row_id] = row
    return list(seen.values())


def repair_reason(reason: str, fixed: bool) -> str:
    """A repair coverage's reason as ``WorkshopRepository.repair_coverages_for`` words it."""
    return reason if fixed else f"{reason} (until the unit ships)"


def _coverage_reason(row: Row[Any]) -> str:
    return repair_reason(row.coverage_reason, row.coverage_fixed)


class CoverageReader(SerialReader[CoverageRecord]):
    """Reads one unit's coverage facts on one connection (inside a unit of work)."""

    def read(self, brand: str, serial: str) -> CoverageRecord | None:
        """The unit ``serial`` of ``brand`` (any letter case) and its facts, or None."""
        rows = self._connection.execute(
            _STATEMENT, {"brand": brand.lower(), "serial": serial}
        ).all()
        return _record(rows)

    def _read_counted(self, values: dict[str, Any]) -> tuple[CoverageRecord | None, int]:
        """The counted read (``SerialReader.read_counted``), on PostgreSQL."""
        rows = self._connection.execute(_COUNTED_STATEMENT, values).all()
        count = int(rows[0].checks_counted)
        return _record([row for row in rows if row.id is not None]), count


def _record(rows: Sequence[Row[Any]]) -> CoverageRecord | None:
    """The record the read's rows describe (None for no rows)."""
    if not rows:
        return None
    first = rows[0]
    findings = sorted(
        _distinct(rows, "finding_id"), key=lambda r: (r.finding_recorded_at, r.finding_id)
    )
    extensions = sorted(
        _distinct(rows, "extension_id"),
        key=lambda r: (r.extension_purchased_on, r.extension_id),
    )
    coverages = sorted(
        _distinct(rows, "coverage_id"),
        key=lambda r: (r.coverage_starts_on, r.coverage_id),
    )
    reading = None
    if first.bytes_written is not None:
        reading = UsageReading(
            bytes_written=first.bytes_written, read_on=first.read_on, source=first.source
        )
    return CoverageRecord(
        unit=to_unit(first, tuple(r.finding for r in findings)),
        reading=reading,
        extensions=tuple(
            Extension(r.extension_years, r.extension_purchased_on, r.extension_certificate)
            for r in extensions
        ),
        repair_coverages=tuple(
            RepairCoverage(
                starts_on=r.coverage_starts_on,
                ends_on=r.coverage_ends_on,
                reason=_coverage_reason(r),
            )
            for r in coverages
        ),
    )
