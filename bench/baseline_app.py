"""The bare baseline for ``bench_check.py``: one FastAPI endpoint, one indexed lookup.

``GET /units/{brand}/{serial}`` finds the unit by brand name + serial (the
``units (brand_id, serial)`` unique index, joined to ``brands`` by name) and
returns the row as JSON: no policies, no decision, no unit of work. It is what
the real coverage check is measured against, so it is served the same way:
uvicorn, a factory, a sync route in FastAPI's thread pool, a SQLAlchemy engine
on psycopg 3 with the app's pool size. It reads in autocommit, as the check's
read-only unit of work does: one statement, one round trip, no BEGIN or
ROLLBACK around it.

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
from typing import Any

from fastapi import FastAPI, HTTPException
from sqlalchemy import create_engine, text

from warrantor.store.engine import POSTGRES_MAX_OVERFLOW, POSTGRES_POOL_SIZE

LOOKUP = text(
    """
    SELECT u.id, b.name AS brand, u.serial, u.model_id, u.manufactured_on,
           u.first_invoiced_on, u.first_invoiced_to_id, u.purchased_on,
           u.proof_of_purchase, u.country_of_purchase, u.owner_id, u.channel
    FROM units AS u JOIN brands AS b ON b.id = u.brand_id
    WHERE lower(b.name) = lower(:brand) AND u.serial = :serial
    """
)


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
    app = FastAPI(title="Warrantor benchmark baseline")

    @app.get("/units/{brand}/{serial}")
    def unit(brand: str, serial: str) -> dict[str, Any]:
        with engine.connect() as connection:
            row = connection.execute(LOOKUP, {"brand": brand, "serial": serial}).first()
        if row is None:
            raise HTTPException(status_code=404, detail=f"no {brand} unit with serial {serial}")
        return dict(row._mapping)

    return app
