"""Fixtures for the read side without a real replica: a second database stands for one.

The stand-in replica is a migrated, empty SQLite database: what the primary
holds and it doesn't shows which side answered. (The real streaming replica
is in tests/integration/topology/.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from warrantor.services.uow import UnitOfWorkFactory, uow_factory_for
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade


@pytest.fixture(scope="session")
def stale_replica_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated database that never receives the primary's writes."""
    url = f"sqlite:///{tmp_path_factory.mktemp('replica') / 'replica.sqlite3'}"
    upgrade(url)
    engine = create_db_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def stale_replica(stale_replica_engine: Engine) -> UnitOfWorkFactory:
    return uow_factory_for(stale_replica_engine)
