"""Repository: rate-limit counters, shared by every server process through the database.

One row per key per fixed window. ``hit`` is one atomic statement (insert, or
add one to the existing row, and read the new count back), so two processes
counting at the same instant never lose a request.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Integer, Select, bindparam, func, select, true
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.dml import ReturningInsert
from sqlalchemy.sql.selectable import CTE

from warrantor.store.tables_auth import rate_limit_buckets
from warrantor.store.upsert import insert_for

_HIT: dict[str, ReturningInsert[int]] = {}
"""The counting statement per dialect, built once: every public check runs it, and
building it (and its cache key) per call cost as much CPU as the check's own read."""


def counting_cte() -> CTE:
    """PostgreSQL: ``_PG_HIT`` as a CTE named ``hit`` with one column, ``count``.

    For a statement that counts a request and reads what it asked for in one
    round trip (``store.coverage_read``); binds ``:key``, ``:window_start`` and
    ``:amount``. PostgreSQL runs a data-modifying CTE exactly once, to
    completion, whether or not the rest of the statement reads its rows.
    """
    relaxed = select(func.set_config("synchronous_commit", "off", true()).label("relaxed")).cte(
        "relaxed"
    )
    counted = select(
        bindparam("key", type_=rate_limit_buckets.c.key.type),
        bindparam("window_start", type_=rate_limit_buckets.c.window_start.type),
        bindparam("amount", type_=Integer),
    ).select_from(relaxed)
    insert = postgresql.insert(rate_limit_buckets).from_select(
        ["key", "window_start", "count"], counted
    )
    upsert = insert.on_conflict_do_update(
        index_elements=["key", "window_start"],
        set_={"count": rate_limit_buckets.c.count + insert.excluded.count},
    )
    return upsert.returning(rate_limit_buckets.c.count).cte("hit")


_PG_HIT: Select[tuple[int]] = select(counting_cte().c.count)
"""PostgreSQL: the upsert run as one autocommit statement whose commit doesn't wait for
the WAL flush (``set_config(..., true)`` lasts for this statement's transaction only).
Every anonymous check counts itself, and one client's checks all update one row:
waiting for the disk while holding that row was most of the check's time under load
(bench/bench_check.py). The trade: if the database server itself crashes, the last
fraction of a second of counts can be lost, which errs on the client's side; a clean
restart loses nothing."""


def _hit_statement(connection: Connection) -> ReturningInsert[int] | Select[tuple[int]]:
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

    def total_since(self, key: str, since: datetime) -> tuple[int, datetime | None]:
        """``key``'s count over its windows starting at ``since`` or later, and the latest
        window's start (``None`` when there is none): a streak kept one window per event."""
        row = self._connection.execute(
            select(
                func.coalesce(func.sum(rate_limit_buckets.c.count), 0),
                func.max(rate_limit_buckets.c.window_start),
            ).where(rate_limit_buckets.c.key == key, rate_limit_buckets.c.window_start >= since)
        ).one()
        return int(row[0]), row[1]

    def forget_before(self, key: str, window_start: datetime) -> None:
        """Drop ``key``'s windows older than ``window_start`` (they can never count again)."""
        self._connection.execute(
            rate_limit_buckets.delete().where(
                rate_limit_buckets.c.key == key, rate_limit_buckets.c.window_start < window_start
            )
        )
