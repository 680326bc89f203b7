"""Fixtures of the topology tests: the session's database on the real primary/replica/
PgBouncer/Redis topology (``topology_support``), the replica's controls undone after
each test, and serials no other test uses."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import create_engine, text
from topology_support import (
    HOW_TO_PROVIDE,
    VARIABLES,
    ReplicaControl,
    Topology,
    reachable,
    replayed_everything,
    wait_for,
)

from warrantor.store.migrate import upgrade


@pytest.fixture(scope="session")
def topology(require_part: Callable[[str, str, str | None], None]) -> Iterator[Topology]:
    """The running topology with a migrated database of this session's own on it."""
    urls = {name: os.environ.get(variable, "") for name, variable in VARIABLES.items()}
    missing = [VARIABLES[name] for name, url in urls.items() if not url]
    problem = f"{', '.join(missing)} not set" if missing else None
    for name, url in urls.items():
        problem = problem or reachable(name, url)
    require_part("topology", HOW_TO_PROVIDE, problem)
    database = f"warrantor_topology_{secrets.token_hex(5)}"
    admin = create_engine(urls["primary"], isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        parts = Topology(**urls, database=database)
        upgrade(parts.on("primary"))
        wait_for(
            lambda: replayed_everything(urls["primary"], urls["replica"]),
            "the replica replaying the migrated database",
        )
        yield parts
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def replica_control(topology: Topology) -> Iterator[ReplicaControl]:
    control = ReplicaControl(topology)
    try:
        yield control
    finally:
        if control.touched:
            control("start")  # does nothing when it runs
            control("resume")
            control.wait_replayed()


@pytest.fixture
def serial() -> Callable[[str], str]:
    """``serial(prefix)``: a serial no other test (or run) uses."""
    return lambda prefix: f"{prefix}{secrets.token_hex(4).upper()}"
