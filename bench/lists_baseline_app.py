"""The bare baseline for ``bench_lists.py``'s API pages: each bare keyset query behind
one FastAPI endpoint, nothing else.

No sign-in, no unit of work, no cursor encoding: the endpoint reads its query's
parameters, runs the bare keyset query ``bench_lists`` times beside the product's list
(``BARE_UNITS``, ``BARE_QUEUE``, ``BARE_NUMBER_QUEUE``, ``BARE_WORKSHOP_QUEUE``) and
returns its rows as JSON; asked ``count=exact`` (as the real page is for a tab's
figure), it also runs the bare count (``BARE_COUNT``) and sends it as ``X-Total-Count``.
Served as the real app is (``bench_check.serve``: uvicorn, a factory, a sync route in
FastAPI's thread pool, a SQLAlchemy engine on psycopg 3 with the app's pool size),
reading in autocommit as ``baseline_app`` does: one statement (two with the count).

    WARRANTOR_DATABASE_URL=postgresql+psycopg://... \\
      uvicorn --factory --app-dir bench lists_baseline_app:create_app
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Annotated, Any

from fastapi import FastAPI, Query, Response
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
BARE_COUNT = "SELECT count(*) FROM rmas WHERE state = %(state)s"
"""A queue tab's exact count (``count=exact`` on a page: the real page's ``X-Total-Count``),
on ``ix_rmas_state_opened``."""


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
    statements = (BARE_UNITS, BARE_QUEUE, BARE_NUMBER_QUEUE, BARE_WORKSHOP_QUEUE, BARE_COUNT)
    units, queue, number_queue, workshop_queue, count_of = map(_sqlalchemy, statements)
    app = FastAPI(title="Warrantor lists benchmark baseline")

    def rows(
        statement: Any, values: dict[str, Any], response: Response | None = None, tab: str = ""
    ) -> list[dict[str, Any]]:
        with engine.connect() as connection:
            found = [dict(row._mapping) for row in connection.execute(statement, values)]
            if response is not None:  # count=exact: the tab's count too
                total = connection.execute(count_of, {"state": tab}).scalar_one()
                response.headers["X-Total-Count"] = str(total)
        return found

    @app.get("/units")
    def unit_page(b: int, s: str, n: int = 100) -> list[dict[str, Any]]:
        return rows(units, {"b": b, "s": s, "n": n})

    @app.get("/rmas")
    def queue_page(
        response: Response, state: str, a: datetime, i: int, n: int = 100, count: str = ""
    ) -> list[dict[str, Any]]:
        counted = response if count == "exact" else None
        return rows(queue, {"state": state, "a": a, "i": i, "n": n}, counted, state)

    @app.get("/rmas/number")
    def number_page(
        response: Response, d: datetime, a: datetime, i: int, n: int = 100, count: str = ""
    ) -> list[dict[str, Any]]:
        counted = response if count == "exact" else None
        values = {"d": d, "a": a, "i": i, "n": n}
        return rows(number_queue, values, counted, "documents_validated")

    @app.get("/rmas/workshop")
    def workshop_page(
        d: datetime, a: datetime, i: int, n: int = 100, state: Annotated[list[str], Query()] = ()
    ) -> list[dict[str, Any]]:
        return rows(workshop_queue, {"states": list(state), "d": d, "a": a, "i": i, "n": n})

    return app
