"""A first load's chunks COPYed straight into ``units`` and ``coverage_projection`` (PostgreSQL).

When an import starts with no unit stored, none of its rows can update one:
each chunk can go into the tables as a bare ``COPY`` would, with no upsert
and no second pass through a staging table. The chunk's unit ids are a block
taken from the table's own sequence first (so its projections can name them),
the account codes are resolved to ids here, and the chunk is written inside a
savepoint: a serial already stored (twice in the file) breaks the unique
index, the savepoint is rolled back and ``copy`` says so.

What happens then depends on whether the chunks are also staged (``staged``).
A staged first load (the file can be read only once) keeps every row in the
staging table for the whole-file checks: an unknown account code is left
empty for those checks to refuse, and after a broken chunk the caller moves
that chunk and the rest by upsert, which reports the serial twice by its rows.
An unstaged first load (the file can be read again: the service's default)
writes each row once, to its table, as the bare ``COPY`` does, and trusts the
file until it meets what only the staged checks can report by its rows: a
serial twice (the unique index breaks), an account code that is unknown or not
a direct customer's. It then raises ``FirstLoadInterrupted``; the service rolls
the import back and reads the file again, staged. (A row the service's own
checks refuse does not interrupt it: the chunks go on into the tables, whose
unique index still finds a serial twice across them, and the refused import
rolls back.) A good file costs one pass; a refused one up to two, with the same
problems listed.

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
from dataclasses import dataclass
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


class FirstLoadInterrupted(Exception):
    """An unstaged first load met a row only a staged import reports in full (a serial
    twice, an account code it can't take): read the file again, staged. Raised on the
    import's connection, whose transaction the caller rolls back."""


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
    """COPYs the chunks of a first load straight into the tables (and, when ``staged``, the
    caller stages them too: see the module's docstring)."""

    def __init__(self, connection: Connection, now: datetime, *, staged: bool) -> None:
        self._connection = connection
        self._stamp = now.isoformat()
        """The rows' ``created_at`` and ``updated_at`` as COPY's text (ISO 8601 with its
        offset, as psycopg would send the instant): dumping a ``datetime`` twice a row took
        about 3 of the 12 us a row the mover holds the interpreter for, while the file's
        checks wait for it."""
        self.staged = staged
        self._accounts: dict[str, _Account | None] = {}

    def copy(self, rows: Sequence[StagedRow], projections: Sequence[StagedProjection]) -> bool:
        """Write ``rows`` and their ``projections``; ``False`` (nothing written) when one of
        the rows' brand and serial is already stored. Unstaged, raises
        ``FirstLoadInterrupted`` instead, and for an account code the import refuses."""
        self._resolve({code for row in rows for code in (row[6], row[10]) if code})
        if not self.staged and not self._accounts_known(rows):
            raise FirstLoadInterrupted("an account code the first load can't take")
        ids = self._fresh_ids(len(rows))
        codes, now = self._accounts, self._stamp
        driver: Any = self._connection.connection.driver_connection
        with driver.cursor() as cursor:
            cursor.execute("SAVEPOINT unit_first_load")
            try:
                with cursor.copy(f"COPY units ({_UNIT_COLUMNS}) FROM STDIN") as copy:
                    for unit_id, row in zip(ids, rows, strict=True):
                        _, brand, serial, model, made, invoiced, invoiced_to = row[:7]
                        bought, proof, country, owner, channel = row[7:]
                        invoiced_account = codes.get(invoiced_to) if invoiced_to else None
                        owner_account = codes.get(owner) if owner else None
                        copy.write_row(
                            (
                                unit_id,
                                brand,
                                serial,
                                model,
                                made,
                                invoiced,
                                invoiced_account.id if invoiced_account else None,
                                bought,
                                proof,
                                country,
                                owner_account.id if owner_account else None,
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
                if not self.staged:
                    raise FirstLoadInterrupted("a serial twice in the file") from None
                return False
            cursor.execute("RELEASE SAVEPOINT unit_first_load")
        return True

    def _accounts_known(self, rows: Sequence[StagedRow]) -> bool:
        """Whether every account code of ``rows`` names an account, and each
        ``first_invoiced_to`` a direct customer (the staged checks' rules)."""
        for row in rows:
            invoiced_to, owner = row[6], row[10]
            if invoiced_to:
                account = self._accounts[invoiced_to]
                if account is None or not account.is_direct_customer:
                    return False
            if owner and self._accounts[owner] is None:
                return False
        return True

    def _fresh_ids(self, count: int) -> list[int]:
        """``count`` consecutive ids from the sequence that numbers ``units``, in one call.

        The block is taken by moving the sequence on (``setval`` past ``nextval``), not by
        ``count`` calls of ``nextval``, which took a tenth of a first load's server time.
        Only a first load does this, holding ``units`` in ``ACCESS EXCLUSIVE`` mode, so no
        insert into ``units`` can take a number between the two calls."""
        driver: Any = self._connection.connection.driver_connection
        with driver.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('units', 'id'),"
                " nextval(pg_get_serial_sequence('units', 'id')) + %s - 1)",
                (count,),
            )
            found = cursor.fetchone()
        last = int(found[0])
        return list(range(last - count + 1, last + 1))

    def _resolve(self, codes: set[str]) -> None:
        """The accounts of ``codes`` not looked up yet (``None`` for an unknown code)."""
        missing = codes - self._accounts.keys()
        if not missing:
            return
        found = self._connection.execute(
            select(accounts.c.code, accounts.c.id, accounts.c.is_direct_customer).where(
                accounts.c.code.in_(missing)
            )
        )
        known = {code: _Account(account_id, direct) for code, account_id, direct in found}
        for code in missing:
            self._accounts[code] = known.get(code)


@dataclass(frozen=True, slots=True)
class _Account:
    id: int
    is_direct_customer: bool
