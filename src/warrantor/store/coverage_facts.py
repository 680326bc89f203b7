"""What coverage decisions read, for many units at once (by unit id).

When and why: the projection is computed for a chunk of units at a time (the
recompute after a policy change, a batch check's full form, a refresh after
a change that touched several units). ``coverage_read.CoverageReader`` reads
one unit in one statement; this reads a chunk in four (units with their
latest reading, voiding findings, extensions, repair coverages), each an
index lookup per unit, and gives the same ``CoverageRecord`` with the same
order and wording (a test compares the two on both engines).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from warrantor.domain.coverage import Extension, RepairCoverage, UsageReading
from warrantor.store.coverage_read import CoverageRecord, repair_reason
from warrantor.store.tables import unit_findings, units, usage_readings
from warrantor.store.tables_extensions import unit_extensions
from warrantor.store.tables_workshop import repair_coverages
from warrantor.store.units import latest_reading_id, to_unit, unit_query


@dataclass(frozen=True, slots=True)
class UnitFacts:
    """A unit's ids and its coverage facts."""

    unit_id: int
    brand_id: int
    record: CoverageRecord


def read_coverage_facts(connection: Connection, unit_ids: Sequence[int]) -> dict[int, UnitFacts]:
    """The coverage facts of each unit of ``unit_ids`` that exists, by unit id."""
    if not unit_ids:
        return {}
    wanted = list(unit_ids)
    unit_rows = connection.execute(
        unit_query()
        .add_columns(
            units.c.brand_id,
            usage_readings.c.bytes_written,
            usage_readings.c.read_on,
            usage_readings.c.source,
        )
        .outerjoin(usage_readings, usage_readings.c.id == latest_reading_id())
        .where(units.c.id.in_(wanted))
    ).all()
    findings: defaultdict[int, list[str]] = defaultdict(list)
    for finding in connection.execute(
        select(unit_findings.c.unit_id, unit_findings.c.finding)
        .where(unit_findings.c.unit_id.in_(wanted))
        .order_by(unit_findings.c.recorded_at, unit_findings.c.id)
    ):
        findings[finding.unit_id].append(finding.finding)
    extensions: defaultdict[int, list[Extension]] = defaultdict(list)
    for bought in connection.execute(
        select(
            unit_extensions.c.unit_id,
            unit_extensions.c.years,
            unit_extensions.c.purchased_on,
            unit_extensions.c.certificate_number,
        )
        .where(unit_extensions.c.unit_id.in_(wanted))
        .order_by(unit_extensions.c.purchased_on, unit_extensions.c.id)
    ):
        extensions[bought.unit_id].append(
            Extension(bought.years, bought.purchased_on, bought.certificate_number)
        )
    repairs: defaultdict[int, list[RepairCoverage]] = defaultdict(list)
    for cover in connection.execute(
        select(
            repair_coverages.c.unit_id,
            repair_coverages.c.starts_on,
            repair_coverages.c.ends_on,
            repair_coverages.c.reason,
            repair_coverages.c.fixed,
        )
        .where(repair_coverages.c.unit_id.in_(wanted))
        .order_by(repair_coverages.c.starts_on, repair_coverages.c.id)
    ):
        repairs[cover.unit_id].append(
            RepairCoverage(cover.starts_on, cover.ends_on, repair_reason(cover.reason, cover.fixed))
        )
    found = {}
    for row in unit_rows:
        reading = None
        if row.bytes_written is not None:
            reading = UsageReading(row.bytes_written, row.read_on, row.source)
        record = CoverageRecord(
            unit=to_unit(row, tuple(findings[row.id])),
            reading=reading,
            extensions=tuple(extensions[row.id]),
            repair_coverages=tuple(repairs[row.id]),
        )
        found[row.id] = UnitFacts(row.id, row.brand_id, record)
    return found
