"""The bare baseline for ``bench_lists.py``'s API pages: each bare keyset query behind
one FastAPI endpoint, nothing else.

No sign-in, no unit of work, no count, no cursor encoding: the endpoint reads its
query's parameters, runs the bare keyset query ``bench_lists`` times beside the
product's list (``BARE_UNITS``, ``BARE_QUEUE``, ``BARE_NUMBER_QUEUE``,
``BARE_WORKSHOP_QUEUE``) and returns its
rows as JSON. Served as the real app is (``bench_check.serve``: uvicorn, a factory, a
sync route in FastAPI's thread pool, a SQLAlchemy engine on psycopg 3 with the app's
pool size), reading in autocommit as ``baseline_app`` does: one statement, one round
trip.

    WARRANTOR_DATABASE_URL=postgresql+psycopg://... \\
      uvicorn --factory --app-dir bench lists_baseline_app:create_app
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Annotated, Any

from fastapi import FastAPI, Query
from sqlalchemy import create_engine, text

from warrantor.store.engine import POSTGRES_MAX_OVERFLOW, POSTGRES_POOL_SIZE

BARE_UNITS = (
    "SELECT id, serial FROM units WHERE (brand_id, serial) > (%(b)s, %(s)s)"
    " ORDER BY brand_id, serial LIMIT %(n)s"
)
"""A page of units after a cursor, on ``uq_units_brand_id_serial``."""
BARE_UNIT_PREFIX = (
    'SELECT id, serial FROM units WHERE brand_id = %(b)s AND serial COLLATE "C" >= %(p)s'
    ' AND serial COLLATE "C" < %(p_next)s ORDER BY serial COLLATE "C" LIMIT %(n)s'
)
"""One brand's page of the units whose serial starts with ``p`` (``p_next``: the least string
after them), on ``ix_search_units_serial_prefix``, the index ``UnitSearch.prefix`` reads
(``bench_lists`` only: the API has no such page)."""
BARE_QUEUE = (
    "SELECT id FROM rmas WHERE state = %(state)s AND (opened_at, id) > (%(a)s, %(i)s)"
    " ORDER BY opened_at, id LIMIT %(n)s"
)
"""A page of one state's RMAs by opening after a cursor, on ``ix_rmas_state_opened``."""
BARE_NUMBER_QUEUE = (
    "SELECT id FROM rmas WHERE state = 'documents_validated'"
    " AND (number_due_at, opened_at, id) > (%(d)s, %(a)s, %(i)s)"
    " ORDER BY number_due_at, opened_at, id LIMIT %(n)s"
)
"""A page of the RMAs waiting for their number by due instant, on ``ix_rmas_number_due``."""
BARE_WORKSHOP_QUEUE = (
    "SELECT id FROM rmas WHERE state = ANY(%(states)s)"
    " AND (repair_due_at, opened_at, id) > (%(d)s, %(a)s, %(i)s)"
    " ORDER BY repair_due_at, opened_at, id LIMIT %(n)s"
)
"""A page of the workshop's RMAs (``states``: the repair clock's) by the repair clock's due
instant, on ``ix_rmas_repair_due``."""


def _sqlalchemy(statement: str) -> Any:
    """``statement`` (psycopg's ``%(name)s``) as SQLAlchemy text (``:name``)."""
    for name in ("b", "s", "n", "states", "state", "a", "i", "d"):
        statement = statement.replace(f"%({name})s", f":{name}")
    return text(statement)


def create_app() -> FastAPI:
    """The bare app on ``WARRANTOR_DATABASE_URL`` (a PostgreSQL URL)."""
    url = os.environ["WARRANTOR_DATABASE_URL"]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(
        url,
        pool_size=POSTGRES_POOL_SIZE,
        max_overflow=POSTGRES_MAX_OVERFLOW,
        isolation_level="AUTOCOMMIT",
    )
    statements = (BARE_UNITS, BARE_QUEUE, BARE_NUMBER_QUEUE, BARE_WORKSHOP_QUEUE)
    units, queue, number_queue, workshop_queue = map(_sqlalchemy, statements)
    app = FastAPI(title="Warrantor lists benchmark baseline")

    def rows(statement: Any, values: dict[str, Any]) -> list[dict[str, Any]]:
        with engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(statement, values)]

    @app.get("/units")
    def unit_page(b: int, s: str, n: int = 100) -> list[dict[str, Any]]:
        return rows(units, {"b": b, "s": s, "n": n})

    @app.get("/rmas")
    def queue_page(state: str, a: datetime, i: int, n: int = 100) -> list[dict[str, Any]]:
        return rows(queue, {"state": state, "a": a, "i": i, "n": n})

    @app.get("/rmas/number")
    def number_page(d: datetime, a: datetime, i: int, n: int = 100) -> list[dict[str, Any]]:
        return rows(number_queue, {"d": d, "a": a, "i": i, "n": n})

    @app.get("/rmas/workshop")
    def workshop_page(
        d: datetime, a: datetime, i: int, n: int = 100, state: Annotated[list[str], Query()] = ()
    ) -> list[dict[str, Any]]:
        return rows(workshop_queue, {"states": list(state), "d": d, "a": a, "i": i, "n": n})

    return app
