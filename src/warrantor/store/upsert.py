"""INSERT ... ON CONFLICT for whichever engine a connection talks to.

PostgreSQL and SQLite spell upserts the same way, but SQLAlchemy keeps the
construct in each dialect's module; this picks the right one.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

Insert = postgresql.Insert | sqlite.Insert


def insert_for(connection: Connection, table: Table) -> Insert:
    """An INSERT on ``table`` with ``on_conflict_do_update``, for this connection's engine."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    if connection.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise ValueError(f"unsupported database: {connection.dialect.name}")
