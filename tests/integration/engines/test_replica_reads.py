"""The read side: the replica while it answers and is close enough, else the primary,
said in the log once per change and counted by reason."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy.exc import OperationalError

from warrantor.errors import NotFound
from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.check import check_serial
from warrantor.services.replica_reads import ReplicaReads
from warrantor.services.uow import UnitOfWorkFactory, uow_factory_for, writing_connection
from warrantor.store.engine import create_db_engine

ON = date(2026, 11, 23)
UNIT = {"brand": "QNAP", "serial": "QREPL001", "model": "TS-453 Pro",
        "country_of_purchase": "US", "purchased_on": "2025-01-15",
        "proof_of_purchase": "INV-1", "manufactured_on": "2024-12-01"}  # fmt: skip


def fallbacks(reason: str) -> float:
    return (
        REGISTRY.get_sample_value("warrantor_replica_fallback_reads_total", {"reason": reason})
        or 0.0
    )


def refused() -> float:
    raise OperationalError("SELECT lag", {}, Exception("connection refused\nmore"))


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def reads(
    primary: UnitOfWorkFactory, replica: UnitOfWorkFactory, probe: Callable[[], float], **kw: Any
) -> ReplicaReads:
    return ReplicaReads(primary, replica, probe, max_lag_s=5, **kw)


def found_by(factory: UnitOfWorkFactory, book: PolicyBook) -> bool:
    try:
        check_serial(factory, book, UNIT["serial"], ON, brand="QNAP")
    except NotFound:
        return False
    return True


def test_reads_go_to_the_replica_while_it_is_close_enough(
    uow_factory: UnitOfWorkFactory,
    stale_replica: UnitOfWorkFactory,
    add_units: Any,
    policy_book: PolicyBook,
) -> None:
    add_units([UNIT])
    side = reads(uow_factory, stale_replica, lambda: 4.9)
    assert not found_by(side, policy_book)  # the replica doesn't have it yet
    assert found_by(uow_factory, policy_book)
    assert side.state().usable and side.state().lag_s == 4.9


def test_a_replica_further_behind_than_allowed_is_left_for_the_primary_logged_once(
    uow_factory: UnitOfWorkFactory,
    stale_replica: UnitOfWorkFactory,
    add_units: Any,
    policy_book: PolicyBook,
    caplog: pytest.LogCaptureFixture,
) -> None:
    add_units([UNIT])
    side = reads(uow_factory, stale_replica, lambda: 12.5, recheck_s=0)
    before = fallbacks("lagging")
    with caplog.at_level(logging.WARNING, logger="warrantor.reads"):
        assert found_by(side, policy_book)
        assert found_by(side, policy_book)
    assert fallbacks("lagging") == before + 2
    warnings = [r.getMessage() for r in caplog.records if r.name == "warrantor.reads"]
    assert warnings == [
        "replica not used, reading from the primary: lagging: 12.5 s behind (at most 5 s)"
    ]


def test_a_replica_that_cannot_be_reached_is_left_for_the_primary_until_it_answers(
    uow_factory: UnitOfWorkFactory,
    stale_replica: UnitOfWorkFactory,
    add_units: Any,
    policy_book: PolicyBook,
    caplog: pytest.LogCaptureFixture,
) -> None:
    add_units([UNIT])
    probe: dict[str, Callable[[], float]] = {"now": refused}
    ticks = Ticks()
    side = reads(uow_factory, stale_replica, lambda: probe["now"](), recheck_s=1, monotonic=ticks)
    before = fallbacks("down")
    with caplog.at_level(logging.WARNING, logger="warrantor.reads"):
        assert found_by(side, policy_book)
        assert side.state().problem == "down: connection refused"
        probe["now"] = lambda: 0.0
        assert found_by(side, policy_book)  # not asked again within recheck_s
        ticks.now += 1
        assert not found_by(side, policy_book)  # asked again: back on the replica
    assert fallbacks("down") == before + 2
    assert caplog.messages[-1] == "replica usable again (0.0 s behind), reading from it"


def test_a_replica_refusing_the_connection_mid_way_sends_that_read_to_the_primary(
    uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: PolicyBook, tmp_path: Any
) -> None:
    add_units([UNIT])
    gone = create_db_engine(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.sqlite3'}")
    side = reads(uow_factory, uow_factory_for(gone), lambda: 0.0, monotonic=Ticks())
    assert found_by(side, policy_book)
    assert side.state().usable is False and "unable to open" in (side.state().problem or "")
    gone.dispose()


def test_a_single_statement_unit_of_work_writes_so_it_never_opens_on_the_replica(
    uow_factory: UnitOfWorkFactory, stale_replica: UnitOfWorkFactory
) -> None:
    opened: list[str] = []

    def replica(**kw: Any) -> Any:
        opened.append("replica")
        return stale_replica(**kw)

    side = reads(uow_factory, replica, lambda: 0.0)
    with side(single_statement=True) as uow:
        assert uow.connection is not None
    assert opened == []


def test_a_unit_of_work_on_the_replica_is_never_one_a_helper_writes_in(
    uow_factory: UnitOfWorkFactory, stale_replica: UnitOfWorkFactory
) -> None:
    side = reads(uow_factory, stale_replica, lambda: 0.0)
    with side() as uow:
        assert uow.connection is not None
        assert writing_connection() is None  # the key ring would open its own, on the primary
    with uow_factory() as uow:
        assert writing_connection() is uow.connection
