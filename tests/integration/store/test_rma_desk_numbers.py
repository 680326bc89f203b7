"""RMA numbers stay unique and gap-free when many agents issue them at once (PostgreSQL)."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from rma_desk_support import AGENT, NOW, request, seed

from rma_desk_steps import validate_after_first_contact
from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.opening import open_rma
from warrantor.services.uow import uow_factory_for
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade

AGENTS = 8


def test_agents_issuing_at_the_same_moment_get_distinct_consecutive_numbers(
    backend: str, empty_database_url: str, policy_book: PolicyBook, units_csv: Any
) -> None:
    if backend != "postgresql":
        pytest.skip("concurrent issuing is a PostgreSQL property (SQLite has one writer)")
    upgrade(empty_database_url)
    engine = create_db_engine(empty_database_url)
    try:
        factory = uow_factory_for(engine)
        seed(
            factory,
            lambda rows: import_units(factory, _csv(units_csv, rows), policy_book, now=NOW),
        )
        rows = [
            {
                "brand": "QNAP",
                "serial": f"Q26RACE{i:03d}",
                "model": "TS-453 Pro",
                "purchased_on": "2026-02-01",
                "proof_of_purchase": f"INV-{i}",
                "country_of_purchase": "US",
            }
            for i in range(AGENTS)
        ]
        import_units(factory, _csv(units_csv, rows), policy_book, now=NOW)
        ids = []
        for row in rows:
            rma = open_rma(factory, policy_book, AGENT, request(row["serial"]), NOW)
            validate_after_first_contact(factory, policy_book, AGENT, rma.id, NOW)
            ids.append(rma.id)

        start = threading.Barrier(AGENTS)
        numbers: list[str] = []
        errors: list[BaseException] = []

        def issue(rma_id: int) -> None:
            try:
                start.wait()
                issued = issue_number(factory, policy_book, AGENT, rma_id, NOW)
                assert issued.rma.number is not None
                numbers.append(issued.rma.number)
            except BaseException as error:  # collected and asserted below
                errors.append(error)

        threads = [threading.Thread(target=issue, args=(rma_id,)) for rma_id in ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        engine.dispose()

    assert errors == []
    assert sorted(numbers) == [f"QNAP-2026-{n:06d}" for n in range(1, AGENTS + 1)]


def _csv(units_csv: Any, rows: list[dict[str, str]]) -> Any:
    return io.BytesIO(units_csv(rows))
