"""The single check's read from the coverage projection: the unit and its stored answer.

When and why: the public check is the request answered most. Read with its
facts (``coverage_read``: findings, latest reading, extensions, repair cover)
its statement touches ten tables and their indexes and the engine decides
again on every request. When the unit's projection is current and holds the
full answer's details, the check answers from it instead
(``services.installed_base.check``): this statement reads the unit as
``unit_query`` names it and its projection row, nothing else, and on
PostgreSQL counts the request in the same statement (as
``SerialReader.read_counted`` does), on the driver's cursor with the
statement prepared once per connection: SQLAlchemy's execution and row
handling cost this request more than the read (docs/benchmarks.md); through
SQLAlchemy while tracing is on, so the read keeps its statement span. When the
projection is missing or behind, the caller reads the facts
(``coverage_read``) and asks the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from warrantor.domain.units import Unit
from warrantor.store.coverage_projection import COLUMNS, ProjectionRow
from warrantor.store.tables import units
from warrantor.store.tables_coverage import coverage_projection
from warrantor.store.unit_serial_read import SerialReader, by_serial, counted
from warrantor.store.units import to_unit
from warrantor.telemetry.tracing import recording


@dataclass(frozen=True, slots=True)
class ProjectedUnit:
    """A unit (without its findings: the projection's details hold them) and its stored
    projection (``None``: none stored)."""

    unit: Unit
    projection: ProjectionRow | None


_PROJECTION = tuple(coverage_projection.c[name] for name in COLUMNS if name != "unit_id")


def _statement() -> Any:
    """The unit ``:serial`` of ``:brand`` (lower case) with its projection's columns."""
    return by_serial(
        coverage_projection.c.unit_id.label("projected_unit_id"), *_PROJECTION
    ).outerjoin(coverage_projection, coverage_projection.c.unit_id == units.c.id)


_STATEMENT = _statement()
"""Built once (building a statement and its cache key per call costs more than the read)."""
_COUNTED_STATEMENT = counted(_STATEMENT)
_COUNTED_NAMES = tuple(str(column.key) for column in _COUNTED_STATEMENT.selected_columns)
_compiled: dict[str, str] = {}
"""PostgreSQL's text of the counted read, compiled once (see ``_read_counted``)."""
_constants: dict[str, Any] = {}
"""Its parameters bound when it was built (not by the caller)."""


def _found(row: Any) -> ProjectedUnit | None:
    if row is None or row.id is None:
        return None
    projection = None
    if row.projected_unit_id is not None:
        projection = ProjectionRow(
            row.projected_unit_id,
            *(getattr(row, name) for name in COLUMNS if name != "unit_id"),
        )
    return ProjectedUnit(to_unit(row), projection)


class ProjectedReader(SerialReader[ProjectedUnit]):
    """Reads one unit and its projection on one connection (inside a unit of work)."""

    def read(self, brand: str, serial: str) -> ProjectedUnit | None:
        """The unit ``serial`` of ``brand`` (any letter case) and its projection, or None."""
        row = self._connection.execute(
            _STATEMENT, {"brand": brand.lower(), "serial": serial}
        ).first()
        return _found(row)

    def _read_counted(self, values: dict[str, Any]) -> tuple[ProjectedUnit | None, int]:
        """The counted read (``SerialReader.read_counted``), on PostgreSQL."""
        if recording():  # traced: through SQLAlchemy, whose instrumentation spans the read
            row = self._connection.execute(_COUNTED_STATEMENT, values).one()
            return _found(row), int(row.checks_counted)
        if not _compiled:
            compiled = _COUNTED_STATEMENT.compile(dialect=self._connection.dialect)
            _constants.update(compiled.params)  # the literals bound inside (set_config's)
            _compiled["counted"] = str(compiled)
        driver: Any = self._connection.connection.driver_connection
        with driver.cursor() as cursor:
            cursor.execute(_compiled["counted"], {**_constants, **values}, prepare=True)
            fetched = cursor.fetchone()
        named = SimpleNamespace(**dict(zip(_COUNTED_NAMES, fetched, strict=True)))
        return _found(named), int(named.checks_counted)
