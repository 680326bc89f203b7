"""Repository: rate-limit counters, shared by every server process through the database.

One row per key per fixed window. ``hit`` is one atomic statement (insert, or
add one to the existing row, and read the new count back), so two processes
counting at the same instant never lose a request.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Integer, bindparam, text
from sqlalchemy.sql.dml import ReturningInsert
from sqlalchemy.sql.selectable import TextualSelect

from warrantor.store.tables_auth import rate_limit_buckets
from warrantor.store.upsert import insert_for

_HIT: dict[str, ReturningInsert[int]] = {}
"""The counting statement per dialect, built once: every public check runs it, and
building it (and its cache key) per call cost as much CPU as the check's own read."""


_PG_HIT = text(
    """
    WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
    INSERT INTO rate_limit_buckets (key, window_start, count)
    SELECT :key, :window_start, :amount FROM relaxed
    ON CONFLICT (key, window_start)
    DO UPDATE SET count = rate_limit_buckets.count + EXCLUDED.count
    RETURNING count
    """
).columns(count=Integer)
"""PostgreSQL: the same upsert, run as one autocommit statement whose commit doesn't
wait for the WAL flush (``set_config(..., true)`` lasts for this statement's
transaction only). Every anonymous check counts itself, and one client's
checks all update one row: waiting for the disk while holding that row was
most of the check's time under load (bench/bench_check.py). The trade: if the
database server itself crashes, the last fraction of a second of counts can
be lost, which errs on the client's side; a clean restart loses nothing."""


def _hit_statement(connection: Connection) -> ReturningInsert[int] | TextualSelect:
    name = connection.dialect.name
    if name == "postgresql":
        return _PG_HIT
    if name not in _HIT:
        insert = insert_for(connection, rate_limit_buckets).values(
            key=bindparam("key"), window_start=bindparam("window_start"), count=bindparam("amount")
        )
        _HIT[name] = insert.on_conflict_do_update(
            index_elements=["key", "window_start"],
            set_={"count": rate_limit_buckets.c.count + insert.excluded.count},
        ).returning(rate_limit_buckets.c.count)
    return _HIT[name]


class RateLimitRepository:
    """Counts requests per key and window on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def hit(self, key: str, window_start: datetime, amount: int = 1) -> int:
        """Count ``amount`` requests for ``key`` in the window starting at ``window_start``;
        returns the window's count including these."""
        values = {"key": key, "window_start": window_start, "amount": amount}
        statement = _hit_statement(self._connection)
        count = self._connection.execute(statement, values).scalar_one()
        return int(count)

    def forget_before(self, key: str, window_start: datetime) -> None:
        """Drop ``key``'s windows older than ``window_start`` (they can never count again)."""
        self._connection.execute(
            rate_limit_buckets.delete().where(
                rate_limit_buckets.c.key == key, rate_limit_buckets.c.window_start < window_start
            )
        )
