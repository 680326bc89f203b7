"""The unit import's staging tables: the file's good rows, checks run in the database, upserts.

Rows already validated one by one (dates, serials, models) are written, with
their row numbers, into a temporary staging table: by ``COPY`` on PostgreSQL,
by ``executemany`` on SQLite (``store.unit_load`` drives the steps). What
needs the whole file or the stored data is then checked in the database, not
in Python memory: a serial twice in the file, an account code that does not
exist. Each rejected row and its reason goes into a second temporary table.
One ``INSERT ... SELECT ... ON CONFLICT (brand_id, serial) DO UPDATE`` moves
the good rows into ``units``, touching only the rows whose facts changed, so
importing the same file twice leaves the same state; the same upsert can move
one chunk of rows at a time (``chunk``, a table of the staging table's shape)
while the file is still being read.

Everything runs on the caller's connection, inside its transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    cast,
    exists,
    func,
    insert,
    literal,
    not_,
    or_,
    select,
    true,
)

from warrantor.store.tables import UtcDateTime, accounts, units
from warrantor.store.upsert import insert_for

_staging_metadata = MetaData()

staging = Table(
    "unit_import_staging",
    _staging_metadata,
    Column("row_no", Integer, nullable=False),
    Column("brand_id", Integer, nullable=False),
    Column("serial", String(64), nullable=False),
    Column("model_id", Integer, nullable=False),
    Column("manufactured_on", Date),
    Column("first_invoiced_on", Date),
    Column("first_invoiced_to", Text),
    Column("purchased_on", Date),
    Column("proof_of_purchase", Text),
    Column("country_of_purchase", Text),
    Column("owner", Text),
    Column("channel", Text),
    prefixes=["TEMPORARY"],
)
"""One row per valid file row; account columns hold codes, resolved at the upsert."""

STAGED_COLUMNS = tuple(column.name for column in staging.columns)

chunk = Table(
    "unit_import_chunk",
    _staging_metadata,
    *(Column(column.name, column.type, nullable=column.nullable) for column in staging.columns),
    prefixes=["TEMPORARY"],
)
"""The rows of one chunk on their way to ``units`` while the file is read (then appended to
``staging``, which keeps the whole file for the checks that need it)."""

rejects = Table(
    "unit_import_rejects",
    _staging_metadata,
    Column("row_no", Integer, nullable=False),
    Column("field", Text, nullable=False),
    Column("reason", Text, nullable=False),
    prefixes=["TEMPORARY"],
)
"""Rows the database checks reject, with the column and the reason."""

StagedRow = tuple[
    int,
    int,
    str,
    int,
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
]
"""A row as staged, in ``STAGED_COLUMNS`` order; dates as ISO ``YYYY-MM-DD`` text."""


@dataclass(frozen=True, slots=True)
class StagedReject:
    """A staged row the database checks rejected, with its values as staged."""

    row_no: int
    field: str
    reason: str
    values: dict[str, Any]


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    inserted: int
    updated: int
    unchanged: int


def append_rows(
    connection: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Append ``rows`` (values in ``columns`` order) to a staging table: ``COPY`` on
    PostgreSQL (on the driver's connection, inside the caller's transaction), one
    ``executemany`` on SQLite."""
    if not rows:
        return
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        driver_connection: Any = connection.connection.driver_connection
        with (
            driver_connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", list(rows))


def empty(connection: Connection, table: Table) -> None:
    """Empty a chunk table: ``TRUNCATE`` on PostgreSQL (a ``DELETE`` would leave its dead
    rows for every later chunk to scan), ``DELETE`` on SQLite (which truncates so)."""
    verb = "TRUNCATE" if connection.dialect.name == "postgresql" else "DELETE FROM"
    connection.exec_driver_sql(f"{verb} {table.name}")


class UnitStaging:
    """The staging tables of one import, on one connection inside its transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._postgres = connection.dialect.name == "postgresql"

    def create(self) -> None:
        """Create empty staging tables (dropping any left by an earlier import in this session)."""
        self.drop()
        _staging_metadata.create_all(self._connection)

    def drop(self) -> None:
        _staging_metadata.drop_all(self._connection, checkfirst=True)

    def write(self, rows: Sequence[StagedRow], into: Table = staging) -> None:
        """Append a batch of rows (to ``staging``, or ``chunk``): ``COPY`` on PostgreSQL,
        ``executemany`` on SQLite."""
        append_rows(self._connection, into.name, STAGED_COLUMNS, rows)

    def keep_chunk(self) -> None:
        """Append the chunk's rows to ``staging`` and empty the chunk."""
        self._connection.execute(insert(staging).from_select(STAGED_COLUMNS, select(chunk)))
        empty(self._connection, chunk)

    def chunk_has_duplicates(self) -> bool:
        """Whether a brand and serial appears twice in the chunk (its upsert would fail:
        ``ON CONFLICT DO UPDATE`` can't touch a row twice)."""
        twice = (
            select(chunk.c.brand_id)
            .group_by(chunk.c.brand_id, chunk.c.serial)
            .having(func.count() > 1)
            .limit(1)
        )
        return self._connection.scalar(twice) is not None

    def prepare(self) -> None:
        """After the last write, before the checks: index the staging table where it pays.

        SQLite needs an index on (brand, serial) for the duplicate check and
        the join with ``units``. PostgreSQL hashes both, and sizes them from
        the table's pages (an ``ANALYZE`` measured slower than it saved).
        """
        if not self._postgres:
            self._connection.exec_driver_sql(
                f"CREATE INDEX ix_{staging.name}_key ON {staging.name} (brand_id, serial)"
            )

    # --- checks that need the whole file or the stored data ---------------------------

    def check(self) -> None:
        """Record, in the rejects table, each staged row the database checks refuse."""
        s = staging
        first = (
            select(
                s.c.brand_id,
                s.c.serial,
                func.min(s.c.row_no).label("first_row"),
                func.max(s.c.row_no).label("last_row"),
            )
            .group_by(s.c.brand_id, s.c.serial)
            .having(func.count() > 1)
            .subquery("dup")
        )
        other_row = cast(
            func.coalesce(
                func.nullif(first.c.first_row, s.c.row_no),
                first.c.last_row,
            ),
            String,
        )
        reason = (
            literal("serial ")
            + s.c.serial
            + literal(" appears more than once in the file: also on row ")
            + other_row
        )
        self._connection.execute(
            insert(rejects).from_select(
                ["row_no", "field", "reason"],
                select(s.c.row_no, literal("serial"), reason).join(
                    first,
                    and_(first.c.brand_id == s.c.brand_id, first.c.serial == s.c.serial),
                ),
            )
        )
        invoiced = accounts.alias("invoiced")
        self._connection.execute(
            insert(rejects).from_select(
                ["row_no", "field", "reason"],
                select(
                    s.c.row_no,
                    literal("first_invoiced_to"),
                    literal("no account has code ") + s.c.first_invoiced_to,
                ).where(
                    s.c.first_invoiced_to.is_not(None),
                    ~exists().where(invoiced.c.code == s.c.first_invoiced_to),
                ),
            )
        )
        self._connection.execute(
            insert(rejects).from_select(
                ["row_no", "field", "reason"],
                select(
                    s.c.row_no,
                    literal("first_invoiced_to"),
                    literal("account ")
                    + s.c.first_invoiced_to
                    + literal(" is not a direct customer of the maker (is_direct_customer is off)"),
                ).where(
                    exists().where(
                        invoiced.c.code == s.c.first_invoiced_to,
                        not_(invoiced.c.is_direct_customer),
                    ),
                ),
            )
        )
        owner = accounts.alias("owner_account")
        self._connection.execute(
            insert(rejects).from_select(
                ["row_no", "field", "reason"],
                select(
                    s.c.row_no,
                    literal("owner"),
                    literal("no account has code ") + s.c.owner,
                ).where(s.c.owner.is_not(None), ~exists().where(owner.c.code == s.c.owner)),
            )
        )

    def rejected(self) -> Iterator[StagedReject]:
        """Each rejected row with its staged values, by row number (streamed, not loaded)."""
        query = (
            select(rejects.c.row_no, rejects.c.field, rejects.c.reason, *staging.columns)
            .join(staging, staging.c.row_no == rejects.c.row_no)
            .order_by(rejects.c.row_no, rejects.c.field)
        )
        # Per statement: Connection.execution_options() would change the connection itself.
        result = self._connection.execute(
            query, execution_options={"stream_results": True, "yield_per": 2000}
        )
        for row in result:
            mapping = row._mapping
            yield StagedReject(
                row_no=mapping[rejects.c.row_no],
                field=mapping[rejects.c.field],
                reason=mapping[rejects.c.reason],
                values={name: mapping[staging.c[name]] for name in STAGED_COLUMNS},
            )

    def rejected_rows(self) -> int:
        """How many distinct staged rows the checks rejected."""
        return self._connection.scalar(select(func.count(func.distinct(rejects.c.row_no)))) or 0

    def discard_rejected(self) -> None:
        """Remove rejected rows from staging, so the upsert takes only the good ones."""
        self._connection.execute(
            staging.delete().where(staging.c.row_no.in_(select(rejects.c.row_no)))
        )

    # --- the upsert --------------------------------------------------------------------

    def upsert(self, now: datetime, source: Table = staging) -> UpsertCounts:
        """Move the rows of ``source`` (``staging`` or ``chunk``) into ``units``: new serials
        inserted, changed ones updated."""
        s = source
        staged = self._connection.scalar(select(func.count()).select_from(s)) or 0
        existing = (
            self._connection.scalar(
                select(func.count())
                .select_from(s)
                .join(units, and_(units.c.brand_id == s.c.brand_id, units.c.serial == s.c.serial))
            )
            or 0
        )
        invoiced = accounts.alias("invoiced")
        owner = accounts.alias("owner_account")
        moved = {
            "brand_id": s.c.brand_id,
            "serial": s.c.serial,
            "model_id": s.c.model_id,
            "manufactured_on": s.c.manufactured_on,
            "first_invoiced_on": s.c.first_invoiced_on,
            "first_invoiced_to_id": invoiced.c.id,
            "purchased_on": s.c.purchased_on,
            "proof_of_purchase": s.c.proof_of_purchase,
            "country_of_purchase": s.c.country_of_purchase,
            "owner_id": owner.c.id,
            "channel": s.c.channel,
            "created_at": literal(now, UtcDateTime()),
            "updated_at": literal(now, UtcDateTime()),
        }
        rows = (
            select(*moved.values())
            .select_from(
                s.outerjoin(invoiced, invoiced.c.code == s.c.first_invoiced_to).outerjoin(
                    owner, owner.c.code == s.c.owner
                )
            )
            # SQLite needs a WHERE before ON CONFLICT to parse INSERT ... SELECT ... upsert.
            .where(true())
        )
        statement = insert_for(self._connection, units).from_select(list(moved), rows)
        facts = [name for name in moved if name not in ("brand_id", "serial", "created_at")]
        changed: list[ColumnElement[bool]] = [
            units.c[name].is_distinct_from(statement.excluded[name])
            for name in facts
            if name != "updated_at"
        ]
        result = self._connection.execute(
            statement.on_conflict_do_update(
                index_elements=["brand_id", "serial"],
                set_={name: statement.excluded[name] for name in facts},
                where=or_(*changed),
            ),
            # Inserted plus updated rows; SQLAlchemy only keeps an INSERT's rowcount if asked.
            execution_options={"preserve_rowcount": True},
        )
        written = result.rowcount
        inserted = staged - existing
        return UpsertCounts(
            inserted=inserted, updated=written - inserted, unchanged=staged - written
        )
