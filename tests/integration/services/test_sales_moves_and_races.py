"""Extensions moving to a replacement unit, and a serial assigned twice at the same moment."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sales_world import AGENT, DIRECT, DIST, NOW, build, units_csv
from sqlalchemy import Engine, func, select, text

from warrantor.certificates.keys import KeyRing
from warrantor.errors import Conflict
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import CoverageKind
from warrantor.services.clock import SystemClock
from warrantor.services.installed_base.check import check_serial
from warrantor.services.installed_base.coverage_projection import refresh_serials
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.sales.moves import move_extensions
from warrantor.services.sales.orders import pay_order, place_order
from warrantor.services.sales.payments import BankTransfer
from warrantor.services.sales.quote_assignments import assign_serials
from warrantor.services.sales.quotes import accept_quote, pay_quote, request_quote
from warrantor.services.uow import UnitOfWorkFactory, uow_factory_for
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade
from warrantor.store.sales_quotes import QuoteRepository
from warrantor.store.tables_extensions import extension_assignments

BANK = BankTransfer()


def test_a_replacement_unit_takes_over_the_extension_with_a_reissued_certificate(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, tmp_path: Path
) -> None:
    world = build(uow_factory, policy_book)
    keys = KeyRing(tmp_path / "keys")
    placed = place_order(uow_factory, policy_book, DIRECT, "Q-OK", 2, NOW, brand="QNAP")
    paid = pay_order(uow_factory, policy_book, keys, AGENT, placed.id, BANK, "T-1", NOW)
    replacement = {
        "serial": "Q-NEW",
        "model": "TS-453 Pro",
        "first_invoiced_on": "2026-11-01",
        "first_invoiced_to": "CUST-DIRECT",
        "purchased_on": "2026-11-01",
        "proof_of_purchase": "INV-1",
        "country_of_purchase": "US",
    }
    import_units(
        uow_factory, io.BytesIO(units_csv([replacement])), world.book, now=SystemClock().now()
    )

    with uow_factory() as uow:
        numbers = move_extensions(
            uow,
            keys,
            brand="QNAP",
            from_serial="Q-OK",
            to_serial="Q-NEW",
            now=NOW,
            reason="unit replaced under RMA-1",
            actor=AGENT,
        )
        # as the workshop's replacement does: both units' stored coverage moves with it
        refresh_serials(uow, world.book, {("QNAP", "Q-OK"), ("QNAP", "Q-NEW")})

    assert len(numbers) == 1 and numbers[0] != paid.certificate_number
    with uow_factory() as uow:
        old = uow.certificates.get(paid.certificate_number or "")
        new = uow.certificates.get(numbers[0])
        assert uow.extensions.for_unit("QNAP", "Q-OK") == ()
    assert old is not None and old.revoked
    assert new is not None and new.certificate.serial == "Q-NEW"
    moved = check_serial(uow_factory, policy_book, "Q-NEW", date(2029, 6, 1), "QNAP")
    extended = [t for t in moved.decision.terms if t.kind is CoverageKind.EXTENDED]
    assert [(t.starts_on, t.ends_on) for t in extended] == [(date(2028, 11, 1), date(2030, 10, 31))]


# --- a race on PostgreSQL: two quotes, one serial, two requests at once --------------------


@pytest.fixture
def committed(backend: str, empty_database_url: str, policy_book: PolicyBook) -> Iterator[Engine]:
    """A migrated database where units of work really commit (each request its own)."""
    if backend != "postgresql":
        pytest.skip("row locks and concurrent transactions are a PostgreSQL matter")
    upgrade(empty_database_url)
    engine = create_db_engine(empty_database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def _lock_waiters(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted")) or 0


def test_two_requests_assigning_one_serial_at_once_assign_it_once(
    committed: Engine, policy_book: PolicyBook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    factory = uow_factory_for(committed)
    build(factory, policy_book)
    keys = KeyRing(tmp_path / "keys")
    quote_ids = []
    for _ in range(2):
        q = request_quote(
            factory,
            policy_book,
            DIST,
            brand="QNAP",
            model="TS-453 Pro",
            quantity=1,
            years=1,
            now=NOW,
        )
        accept_quote(factory, DIST, q.id, NOW)
        pay_quote(factory, AGENT, q.id, BANK, f"W-{q.id}", NOW)
        quote_ids.append(q.id)

    first_inserted = threading.Event()
    original = QuoteRepository.add_assignment

    def slow_first(self: QuoteRepository, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if threading.current_thread().name == "first":
            first_inserted.set()
            deadline = time.monotonic() + 20
            while _lock_waiters(committed) == 0 and time.monotonic() < deadline:
                time.sleep(0.02)  # wait until the second request is blocked behind us

    monkeypatch.setattr(QuoteRepository, "add_assignment", slow_first)
    outcomes: dict[str, object] = {}

    def attempt(name: str, quote_id: int) -> None:
        try:
            outcomes[name] = assign_serials(
                factory, policy_book, keys, DIST, quote_id, ["D-1"], NOW
            )
        except Exception as error:  # the outcome is what the test compares
            outcomes[name] = error

    first = threading.Thread(target=attempt, args=("first", quote_ids[0]), name="first")
    second = threading.Thread(target=attempt, args=("second", quote_ids[1]), name="second")
    first.start()
    assert first_inserted.wait(20)
    second.start()
    first.join(30)
    second.join(30)

    assert not isinstance(outcomes["first"], Exception), outcomes["first"]
    assert isinstance(outcomes["second"], Conflict), outcomes["second"]
    with committed.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(extension_assignments)) == 1
