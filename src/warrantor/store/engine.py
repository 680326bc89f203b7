"""Building a database engine from a URL: called by each entry point, never at import.

SQLite gets foreign keys, WAL and real transactions (pysqlite's own
transaction handling would otherwise ignore SAVEPOINTs, which the unit of work
and the test fixtures rely on). PostgreSQL goes through psycopg 3, with a
connection pool as large as the thread pool FastAPI runs sync routes in, so a
busy server keeps its connections instead of opening one per request.

PostgreSQL sessions run on UTC (``SET TIME ZONE 'UTC'`` as each connection opens), so
psycopg hands back every instant already in UTC and ``tables.UtcDateTime`` needs no
conversion of each value read (a queue page of 100 RMAs reads 1,100 instants). PgBouncer
keeps a client's ``TimeZone`` across server connections (it is one of the parameters it
tracks), so this holds behind it too.

Behind PgBouncer in transaction mode (Debian's 1.18 keeps no prepared
statements across server connections), psycopg must not prepare statements:
pass ``prepare_threshold=None`` (the ``WARRANTOR_PREPARE_THRESHOLD=off`` setting).
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def normalize_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy would otherwise pick psycopg2)."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


POSTGRES_POOL_SIZE = 40
"""Connections a process keeps: FastAPI (through anyio) runs sync routes on at most 40
threads, and each holds one connection while it works. With SQLAlchemy's default (5,
plus 10 overflow connections closed again as soon as they are returned), a loaded
server opened a new PostgreSQL backend every few requests (docs/benchmarks.md).
Connections are opened only when needed, so a quiet process holds few; a busy one
holds at most this many plus ``POSTGRES_MAX_OVERFLOW``: keep (uvicorn workers x that)
under the server's ``max_connections``."""

POSTGRES_MAX_OVERFLOW = 10
"""Room for threads outside the route pool (e.g. startup, a CLI command's helpers)."""


PSYCOPG_PREPARE_THRESHOLD = 5
"""psycopg's own default: a query is prepared on the server after 5 runs on one connection."""


def create_db_engine(
    url: str, *, prepare_threshold: int | None = PSYCOPG_PREPARE_THRESHOLD, **kwargs: Any
) -> Engine:
    """An engine for ``url`` (``sqlite:///path`` or ``postgresql+psycopg://...``).

    ``prepare_threshold`` (PostgreSQL): psycopg prepares a statement after this
    many runs; ``None`` never (behind a transaction-mode pooler). ``kwargs`` go
    to ``create_engine`` and win over the pool sizes chosen here.
    """
    url = normalize_url(url)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        create_private_file(make_url(url).database)
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        kwargs.setdefault("pool_size", POSTGRES_POOL_SIZE)
        kwargs.setdefault("max_overflow", POSTGRES_MAX_OVERFLOW)
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args.setdefault("prepare_threshold", prepare_threshold)
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        event.listen(engine, "connect", _session_on_utc)
        return engine
    raise ValueError(f"unsupported database: {backend} (use sqlite or postgresql)")


def create_private_file(database: str | None) -> None:
    """Create an SQLite database file that doesn't exist yet as mode 0600 (an empty file is
    an empty database), before SQLite would make it with the umask's usual 0644: it holds
    users, password hashes and sessions. SQLite gives its ``-wal`` and ``-shm`` files the
    database file's mode, so they are the owner's only too. An existing file is left as
    it is (its owner chose its mode)."""
    if database in (None, "", ":memory:") or database.startswith("file:"):
        return
    try:
        handle = os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except (FileExistsError, FileNotFoundError):  # there already, or no folder: SQLite says
        return
    os.close(handle)


def _session_on_utc(dbapi_connection: Any, _record: Any) -> None:
    """The new PostgreSQL session's time zone is UTC, committed so that no rollback undoes
    it (``tables.UtcDateTime`` reads instants unconverted on PostgreSQL because of this)."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
    dbapi_connection.commit()


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL journal, and BEGIN issued by SQLAlchemy rather than the driver.

    The ``connect``/``begin`` pair is SQLAlchemy's documented recipe for
    "serializable isolation / savepoints" with pysqlite.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")
