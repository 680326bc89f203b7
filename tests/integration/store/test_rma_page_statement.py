"""What a queue page's statement asks of the database (issue #23, item 8): its states and
its limit written into the statement, so a prepared page keeps one plan on PostgreSQL
(a generic plan that still reads the clock's partial index); a queue whose states run no
clock does not ask ``rma_pauses`` for each row."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from psycopg import sql
from sqlalchemy import event

from warrantor.domain.rma import REPAIR_CLOCK_STATES
from warrantor.store.rmas import RmaFilter, RmaRepository

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def statements_of(connection: Any, filters: RmaFilter) -> list[tuple[str, Any]]:
    """The statements ``RmaRepository.list`` sends for ``filters``, with their parameters."""
    ran: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        ran.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", keep)
    try:
        RmaRepository(connection).list(filters)
    finally:
        event.remove(connection, "before_cursor_execute", keep)
    return ran


@pytest.mark.parametrize(
    "states",
    [("requested",), ("documents_validated",), REPAIR_CLOCK_STATES, ("requested", "received")],
)
def test_a_queue_page_writes_its_states_and_limit_into_the_statement(
    uow_factory: Any, states: tuple[str, ...]
) -> None:
    with uow_factory(read_only=True) as uow:
        ran = statements_of(uow.connection, RmaFilter(states=states, limit=37))
    statement, parameters = ran[0]
    written = ", ".join(f"'{state}'" for state in states)
    assert f"WHERE rmas.state IN ({written})" in statement, statement
    assert re.search(r"LIMIT 37\b", statement), statement
    values = parameters.values() if isinstance(parameters, dict) else parameters
    assert 37 not in list(values), parameters


@pytest.mark.parametrize(
    ("states", "pauses_read"),
    [(("requested",), False), (("requested", "troubleshooting"), False),
     (("documents_validated",), True), (REPAIR_CLOCK_STATES, True), ((), True)],
)  # fmt: skip
def test_only_a_queue_whose_states_run_a_clock_reads_the_paused_clock(
    uow_factory: Any, states: tuple[str, ...], pauses_read: bool
) -> None:
    with uow_factory(read_only=True) as uow:
        ran = statements_of(uow.connection, RmaFilter(states=states, limit=5))
    assert ("rma_pauses" in ran[0][0]) is pauses_read, ran[0][0]


@pytest.mark.parametrize(
    ("states", "index"),
    [(("documents_validated",), "ix_rmas_number_due"),
     (REPAIR_CLOCK_STATES, "ix_rmas_repair_due")],
)  # fmt: skip
def test_a_clock_queue_page_prepared_once_still_reads_its_clocks_index(
    uow_factory: Any, backend: str, states: tuple[str, ...], index: str
) -> None:
    if backend != "postgresql":
        pytest.skip("prepared statements' generic plans are PostgreSQL's")
    with uow_factory() as uow:  # a transaction, for SET LOCAL
        connection = uow.connection
        after = (NOW, NOW, 0)
        statement, parameters = statements_of(
            connection, RmaFilter(states=states, limit=50, after=after)
        )[0]
        names: list[str] = []

        def numbered(match: re.Match[str]) -> str:
            names.append(match.group(1))
            return f"${len(names)}"

        prepared = re.sub(r"%\((\w+)\)s", numbered, statement)
        raw = connection.connection.dbapi_connection
        arguments = ", ".join(sql.Literal(parameters[name]).as_string(raw) for name in names)
        # the plan PostgreSQL keeps for a prepared page, asked for a large queue
        for setting in ("enable_seqscan = off", "enable_bitmapscan = off", "enable_sort = off"):
            connection.exec_driver_sql(f"SET LOCAL {setting}")
        connection.exec_driver_sql("SET LOCAL plan_cache_mode = force_generic_plan")
        name = f"rma_page_{uuid.uuid4().hex}"
        connection.exec_driver_sql(f"PREPARE {name} AS {prepared}")
        plan = "\n".join(
            row[0] for row in connection.exec_driver_sql(f"EXPLAIN EXECUTE {name}({arguments})")
        )
        connection.exec_driver_sql(f"DEALLOCATE {name}")
    assert f"Index Scan using {index} on rmas" in plan, plan
    sorted_by = [line for line in plan.splitlines() if "Sort Key" in line]
    assert all("rma_pauses" in line for line in sorted_by), plan  # only a row's open pauses
