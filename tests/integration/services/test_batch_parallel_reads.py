"""The batch check reads its chunks on several pooled connections at once (PostgreSQL) and
still answers each item in the order asked, as the one-connection read does.

On a real engine (a database of its own, committed for real): in the other
tests units of work are savepoints on one shared connection, where the batch
reads one chunk after another (``_width`` is 1 there, as on SQLite).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.batch_check import _width, check_many_compact
from warrantor.services.installed_base.catalogue import sync_catalogue
from warrantor.services.installed_base.check import BatchItem
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.uow import UnitOfWorkFactory, uow_factory_for
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
ASKED = date(2026, 7, 1)


@pytest.fixture
def engine(new_postgres_database: Any) -> Iterator[Engine]:
    url = new_postgres_database()
    upgrade(url)
    engine = create_db_engine(url)
    yield engine
    engine.dispose()


def test_chunks_read_at_once_answer_in_the_order_asked(
    engine: Engine, policy_book: PolicyBook, units_csv: Any
) -> None:
    factory = uow_factory_for(engine)
    sync_catalogue(factory, policy_book)
    rows = [
        {
            "brand": "QNAP",
            "serial": f"QP{n:04d}",
            "model": "TS-453 Pro",
            "purchased_on": f"{2015 + n % 11}-06-01",
            "proof_of_purchase": f"INV-{n}",
        }
        for n in range(40)
    ]
    assert import_units(factory, io.BytesIO(units_csv(rows)), policy_book, now=NOW).inserted == 40
    serials = [f"QP{n:04d}" for n in range(39, -1, -1)] + ["NOPE1", "QP0003", "bad serial!"]
    asked = [BatchItem(row=i, serial=s) for i, s in enumerate(serials)]

    one = list(check_many_compact(factory, policy_book, asked, ASKED, chunk_size=3, readers=1))
    several = list(check_many_compact(factory, policy_book, asked, ASKED, chunk_size=3, readers=4))

    assert _width(factory, 4) == 4
    assert [a.item for a in several] == asked
    assert [(a.item, a.result, repr(a.error)) for a in several] == [
        (a.item, a.result, repr(a.error)) for a in one
    ]
    assert all(a.result is not None for a in several[:40])
    errors = [type(a.error).__name__ for a in several[40:]]
    assert errors == ["NotFound", "NoneType", "InvalidInput"]


def test_a_shared_connection_is_read_one_chunk_at_a_time(uow_factory: UnitOfWorkFactory) -> None:
    assert _width(uow_factory, 4) == 1
