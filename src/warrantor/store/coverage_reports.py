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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Integer,
    Select,
    bindparam,
    func,
    select,
    tuple_,
)

from warrantor.store.tables import brands, models, product_lines, units
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


def _ending(
    first: date | ColumnElement[date],
    last: date | ColumnElement[date],
    covered_on: date | ColumnElement[date],
) -> list[ColumnElement[bool]]:
    """Last coverage day within ``first``..``last``, covered without a break since
    ``covered_on`` or before."""
    return [p.c.last_ends_on >= first, p.c.last_ends_on <= last, p.c.covered_from <= covered_on]


def counted_per_day(
    first: date | ColumnElement[date],
    last: date | ColumnElement[date],
    covered_on: date | ColumnElement[date],
) -> Select[Any]:
    """Units per brand and last day in the window: what ``ix_coverage_projection_ending``
    answers alone (grouped in the index's order, day then brand)."""
    return (
        select(p.c.last_ends_on, p.c.brand_id, func.count().label("units"))
        .where(*_ending(first, last, covered_on))
        .group_by(p.c.last_ends_on, p.c.brand_id)
    )


def _named_counts(counting: Select[Any]) -> Select[Any]:
    counted = counting.subquery("counted")
    return (
        select(brands.c.name, counted.c.last_ends_on, counted.c.units)
        .join(counted, counted.c.brand_id == brands.c.id)
        .order_by(counted.c.last_ends_on, brands.c.name)
    )


# The report's statements without filters, built once with their values as parameters: a
# page asks both on every request, and building a statement and working out its cache key
# cost several times the CPU of running the one it finds compiled (docs/benchmarks.md).
# The days, cursor and limit of the rows stay ``literal_execute``: written into the text
# as it runs, the same text as when they were built into a new statement each time.
_FIRST = bindparam("first", type_=Date)
_LAST = bindparam("last", type_=Date)
_SINCE = bindparam("since", type_=Date)
_COUNTS = _named_counts(counted_per_day(_FIRST, _LAST, _SINCE))


def _written(name: str, kind: Any) -> ColumnElement[Any]:
    return bindparam(name, type_=kind, literal_execute=True)


def _rows_query(after: bool, where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    query = (
        unit_query()
        .add_columns(p.c.last_ends_on, p.c.last_kind)
        .join(p, p.c.unit_id == units.c.id)
        .where(*_ending(_written("first", Date), _written("last", Date), _written("since", Date)))
        .where(*where)
        .order_by(p.c.last_ends_on, p.c.unit_id)
        .limit(_written("limit", Integer))
    )
    if after:
        # a row comparison: PostgreSQL starts the index scan at the cursor
        cursor = (_written("after_day", Date), _written("after_id", Integer))
        query = query.where(tuple_(p.c.last_ends_on, p.c.unit_id) > tuple_(*cursor))
    return query


_ROWS = {after: _rows_query(after, ()) for after in (False, True)}


def ending_counts(
    connection: Connection,
    first: date,
    last: date,
    covered_on: date,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[EndingCount]:
    """How many units' coverage ends on each day of the window, per brand; ``where``:
    conditions on the units (``units``, ``brands``, ``product_lines``) that narrow them,
    read through the units' rows instead of the index alone."""
    query = _COUNTS
    if where:
        query = _named_counts(
            counted_per_day(_FIRST, _LAST, _SINCE)
            .join(units, units.c.id == p.c.unit_id)
            .join(brands, brands.c.id == units.c.brand_id)
            .join(models, models.c.id == units.c.model_id)
            .join(product_lines, product_lines.c.id == models.c.product_line_id)
            .where(*where)
        )
    rows = connection.execute(query, {"first": first, "last": last, "since": covered_on})
    return [EndingCount(name, day, count) for name, day, count in rows]


def ending_units(
    connection: Connection,
    first: date,
    last: date,
    covered_on: date,
    after: tuple[date, int] | None,
    limit: int,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[EndingUnit]:
    """The next ``limit`` units (after the cursor ``(ends_on, unit_id)``), by last day then id,
    named as everywhere else (``units.unit_query``).

    The days, the cursor and the limit are written into the statement, not bound:
    PostgreSQL then plans it with them (one text per window and day, so a running app
    prepares the first page's plan once). Bound, the plan it settled on after five runs
    (a generic plan, blind to the dates) read ``ix_coverage_projection_ending`` and
    sorted a whole day's units by id, 14 to 30 ms on 5,000,000 units, where the next
    101 entries of ``ix_coverage_projection_expiry`` are read in 1 ms."""
    query = _rows_query(after is not None, where) if where else _ROWS[after is not None]
    values: dict[str, Any] = {"first": first, "last": last, "since": covered_on, "limit": limit}
    if after is not None:
        values["after_day"], values["after_id"] = after
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
        for row in connection.execute(query, values)
    ]
