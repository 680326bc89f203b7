"""A first load's chunks COPYed straight into ``units`` and ``coverage_projection`` (PostgreSQL).

When an import starts with no unit stored, none of its rows can update one:
each chunk can go into the tables as a bare ``COPY`` would, with no upsert
and no second pass through a staging table. The chunk's unit ids are taken
from the table's own sequence first (so its projections can name them), the
account codes are resolved to ids here (an unknown one is left empty: the
whole-file checks in ``store.unit_load`` refuse the import for it), and the
chunk is written inside a savepoint: a serial already stored (twice in the
file, or stored meanwhile by another writer) breaks the unique index, the
savepoint is rolled back and ``copy`` says so; the caller then moves that
chunk and the rest by upsert, which reports or merges them as usual.

The secondary indexes of both tables (every index but the primary keys and the
unique ones) are dropped when the first load starts and built again once its
last chunk is written (``take_for_first_load``, ``rebuild_indexes``): one sort
per index instead of a million scattered insertions, about a fifth of the
server's work for the rows. The price: to drop them the import takes both
tables for itself (``ACCESS EXCLUSIVE``) until it commits, so anything reading
``units`` meanwhile (a warranty check, a list) waits for it instead of finding
nothing. That happens only when ``units`` is empty, when there is nothing for
a check to find yet; an import into a stored installed base keeps every index
and takes no such lock. A refused import rolls back, indexes and all.

Used by ``store.unit_load`` on its mover thread, on the import's connection,
inside its transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import psycopg
from sqlalchemy import Connection, exists, select

from warrantor.store.tables import accounts, units
from warrantor.store.unit_staging import StagedRow
from warrantor.store.unit_staging_projection import STAGED_PROJECTION_COLUMNS, StagedProjection

_UNIT_COLUMNS = (
    "id, brand_id, serial, model_id, manufactured_on, first_invoiced_on, first_invoiced_to_id,"
    " purchased_on, proof_of_purchase, country_of_purchase, owner_id, channel, created_at,"
    " updated_at"
)
_PROJECTION_COLUMNS = ", ".join(("unit_id", "brand_id", *STAGED_PROJECTION_COLUMNS[1:]))


_TABLES = ("units", "coverage_projection")


def nothing_stored(connection: Connection) -> bool:
    """Whether ``units`` holds no row yet: a first load (PostgreSQL only uses it)."""
    return not connection.scalar(select(exists().where(units.c.id.is_not(None))))


def take_for_first_load(connection: Connection) -> list[str] | None:
    """If ``units`` is empty, lock it and ``coverage_projection`` for this transaction and
    drop their secondary indexes: returns each one's definition, for ``rebuild_indexes``.
    ``None`` (and no lock kept) when a unit is stored: not a first load."""
    driver: Any = connection.connection.driver_connection
    with driver.cursor() as cursor:
        cursor.execute("SAVEPOINT unit_first_load_lock")
        cursor.execute(f"LOCK TABLE {', '.join(_TABLES)} IN ACCESS EXCLUSIVE MODE")
        if not nothing_stored(connection):
            cursor.execute("ROLLBACK TO SAVEPOINT unit_first_load_lock")  # lets the lock go
            cursor.execute("RELEASE SAVEPOINT unit_first_load_lock")
            return None
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
            " FROM pg_index i"
            " WHERE i.indrelid = ANY (%s::regclass[])"
            " AND NOT i.indisunique AND NOT i.indisprimary"
            " AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
            " ORDER BY 1",
            (list(_TABLES),),
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute("RELEASE SAVEPOINT unit_first_load_lock")
    return [definition for _, definition in found]


def rebuild_indexes(connection: Connection, definitions: Sequence[str]) -> None:
    """Build again the indexes ``take_for_first_load`` dropped, as they were defined."""
    driver: Any = connection.connection.driver_connection
    with driver.cursor() as cursor:
        for definition in definitions:
            cursor.execute(definition)


class FirstLoad:
    """COPYs the chunks of a first load straight into the tables."""

    def __init__(self, connection: Connection, now: datetime) -> None:
        self._connection = connection
        self._now = now
        self._accounts: dict[str, int | None] = {}

    def copy(self, rows: Sequence[StagedRow], projections: Sequence[StagedProjection]) -> bool:
        """Write ``rows`` and their ``projections``; ``False`` (nothing written) when one of
        the rows' brand and serial is already stored."""
        self._resolve({code for row in rows for code in (row[6], row[10]) if code})
        ids = self._fresh_ids(len(rows))
        codes, now = self._accounts, self._now
        driver: Any = self._connection.connection.driver_connection
        with driver.cursor() as cursor:
            cursor.execute("SAVEPOINT unit_first_load")
            try:
                with cursor.copy(f"COPY units ({_UNIT_COLUMNS}) FROM STDIN") as copy:
                    for unit_id, row in zip(ids, rows, strict=True):
                        _, brand, serial, model, made, invoiced, invoiced_to = row[:7]
                        bought, proof, country, owner, channel = row[7:]
                        copy.write_row(
                            (
                                unit_id,
                                brand,
                                serial,
                                model,
                                made,
                                invoiced,
                                codes.get(invoiced_to) if invoiced_to else None,
                                bought,
                                proof,
                                country,
                                codes.get(owner) if owner else None,
                                channel,
                                now,
                                now,
                            )
                        )
                statement = f"COPY coverage_projection ({_PROJECTION_COLUMNS}) FROM STDIN"
                with cursor.copy(statement) as copy:
                    for unit_id, row, projection in zip(ids, rows, projections, strict=True):
                        copy.write_row((unit_id, row[1], *projection[1:]))
            except psycopg.errors.UniqueViolation:
                cursor.execute("ROLLBACK TO SAVEPOINT unit_first_load")
                return False
            cursor.execute("RELEASE SAVEPOINT unit_first_load")
        return True

    def _fresh_ids(self, count: int) -> list[int]:
        """``count`` ids from the sequence that numbers ``units`` (safe beside other writers)."""
        driver: Any = self._connection.connection.driver_connection
        with driver.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('units', 'id')) FROM generate_series(1, %s)",
                (count,),
            )
            return [row[0] for row in cursor.fetchall()]

    def _resolve(self, codes: set[str]) -> None:
        """Account ids of ``codes`` not looked up yet (``None`` for an unknown code)."""
        missing = codes - self._accounts.keys()
        if not missing:
            return
        found = self._connection.execute(
            select(accounts.c.code, accounts.c.id).where(accounts.c.code.in_(missing))
        )
        known = {code: account_id for code, account_id in found}
        for code in missing:
            self._accounts[code] = known.get(code)
