"""An RMA's row as the domain's ``Rma``, and its due dates as columns.

``to_rma`` maps a row of ``rmas`` (with the customer's and the opener's account
codes) to ``domain.rma.Rma`` (``to_rmas`` a page of them); ``due_values`` spells an
``RmaDue`` as the four columns each clock (``number``, ``repair``) keeps. Used by
``RmaRepository`` so callers never see a row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import fields
from operator import itemgetter
from typing import Any

from sqlalchemy import Row

from warrantor.domain.rma import Rma, RmaDue

_COLUMN_OF = {"customer": "customer_code", "opened_by": "opener_code", "assignee": "assignee_name"}
"""The ``Rma`` fields read from a column of another name (the joined accounts' and user's)."""
_DUE_PARTS = ("due_on", "due_at", "due_provisional", "due_clauses")


def _due(values: tuple[Any, ...]) -> RmaDue | None:
    """A clock's due date from its four columns (``_DUE_PARTS``), none when it has none."""
    due_on, due_at, provisional, clauses = values
    if due_on is None:
        return None
    return RmaDue(
        due_on=due_on,
        due_at=due_at,
        provisional=bool(provisional),
        clause_ids=tuple((clauses or "").split()),
    )


@functools.lru_cache(maxsize=64)
def _reader(columns: tuple[str, ...]) -> Callable[[Row[Any]], Rma]:
    """How to build an ``Rma`` from a row with ``columns``: the columns of every field, in
    ``Rma``'s order (a clock's due date its four), read by position in one ``itemgetter``
    and passed by position. A ``Row``'s attribute costs a lookup by name (a third of a
    microsecond): for a queue page's 101 rows that was most of the 1.8 ms it took to
    build them, against 0.3 ms now (issue #23, item 8)."""
    at = {name: n for n, name in enumerate(columns)}
    names = [f.name for f in fields(Rma)]
    first = names.index("number_due")
    assert names[first + 1] == "repair_due", "the two clocks' fields follow each other"
    wanted: list[str] = []
    for name in names:
        if name in ("number_due", "repair_due"):
            wanted += [f"{name}_{part.removeprefix('due_')}" for part in _DUE_PARTS]
        else:
            wanted.append(_COLUMN_OF.get(name, name))
    get = itemgetter(*(at[column] for column in wanted))
    middle = first + 4
    rma: Callable[..., Rma] = Rma  # by position, the fields' order checked above

    def read(row: Row[Any]) -> Rma:
        v = get(row)
        number_due, repair_due = _due(v[first:middle]), _due(v[middle : middle + 4])
        return rma(*v[:first], number_due, repair_due, *v[middle + 4 :])

    return read


def to_rma(row: Row[Any]) -> Rma:
    """The RMA of a row of ``rmas`` (with its account codes, assignee and paused clock)."""
    return _reader(row._fields)(row)


def to_rmas(rows: Iterable[Row[Any]]) -> list[Rma]:
    """``to_rma`` of each row (a queue's page: the reader looked up once)."""
    read: Callable[[Row[Any]], Rma] | None = None
    found = []
    for row in rows:
        if read is None:
            read = _reader(row._fields)
        found.append(read(row))
    return found


def due_values(prefix: str, due: RmaDue | None) -> dict[str, Any]:
    return {
        f"{prefix}_due_on": due.due_on if due else None,
        f"{prefix}_due_at": due.due_at if due else None,
        f"{prefix}_due_provisional": due.provisional if due else None,
        f"{prefix}_due_clauses": " ".join(due.clause_ids) if due else None,
    }
