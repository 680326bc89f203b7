"""A queue page in due order read along its clock's index (issue #23, item 8).

A queue whose states all run one clock sorts by that clock's due instant, then
opening, then id, no clock (a NULL due instant) last: the same order as
``RmaRepository.list``'s due-of-step CASE, but on the clock's column itself, so
PostgreSQL reads the page as a range of ``ix_rmas_number_due`` or
``ix_rmas_repair_due`` (``tables_rma``: partial on the states of the desk's
"to issue a number" and workshop queues) after the cursor, instead of sorting
every RMA of the queue for each page. RMAs of those states without a due
instant come after the rest, by opening, read by a second statement only when
the first runs out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, Row, Select, tuple_

from warrantor.domain.rma import REPAIR_CLOCK_STATES
from warrantor.store.keyset import page_limit
from warrantor.store.tables_rma import rmas


def clock_of(states: Sequence[str]) -> Column[Any] | None:
    """The due-instant column of the one clock all ``states`` run, or ``None`` (no states,
    a state without a clock, or states of both clocks)."""
    wanted = set(states)
    if not wanted:
        return None
    if wanted <= {"documents_validated"}:
        return rmas.c.number_due_at
    if wanted <= set(REPAIR_CLOCK_STATES):
        return rmas.c.repair_due_at
    return None


def clock_page(
    connection: Connection,
    query: Select[Any],
    due: Column[Any],
    after: tuple[datetime | None, datetime, int] | None,
    limit: int,
) -> list[Row[Any]]:
    """The next ``limit`` rows of ``query`` (over ``rmas``, narrowed to states of the clock
    whose column is ``due``) after ``after`` (due instant, opened at, id): by ``due``, then
    opening and id; those without a due instant last."""
    rows: list[Row[Any]] = []
    if after is None or after[0] is not None:
        timed = query.where(due.is_not(None))
        if after is not None:
            timed = timed.where(tuple_(due, rmas.c.opened_at, rmas.c.id) > after)
        ordered = timed.order_by(due, rmas.c.opened_at, rmas.c.id).limit(page_limit(limit))
        rows.extend(connection.execute(ordered))
        if len(rows) >= limit:
            return rows
    untimed = query.where(due.is_(None))
    if after is not None and after[0] is None:
        untimed = untimed.where(tuple_(rmas.c.opened_at, rmas.c.id) > after[1:])
    ordered = untimed.order_by(rmas.c.opened_at, rmas.c.id).limit(page_limit(limit - len(rows)))
    rows.extend(connection.execute(ordered))
    return rows
