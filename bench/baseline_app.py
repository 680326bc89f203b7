"""The bare baseline for ``bench_check.py``: one FastAPI endpoint, one indexed lookup.

``GET /units/{brand}/{serial}`` finds the unit by brand name + serial (the
``units (brand_id, serial)`` unique index, joined to ``brands`` by name) and
returns the row as JSON: no policies, no decision, no unit of work. It is what
the real coverage check is measured against, so it is served the same way:
uvicorn, a factory, a sync route in FastAPI's thread pool, a SQLAlchemy engine
on psycopg 3 with the app's pool size. It reads in autocommit, as the check's
read-only unit of work does: one statement, one round trip, no BEGIN or
ROLLBACK around it.

It makes the same rate-limiter call as the public check (issue 14: the
comparison is of everything else): each request counts itself for its
client's address against ``WARRANTOR_CHECK_RATE_LIMIT`` per
``WARRANTOR_CHECK_RATE_WINDOW_SECONDS`` (``AuthSettings``), in the same
statement as the lookup, with the same counting CTE
(``store.rate_limits.counting_cte``) as ``CoverageReader.read_counted``;
the first count of a window drops the key's older windows
(``RequestCount.settle``) and a request over the limit is a 429, as the
check's.

Until session 3 it had SQLAlchemy's default pool (5 connections kept, up to
10 more opened and closed again per use: with 40 route threads a new
PostgreSQL backend every few requests) and a transaction per lookup (three
round trips): both slowed the baseline and flattered the check's ratio.

Run by the benchmark as::

    WARRANTOR_DATABASE_URL=postgresql+psycopg://... \\
      uvicorn --factory --app-dir bench baseline_app:create_app
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from sqlalchemy import column, create_engine, select, text, true

from warrantor.services.access.rate_limit import Limit, RateLimited, RequestCount
from warrantor.services.access.settings import AuthSettings
from warrantor.store.engine import POSTGRES_MAX_OVERFLOW, POSTGRES_POOL_SIZE
from warrantor.store.rate_limits import RateLimitRepository, counting_cte

LOOKUP = text(
    """
    SELECT u.id, b.name AS brand, u.serial, u.model_id, u.manufactured_on,
           u.first_invoiced_on, u.first_invoiced_to_id, u.purchased_on,
           u.proof_of_purchase, u.country_of_purchase, u.owner_id, u.channel
    FROM units AS u JOIN brands AS b ON b.id = u.brand_id
    WHERE lower(b.name) = lower(:brand) AND u.serial = :serial
    """
).columns(
    *(
        column(name)
        for name in [
            "id",
            "brand",
            "serial",
            "model_id",
            "manufactured_on",
            "first_invoiced_on",
            "first_invoiced_to_id",
            "purchased_on",
            "proof_of_purchase",
            "country_of_purchase",
            "owner_id",
            "channel",
        ]
    )
)


def _counted_lookup() -> object:
    """The request counted and the unit read in one statement, as the check does it."""
    hit = counting_cte()
    found = LOOKUP.subquery("found")
    return select(hit.c.count.label("checks_counted"), found).select_from(
        hit.outerjoin(found, true())
    )


COUNTED_LOOKUP = _counted_lookup()


def create_app() -> FastAPI:
    """The baseline app on ``WARRANTOR_DATABASE_URL`` (a PostgreSQL URL)."""
    url = os.environ["WARRANTOR_DATABASE_URL"]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(
        url,
        pool_size=POSTGRES_POOL_SIZE,
        max_overflow=POSTGRES_MAX_OVERFLOW,
        isolation_level="AUTOCOMMIT",
    )
    settings = AuthSettings()
    limit = Limit(settings.check_rate_limit, settings.check_rate_window_seconds)
    app = FastAPI(title="Warrantor benchmark baseline")

    @app.exception_handler(RateLimited)
    def too_many(request: Request, error: RateLimited) -> JSONResponse:
        headers = {"Retry-After": str(error.retry_after)}
        return JSONResponse({"detail": str(error)}, status_code=429, headers=headers)

    @app.get("/units/{brand}/{serial}")
    def unit(brand: str, serial: str, request: Request) -> dict[str, Any]:
        address = request.client.host if request.client else "unknown"
        counting = RequestCount(f"check:ip:{address}", limit, datetime.now(UTC), "warranty checks")
        values = {
            "brand": brand,
            "serial": serial,
            "key": counting.key,
            "window_start": counting.window_start,
            "amount": counting.amount,
        }
        with engine.connect() as connection:
            rows = connection.execute(COUNTED_LOOKUP, values).all()  # type: ignore[call-overload]
            counting.settle(RateLimitRepository(connection), int(rows[0].checks_counted))
        counting.enforce(int(rows[0].checks_counted))
        if rows[0].id is None:
            raise HTTPException(status_code=404, detail=f"no {brand} unit with serial {serial}")
        row = rows[0]._mapping
        return {name: value for name, value in row.items() if name != "checks_counted"}

    return app
