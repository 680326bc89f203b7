"""A queue whose states all run one clock pages along that clock's index (issue #23, item 8):
by due instant, then opening, then id, those without a due instant last, each RMA once;
on PostgreSQL the page is a range of the clock's partial index, not a sort of the queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, insert

from warrantor.domain.rma import REPAIR_CLOCK_STATES
from warrantor.store.rma_clock_order import clock_of
from warrantor.store.rmas import RmaFilter, RmaRepository
from warrantor.store.tables_rma import rmas

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DUES = [3, None, 1, 3, 2, None, 1, 5]
"""Hours from ``NOW`` each RMA's clock is due (``None``: its state runs no clock here)."""


def store_rmas(connection: Any, unit_id: int, state: str, clock: str) -> list[int]:
    """The RMAs of ``DUES`` in ``state``, due by ``clock`` ("number" or "repair")."""
    ids = []
    for n, hours in enumerate(DUES):
        due = None if hours is None else NOW + timedelta(hours=hours)
        values = {
            "unit_id": unit_id, "brand": "QNAP", "serial": "QCLOCK1", "model": "TS-453 Pro",
            "state": state, "opened_by_label": "test", "contact_name": f"Ann {n}",
            "contact_email": f"ann{n}@example.com", "symptom": "dead", "service_country": "US",
            "service_point": "qnap-us", "opened_at": NOW - timedelta(minutes=n % 3),
            "updated_at": NOW, "needs_attention": False, f"{clock}_due_at": due,
            f"{clock}_due_on": due and due.date(), f"{clock}_due_provisional": False,
        }  # fmt: skip
        ids.append(connection.execute(insert(rmas).values(**values)).inserted_primary_key[0])
    return ids


def expected(ids: list[int], opened: dict[int, datetime]) -> list[int]:
    dues = dict(zip(ids, DUES, strict=True))
    return sorted(ids, key=lambda i: (dues[i] is None, dues[i] or 0, opened[i], i))


@pytest.mark.parametrize(
    ("state", "clock"), [("documents_validated", "number"), (REPAIR_CLOCK_STATES[0], "repair")]
)
def test_a_clock_queue_pages_by_due_then_opening_each_rma_once(
    uow_factory: Any, add_units: Any, state: str, clock: str
) -> None:
    add_units([{"brand": "QNAP", "serial": "QCLOCK1", "model": "TS-453 Pro"}])
    with uow_factory() as uow:
        unit_id = uow.units.id_of("QNAP", "QCLOCK1")
        ids = store_rmas(uow.connection, unit_id, state, clock)
    with uow_factory(read_only=True) as uow:
        repository = RmaRepository(uow.connection)
        seen, after = [], None
        while True:
            page = repository.list(RmaFilter(states=(state,), limit=3, after=after))
            seen.extend(page)
            if len(page) < 3:
                break
            last, due = page[-1], page[-1].current_due()
            after = (due.due_at if due else None, last.opened_at, last.id)
    opened = {r.id: r.opened_at for r in seen}
    assert [r.id for r in seen] == expected(ids, opened)


@pytest.mark.parametrize(
    ("states", "index"),
    [(("documents_validated",), "ix_rmas_number_due"),
     (REPAIR_CLOCK_STATES, "ix_rmas_repair_due")],
)  # fmt: skip
def test_a_clock_queue_page_is_a_range_of_its_clocks_index(
    uow_factory: Any, backend: str, states: tuple[str, ...], index: str
) -> None:
    if backend != "postgresql":
        pytest.skip("the plan asked for is PostgreSQL's")
    ran: list[tuple[str, Any]] = []
    with uow_factory(read_only=True) as uow:
        connection = uow.connection

        def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            ran.append((statement, parameters))

        event.listen(connection, "before_cursor_execute", keep)
        RmaRepository(connection).list(RmaFilter(states=states, limit=50, after=(NOW, NOW, 0)))
        event.remove(connection, "before_cursor_execute", keep)
        # an empty table is read whole: ask for the plan a large queue gets
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            connection.exec_driver_sql(f"SET LOCAL {setting} = off")
        statement, parameters = ran[0]
        plan = "\n".join(
            r[0] for r in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        )
    assert clock_of(states) is not None
    assert f"Index Scan using {index} on rmas" in plan, plan
    # the page itself is never sorted; each row's running pause (one RMA's few pauses, a
    # LATERAL subquery on PostgreSQL) may be
    sorted_by = [line for line in plan.splitlines() if "Sort Key" in line]
    assert all("rma_pauses" in line for line in sorted_by), plan
