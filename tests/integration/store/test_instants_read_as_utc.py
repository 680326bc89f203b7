"""Instants read back are UTC on both engines, the same ``tzinfo`` either way: SQLite's by
``UtcDateTime``'s conversion, PostgreSQL's because each session runs on UTC
(``engine.create_db_engine``), so its rows need no conversion of each value."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import Column, Integer, MetaData, Table, insert, select, text

from warrantor.store.engine import create_db_engine
from warrantor.store.tables import UtcDateTime

BERLIN_WINTER = timezone(timedelta(hours=1))


def test_an_instant_written_in_another_zone_reads_back_as_the_same_instant_in_utc(
    database_url: str,
) -> None:
    # the server's own zone for these sessions is not UTC: the engine must set it
    engine = create_db_engine(database_url, connect_args=_zone_of_server(database_url))
    table = Table("instants_read_as_utc", MetaData(), Column("id", Integer, primary_key=True),
                  Column("at", UtcDateTime))  # fmt: skip
    written = datetime(2026, 12, 7, 16, 30, tzinfo=BERLIN_WINTER)
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            table.create(connection)
            connection.execute(insert(table).values(id=1, at=written))
            read = connection.execute(select(table.c.at)).scalar_one()
            computed = None
            if engine.dialect.name == "postgresql":  # an instant SQL made, not a column's
                computed = connection.execute(
                    text("SELECT at + interval '1 day' FROM instants_read_as_utc")
                ).scalar_one()
            transaction.rollback()
    finally:
        engine.dispose()

    assert read == written
    assert read.tzinfo is UTC
    assert read.hour == 15
    if computed is not None:
        assert computed.tzinfo is UTC
        assert computed == written + timedelta(days=1)


def test_a_rolled_back_transaction_leaves_the_session_on_utc(database_url: str) -> None:
    engine = create_db_engine(database_url, pool_size=1, connect_args=_zone_of_server(database_url))
    try:
        if engine.dialect.name != "postgresql":
            return  # SQLite sessions have no time zone
        for _ in range(2):  # the same pooled connection, after a rollback
            with engine.connect() as connection:
                zone = connection.execute(text("SHOW TIME ZONE")).scalar_one()
                connection.rollback()
            assert zone == "UTC"
    finally:
        engine.dispose()


def _zone_of_server(url: str) -> dict[str, str]:
    """A PostgreSQL server whose sessions would start in Shanghai's zone."""
    return {"options": "-c TimeZone=Asia/Shanghai"} if url.startswith("postgresql") else {}
