"""The import's projection rows: staged beside the unit rows, moved into the table at the end.

The import computes each good row's coverage projection in its streaming
pass (``services.installed_base.unit_import_projection``) and appends it here
with the row number (``COPY`` on PostgreSQL, ``executemany`` on SQLite), so
nothing runs a statement per row. After the units' upsert, ``store`` moves
them into ``coverage_projection`` in one ``INSERT ... SELECT ... ON CONFLICT``,
joined to the units by the staged brand and serial (rows the database checks
rejected are gone from staging by then, so their projections are left out),
touching only the projections that changed. While the file is read, the same
move runs one chunk at a time (``chunk_projections`` beside ``unit_staging.chunk``).

Everything runs on the caller's connection, inside its transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Integer,
    MetaData,
    Table,
    and_,
    insert,
    or_,
    select,
    true,
    union,
)

from warrantor.store.tables import unit_findings, units, usage_readings
from warrantor.store.tables_coverage import coverage_projection
from warrantor.store.tables_extensions import unit_extensions
from warrantor.store.tables_workshop import repair_coverages
from warrantor.store.unit_staging import append_rows, chunk, empty, staging
from warrantor.store.upsert import insert_for

_metadata = MetaData()

staged_projections = Table(
    "unit_import_projection",
    _metadata,
    Column("row_no", Integer, nullable=False),
    *(
        Column(column.name, column.type, nullable=column.nullable)
        for column in coverage_projection.columns
        if column.name not in ("unit_id", "brand_id")
    ),
    prefixes=["TEMPORARY"],
)
"""One row per staged unit row: its projection, without the unit id (not known yet)."""

STAGED_PROJECTION_COLUMNS = tuple(column.name for column in staged_projections.columns)

chunk_projections = Table(
    "unit_import_projection_chunk",
    _metadata,
    *(Column(c.name, c.type, nullable=c.nullable) for c in staged_projections.columns),
    prefixes=["TEMPORARY"],
)
"""The projections of the rows in ``unit_staging.chunk``."""

StagedProjection = tuple[Any, ...]
"""A row in ``STAGED_PROJECTION_COLUMNS`` order (dates as ``date`` or ISO text)."""


class ProjectionStaging:
    """The staged projections of one import, on its connection inside its transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._postgres = connection.dialect.name == "postgresql"

    def create(self) -> None:
        self.drop()
        _metadata.create_all(self._connection)

    def drop(self) -> None:
        _metadata.drop_all(self._connection, checkfirst=True)

    def write(self, rows: Sequence[StagedProjection], into: Table = staged_projections) -> None:
        """Append a batch (to ``staged_projections`` or ``chunk_projections``): ``COPY`` on
        PostgreSQL, ``executemany`` on SQLite."""
        append_rows(self._connection, into.name, STAGED_PROJECTION_COLUMNS, rows)

    def keep_chunk(self) -> None:
        """Append the chunk's projections to ``staged_projections`` and empty the chunk."""
        self._connection.execute(
            insert(staged_projections).from_select(
                STAGED_PROJECTION_COLUMNS, select(chunk_projections)
            )
        )
        empty(self._connection, chunk_projections)

    def store(self, of_chunk: bool = False) -> None:
        """Move the staged projections of the staged (good) rows into ``coverage_projection``,
        each to its unit by brand and serial; unchanged ones are not touched. With
        ``of_chunk``, those of the chunk's rows only."""
        p, s = (chunk_projections, chunk) if of_chunk else (staged_projections, staging)
        values = {
            "unit_id": units.c.id,
            "brand_id": s.c.brand_id,
            **{name: p.c[name] for name in STAGED_PROJECTION_COLUMNS if name != "row_no"},
        }
        source = (
            select(*values.values())
            .select_from(
                p.join(s, s.c.row_no == p.c.row_no).join(
                    units, and_(units.c.brand_id == s.c.brand_id, units.c.serial == s.c.serial)
                )
            )
            .where(true())  # SQLite parses INSERT ... SELECT ... ON CONFLICT with a WHERE only
        )
        statement = insert_for(self._connection, coverage_projection).from_select(
            list(values), source
        )
        kept = [name for name in values if name != "unit_id"]
        changed: list[ColumnElement[bool]] = [
            coverage_projection.c[name].is_distinct_from(statement.excluded[name]) for name in kept
        ]
        self._connection.execute(
            statement.on_conflict_do_update(
                index_elements=["unit_id"],
                set_={name: statement.excluded[name] for name in kept},
                where=or_(*changed),
            )
        )

    def units_with_history(self) -> list[int]:
        """Ids of the staged units that hold more than their own row (voiding findings,
        readings, extensions, repair cover): their staged projection, made from the row
        alone, is not theirs; the service recomputes them from everything they hold."""
        held = union(
            select(unit_findings.c.unit_id),
            select(usage_readings.c.unit_id),
            select(unit_extensions.c.unit_id),
            select(repair_coverages.c.unit_id),
        ).subquery("held")
        query = (
            select(units.c.id)
            .select_from(held)
            .join(units, units.c.id == held.c.unit_id)
            .join(
                staging,
                and_(staging.c.brand_id == units.c.brand_id, staging.c.serial == units.c.serial),
            )
        )
        return list(self._connection.scalars(query))
