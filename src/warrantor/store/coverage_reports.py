"""Reports read from the coverage projection: set-based, by index range scans.

"Coverage ending between two days, for units covered until then": the counts
per day and brand are an index-only range scan of ``ix_coverage_projection_ending``
(last day, brand, "covered since": deduplicated, a sixth of the size of the
other), and a page of rows is the next ``limit`` entries of
``ix_coverage_projection_expiry`` (last day of coverage, unit id; with the
"covered since" day and the brand as INCLUDE columns on PostgreSQL) after a
cursor (last day, unit id), each joined to its unit for what the page shows.
Later bulk work (expiry alerts, what-if on a draft policy, a reserve forecast)
reads the projection the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, select, tuple_

from warrantor.store.tables import brands, units
from warrantor.store.tables_coverage import coverage_projection as p
from warrantor.store.units import unit_query


@dataclass(frozen=True, slots=True)
class EndingCount:
    brand: str
    ends_on: date
    units: int


@dataclass(frozen=True, slots=True)
class EndingUnit:
    unit_id: int
    ends_on: date
    kind: str
    brand: str
    serial: str
    model: str
    product_line: str | None
    owner: str | None


def _ending(first: date, last: date, covered_on: date) -> list[ColumnElement[bool]]:
    """Last coverage day within ``first``..``last``, covered without a break since
    ``covered_on`` or before."""
    return [p.c.last_ends_on >= first, p.c.last_ends_on <= last, p.c.covered_from <= covered_on]


def counted_per_day(first: date, last: date, covered_on: date) -> Select[Any]:
    """Units per brand and last day in the window: what ``ix_coverage_projection_ending``
    answers alone (grouped in the index's order, day then brand)."""
    return (
        select(p.c.last_ends_on, p.c.brand_id, func.count().label("units"))
        .where(*_ending(first, last, covered_on))
        .group_by(p.c.last_ends_on, p.c.brand_id)
    )


def ending_counts(
    connection: Connection, first: date, last: date, covered_on: date
) -> list[EndingCount]:
    """How many units' coverage ends on each day of the window, per brand."""
    counted = counted_per_day(first, last, covered_on).subquery("counted")
    rows = connection.execute(
        select(brands.c.name, counted.c.last_ends_on, counted.c.units)
        .join(counted, counted.c.brand_id == brands.c.id)
        .order_by(counted.c.last_ends_on, brands.c.name)
    )
    return [EndingCount(row.name, row.last_ends_on, row.units) for row in rows]


def ending_units(
    connection: Connection,
    first: date,
    last: date,
    covered_on: date,
    after: tuple[date, int] | None,
    limit: int,
) -> list[EndingUnit]:
    """The next ``limit`` units (after the cursor ``(ends_on, unit_id)``), by last day then id,
    named as everywhere else (``units.unit_query``)."""
    query = (
        unit_query()
        .add_columns(p.c.last_ends_on, p.c.last_kind)
        .join(p, p.c.unit_id == units.c.id)
        .where(*_ending(first, last, covered_on))
        .order_by(p.c.last_ends_on, p.c.unit_id)
        .limit(limit)
    )
    if after is not None:
        # a row comparison: PostgreSQL starts the index scan at the cursor
        query = query.where(tuple_(p.c.last_ends_on, p.c.unit_id) > tuple_(*after))
    return [
        EndingUnit(
            row.id,
            row.last_ends_on,
            row.last_kind,
            row.brand,
            row.serial,
            row.model,
            row.product_line,
            row.owner,
        )
        for row in connection.execute(query)
    ]
