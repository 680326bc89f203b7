"""The process-wide bound on batch checks' extra readers (``ReaderSlots``), on PostgreSQL
with a real pool: when other batches hold every slot, a batch still answers, in order,
reading on one connection, and a single check still gets a connection; with slots free
a batch reads on several. No timing: events and barriers (their timeouts only turn a
hang into a failure).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.batch_check import check_many_compact
from warrantor.services.installed_base.catalogue import sync_catalogue
from warrantor.services.installed_base.check import BatchItem, check_serial
from warrantor.services.installed_base.reader_slots import ReaderSlots
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory, uow_factory_for
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
ASKED = date(2026, 7, 1)
WAIT_S = 30
"""Only a hang's bound: every wait below ends as soon as what it waits for happens."""
POOL = 4
"""The whole pool: a held batch's 3 readers, and one connection for everyone else."""


@pytest.fixture
def engine(new_postgres_database: Any) -> Iterator[Engine]:
    url = new_postgres_database()
    upgrade(url)
    engine = create_db_engine(url, pool_size=POOL, max_overflow=0, pool_timeout=WAIT_S)
    yield engine
    engine.dispose()


class Watched:
    """A factory whose units of work opened on batch reading threads are counted (how many
    at once, at most), and may be held open until ``release`` is set, or kept until
    ``meet`` (a barrier) has as many of them at once."""

    def __init__(
        self,
        factory: UnitOfWorkFactory,
        release: threading.Event | None = None,
        meet: threading.Barrier | None = None,
    ) -> None:
        self._factory = factory
        self._release = release
        self._meet = meet
        self._met = 0
        self.changed = threading.Condition()
        self.open = 0
        self.peak = 0

    def __call__(self, *, read_only: bool = False, single_statement: bool = False) -> Any:
        uow = self._factory(read_only=read_only, single_statement=single_statement)
        if not threading.current_thread().name.startswith("batch-read"):
            return uow  # the caller's own (the batch's width probe)
        return self._watch(uow)

    @contextmanager
    def _watch(self, uow: UnitOfWork) -> Iterator[UnitOfWork]:
        with uow as entered:
            with self.changed:
                self.open += 1
                self.peak = max(self.peak, self.open)
                meet = self._meet if self._met < (self._meet.parties if self._meet else 0) else None
                self._met += 1
                self.changed.notify_all()
            try:
                if meet is not None:
                    meet.wait(timeout=WAIT_S)
                if self._release is not None:
                    assert self._release.wait(timeout=WAIT_S)
                yield entered
            finally:
                with self.changed:
                    self.open -= 1
                    self.changed.notify_all()


@pytest.fixture
def factory(engine: Engine, policy_book: PolicyBook, units_csv: Any) -> UnitOfWorkFactory:
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
    return factory


def _asked() -> list[BatchItem]:
    serials = [f"QP{n:04d}" for n in range(39, -1, -1)] + ["NOPE1", "QP0003", "bad serial!"]
    return [BatchItem(row=i, serial=s) for i, s in enumerate(serials)]


def _seen(answers: list[Any]) -> list[tuple[Any, ...]]:
    return [(a.item, a.result, repr(a.error)) for a in answers]


def test_with_every_slot_held_a_batch_reads_on_one_connection_and_single_checks_get_one(
    factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    asked = _asked()
    expected = _seen(list(check_many_compact(factory, policy_book, asked, ASKED, chunk_size=3)))
    slots = ReaderSlots(2)

    release = threading.Event()
    holding = Watched(factory, release=release)
    held: list[Any] = []

    def hold() -> None:
        held.extend(
            check_many_compact(holding, policy_book, asked, ASKED, 3, readers=4, slots=slots)
        )

    first = threading.Thread(target=hold)
    first.start()
    try:
        with holding.changed:  # the first batch: its own reader and both slots, held open
            assert holding.changed.wait_for(lambda: holding.open == 3, timeout=WAIT_S)
        assert slots.take(1) == 0

        second = Watched(factory)
        answers = list(
            check_many_compact(second, policy_book, asked, ASKED, 3, readers=4, slots=slots)
        )
        assert [a.item for a in answers] == asked
        assert _seen(answers) == expected
        assert second.peak == 1

        single = check_serial(factory, policy_book, "QP0007", ASKED)
        assert single.unit.serial == "QP0007"
    finally:
        release.set()
        first.join(timeout=WAIT_S)
    assert not first.is_alive()
    assert holding.peak == 3
    assert _seen(held) == expected
    assert slots.take(2) == 2  # given back when the batch ended
    slots.give_back(2)


def test_with_slots_free_a_batch_reads_on_several_connections(
    factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    asked = _asked()
    expected = _seen(list(check_many_compact(factory, policy_book, asked, ASKED, chunk_size=3)))
    slots = ReaderSlots(2)
    watched = Watched(factory, meet=threading.Barrier(3))  # three reads open at once

    answers = list(
        check_many_compact(watched, policy_book, asked, ASKED, 3, readers=4, slots=slots)
    )

    assert _seen(answers) == expected
    assert watched.peak == 3
    assert slots.take(2) == 2
    slots.give_back(2)


def test_a_batch_that_stops_early_gives_its_slots_back(
    factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    slots = ReaderSlots(3)
    answers = check_many_compact(factory, policy_book, _asked(), ASKED, 3, readers=4, slots=slots)
    next(answers)
    assert slots.take(3) == 0
    answers.close()
    assert slots.take(3) == 3


def test_slots_are_taken_without_waiting_and_given_back_bounded() -> None:
    slots = ReaderSlots(2)
    assert slots.take(3) == 2
    assert slots.take(1) == 0
    slots.give_back(2)
    with pytest.raises(ValueError):
        slots.give_back(1)
    assert ReaderSlots(0).take(4) == 0
    with pytest.raises(ValueError):
        ReaderSlots(-1)
