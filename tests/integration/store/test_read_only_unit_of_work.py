"""A read-only unit of work never commits: what it wrote is gone, what it read is right."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from warrantor.services.outbox.mail import queue_mail
from warrantor.services.uow import UnitOfWorkFactory, uow_factory_for
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def queue(uow: Any) -> int:
    return queue_mail(
        uow, to="ana@example.com", subject="s", body="b", now=NOW, topic="t", reference="r"
    )


def autocommit(uow: Any) -> bool:
    """Whether the driver connection runs each statement on its own (psycopg's flag)."""
    return bool(getattr(uow.connection.connection.driver_connection, "autocommit", False))


def test_a_read_only_unit_of_work_reads_and_keeps_nothing(
    uow_factory: UnitOfWorkFactory, add_units: Any
) -> None:
    add_units([{"brand": "Netac", "serial": "NQ0001", "model": "NV7000 2TB"}])

    with uow_factory(read_only=True) as uow:
        unit = uow.units.get("Netac", "NQ0001")
        queue(uow)  # a write it should not make: never committed

    with uow_factory() as uow:
        assert sum(uow.outbox.counts().values()) == 0
    assert unit is not None and unit.serial == "NQ0001"


def test_on_a_postgresql_engine_a_read_only_unit_of_work_sends_no_begin_or_commit(
    empty_database_url: str, backend: str
) -> None:
    upgrade(empty_database_url)
    engine: Engine = create_db_engine(empty_database_url)
    try:
        factory = uow_factory_for(engine)
        with factory() as uow:
            message_id = queue(uow)
            writer_autocommit = autocommit(uow)
        with factory(read_only=True) as uow:
            seen = uow.outbox.get(message_id)
            reader_autocommit = autocommit(uow)
    finally:
        engine.dispose()

    assert seen is not None and seen.id == message_id
    assert not writer_autocommit
    # psycopg's autocommit (PostgreSQL); SQLite keeps its transaction (no network to save).
    assert reader_autocommit is (backend == "postgresql")


def test_a_single_statement_count_is_kept_and_on_postgresql_commits_as_it_ends(
    empty_database_url: str, backend: str
) -> None:
    from warrantor.services.access.rate_limit import Limit, count_request

    upgrade(empty_database_url)
    engine: Engine = create_db_engine(empty_database_url)
    try:
        factory = uow_factory_for(engine)
        with factory(single_statement=True) as uow:
            counting_autocommit = autocommit(uow)
        limit = Limit(5, 60)
        counts = [count_request(factory, "check:ip:test", limit, NOW, "checks") for _ in range(3)]
        # Another engine (another process, say) sees the committed count.
        other = create_db_engine(empty_database_url)
        try:
            later = count_request(uow_factory_for(other), "check:ip:test", limit, NOW, "checks")
        finally:
            other.dispose()
    finally:
        engine.dispose()

    assert counts == [1, 2, 3]
    assert later == 4
    assert counting_autocommit is (backend == "postgresql")
