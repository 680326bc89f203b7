"""Reading and writing the coverage projection (``tables_coverage.coverage_projection``).

The store knows nothing of the policy engine: a projection reaches it as a
``ProjectionRow`` (``terms`` and ``stretches`` already encoded by
``services.installed_base.projection_codec``) and leaves it the same way.

Reads for the batch check go by chunks of serials (``rows_for_serials``): one
statement per chunk, an index lookup per serial (``ix_units_serial``, then the
projection's primary key), never a scan of the installed base.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Connection, Row, String, any_, bindparam, exists, func, select
from sqlalchemy.dialects.postgresql import ARRAY

from warrantor.store.tables import brands, models, product_lines, units
from warrantor.store.tables_coverage import coverage_projection
from warrantor.store.upsert import insert_for


class ProjectionRow(NamedTuple):
    """One unit's stored projection, as the table holds it.

    A named tuple, not a frozen dataclass: a batch check builds one for each unit it reads
    (``rows_for_serials``), a million for a file of a million serials, and a tuple is made
    in a third of the time (0.5 against 1.6 microseconds)."""

    unit_id: int
    brand_id: int
    policy_id: str
    policy_version: str
    start_on: date | None
    voided: bool
    region: str | None
    usage_limit_bytes: int | None
    reading_bytes: int | None
    reading_on: date | None
    terms: str
    stretches: str
    covered_from: date | None
    last_ends_on: date | None
    last_kind: str | None
    details: str | None = None
    """The rest of the full answer, encoded (``projection_codec.encode_details``); ``None``
    for a row stored before it was kept, or not read (the batch reads without it)."""


COLUMNS = tuple(column.name for column in coverage_projection.columns)
"""The table's columns in ``ProjectionRow`` field order (the import COPYs in this order)."""


@dataclass(frozen=True, slots=True)
class UnitProjection:
    """A unit found by serial, and its projection (``None``: none stored yet)."""

    unit_id: int
    brand_id: int
    serial: str
    projection: ProjectionRow | None


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """A unit and the policy version its stored projection rests on."""

    unit_id: int
    brand: str
    policy_id: str | None
    policy_version: str | None
    start_on: date | None
    complete: bool = True
    """Whether it holds the full answer's details (``False``: stored before they were kept,
    or no projection at all)."""


COMPACT_COLUMNS = tuple(c for c in coverage_projection.columns if c.name != "details")
"""What the batch reads: every column but the full answer's details (``ProjectionRow`` field
order), so its rows stay short."""


def _to_row(row: Row[Any]) -> ProjectionRow:
    return ProjectionRow(**{name: getattr(row, name) for name in COLUMNS})


def _by_serials(postgres: bool) -> Any:
    """Units holding any of ``:serials``, with their projection (``NULL`` columns if none).

    PostgreSQL gets the serials as one array (``= ANY``): one statement text for every
    chunk size, prepared once; SQLite an expanded ``IN`` list."""
    matching = (
        units.c.serial == any_(bindparam("serials", type_=ARRAY(String)))
        if postgres
        else units.c.serial.in_(bindparam("serials", expanding=True))
    )
    return (
        select(
            units.c.id.label("found_unit_id"),
            units.c.brand_id.label("found_brand_id"),
            units.c.serial,
            *COMPACT_COLUMNS,
        )
        .select_from(units)
        .outerjoin(coverage_projection, coverage_projection.c.unit_id == units.c.id)
        .where(matching)
    )


_BY_SERIALS = _by_serials(False)
"""Built once (its cache key is the same for every chunk)."""

_BY_SERIALS_ARRAY = _by_serials(True)
_compiled: dict[str, str] = {}
"""PostgreSQL's text of the array form, compiled once by the first connection's dialect, for
the driver's cursor (see ``rows_for_serials``)."""


class ProjectionRepository:
    """The projection table on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def save(self, rows: Sequence[ProjectionRow]) -> None:
        """Store each row, replacing the unit's earlier projection (one statement)."""
        if not rows:
            return
        statement = insert_for(self._connection, coverage_projection)
        replaced = {name: statement.excluded[name] for name in COLUMNS if name != "unit_id"}
        self._connection.execute(
            statement.on_conflict_do_update(index_elements=["unit_id"], set_=replaced),
            [row._asdict() for row in rows],
        )

    def get(self, unit_id: int) -> ProjectionRow | None:
        row = self._connection.execute(
            select(coverage_projection).where(coverage_projection.c.unit_id == unit_id)
        ).first()
        return _to_row(row) if row else None

    def rows_for_serials(self, serials: Sequence[str]) -> list[UnitProjection]:
        """Every unit holding one of ``serials`` (any brand), with its projection.

        On PostgreSQL the read runs on the driver's cursor, prepared once per connection:
        a batch reads a million of these rows, and SQLAlchemy's row processing cost more
        than the read itself (docs/benchmarks.md). SQLite: the same statement through
        SQLAlchemy."""
        if not serials:
            return []
        rows: Sequence[Sequence[Any]]
        if self._connection.dialect.name == "postgresql":
            text = _compiled.get("serials")
            if text is None:
                text = _compiled["serials"] = str(
                    _BY_SERIALS_ARRAY.compile(dialect=self._connection.dialect)
                )
            driver: Any = self._connection.connection.driver_connection
            with driver.cursor() as cursor:
                cursor.execute(text, {"serials": list(serials)}, prepare=True)
                rows = cursor.fetchall()
        else:
            rows = self._connection.execute(_BY_SERIALS, {"serials": list(serials)}).all()
        return [
            UnitProjection(row[0], row[1], row[2], ProjectionRow(*row[3:]) if row[3] else None)
            for row in rows
        ]

    def stored_versions_after(self, after: int, limit: int) -> list[StoredVersion]:
        """Up to ``limit`` units with an id above ``after``, in id order, each with the
        version its projection rests on (``None`` when it has none): what a recompute walks."""
        rows = self._connection.execute(
            select(
                units.c.id,
                brands.c.name,
                coverage_projection.c.policy_id,
                coverage_projection.c.policy_version,
                coverage_projection.c.start_on,
                coverage_projection.c.details.is_not(None).label("complete"),
            )
            .select_from(units)
            .join(brands, brands.c.id == units.c.brand_id)
            .outerjoin(coverage_projection, coverage_projection.c.unit_id == units.c.id)
            .where(units.c.id > after)
            .order_by(units.c.id)
            .limit(limit)
        )
        return [
            StoredVersion(r.id, r.name, r.policy_id, r.policy_version, r.start_on, bool(r.complete))
            for r in rows
        ]


def placed_models(connection: Connection) -> dict[int, tuple[str, str]]:
    """Every model's name and product line code, by model id (the catalogue is small)."""
    rows = connection.execute(
        select(models.c.id, models.c.name, product_lines.c.code).join(
            product_lines, product_lines.c.id == models.c.product_line_id
        )
    )
    return {row.id: (row.name, row.code) for row in rows}


@dataclass(frozen=True, slots=True)
class VersionSpan:
    """The stored projections of one brand made by one policy version: their start days."""

    brand: str
    policy_id: str
    policy_version: str
    earliest_start: date | None
    latest_start: date | None
    without_start: int
    """How many have no start day."""


def version_spans(connection: Connection) -> list[VersionSpan]:
    """Per brand and policy version, the earliest and latest start day of the projections it
    made: enough to tell, in one pass over the table, whether any projection is behind."""
    rows = connection.execute(
        select(
            brands.c.name,
            coverage_projection.c.policy_id,
            coverage_projection.c.policy_version,
            func.min(coverage_projection.c.start_on),
            func.max(coverage_projection.c.start_on),
            func.count() - func.count(coverage_projection.c.start_on),
        )
        .join(brands, brands.c.id == coverage_projection.c.brand_id)
        .group_by(
            brands.c.name, coverage_projection.c.policy_id, coverage_projection.c.policy_version
        )
    )
    return [VersionSpan(*row) for row in rows]


def units_without_projection(connection: Connection) -> int:
    """How many units have no projection stored (a unit stored before the table existed),
    or one without the full answer's details (stored before they were kept)."""
    missing = ~exists().where(coverage_projection.c.unit_id == units.c.id)
    bare = connection.scalar(select(func.count()).select_from(units).where(missing)) or 0
    without = select(func.count()).where(coverage_projection.c.details.is_(None))
    return bare + (connection.scalar(without) or 0)
