"""Repository: rate-limit counters, shared by every server process through the database.

One row per key per fixed window. ``hit`` is one atomic statement (insert, or
add one to the existing row, and read the new count back), so two processes
counting at the same instant never lose a request.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.sql.dml import ReturningInsert

from warrantor.store.tables_auth import rate_limit_buckets
from warrantor.store.upsert import insert_for

_HIT: dict[str, ReturningInsert[int]] = {}
"""The counting statement per dialect, built once: every public check runs it, and
building it (and its cache key) per call cost as much CPU as the check's own read."""


def _hit_statement(connection: Connection) -> ReturningInsert[int]:
    name = connection.dialect.name
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

    def skip_waiting_for_disk(self) -> None:
        """Don't make this transaction's commit wait for the WAL flush (PostgreSQL only).

        Every anonymous check counts itself in a write transaction, and waiting
        for the disk was most of its cost (measured in bench/bench_check.py).
        The trade: if the database server itself crashes, the last fraction of a
        second of counts can be lost, which errs on the client's side; a clean
        restart, or a crash of our own process, loses nothing.
        """
        if self._connection.dialect.name == "postgresql":
            self._connection.execute(text("SET LOCAL synchronous_commit = off"))

    def hit(self, key: str, window_start: datetime, amount: int = 1) -> int:
        """Count ``amount`` requests for ``key`` in the window starting at ``window_start``;
        returns the window's count including these."""
        values = {"key": key, "window_start": window_start, "amount": amount}
        count = self._connection.execute(_hit_statement(self._connection), values).scalar_one()
        return int(count)

    def forget_before(self, key: str, window_start: datetime) -> None:
        """Drop ``key``'s windows older than ``window_start`` (they can never count again)."""
        self._connection.execute(
            rate_limit_buckets.delete().where(
                rate_limit_buckets.c.key == key, rate_limit_buckets.c.window_start < window_start
            )
        )
