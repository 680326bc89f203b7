"""What repositories share: one connection, the id of a row just inserted, a row locked.

A repository reads and writes on the connection of one unit of work
(``services.uow``), so what it writes commits or rolls back with the rest of
the use case. Use ``Repository`` as the base of a repository of concept
records (``workshop_*``) that a larger repository composes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, CursorResult, Table, select


class Repository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the one row an ``INSERT`` just wrote."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def lock_row(connection: Connection, table: Table, row_id: int) -> None:
    """Hold the row ``row_id`` of ``table`` (by its ``id``) until the transaction ends
    (``FOR UPDATE`` on PostgreSQL; SQLite writes one transaction at a time), so what is
    judged against it next waits for a transaction that holds it already."""
    connection.execute(select(table.c.id).where(table.c.id == row_id).with_for_update())
