"""Paged lists and the desk's search at volume (issue #23, item 8), each beside a bare
keyset query on the same index, in one run on PostgreSQL.

Makes a database of ``--units`` units (two brands) and ``--rmas`` RMAs (a fifth in each
of five open states; the number clock due on those past "documents validated", the
repair clock on those received; contacts from a list of surnames) inside PostgreSQL
with ``generate_series``, migrates it with the real migrations (so the indexes are the
product's), ANALYZEs it. Then, ``--repeat`` times from random places in each list, it
times, interleaved (so the machine's load falls on both alike):

- ``SQL``: the product's statements (captured from the product's own call, run again
  on the same connection's psycopg cursor, rows fetched) against the bare keyset
  query (same cursor, same place in the list);
- ``call``: the product's whole call (SQLAlchemy, building its rows), for where the
  Python time goes.

The lists (the bare query's index named):

- units page: ``store.units.filtered`` after a cursor vs ``SELECT id, serial ... WHERE
  (brand_id, serial) > (...)`` (``uq_units_brand_id_serial``);
- RMA queue pages: ``RmaRepository.list`` of one queue after a cursor: new requests
  by opening (``ix_rmas_state_opened``), "to issue a number" by its clock's due
  instant (``ix_rmas_number_due``), the workshop by the repair clock's
  (``ix_rmas_repair_due``); the tab's exact count vs a bare ``count(*)``;
- search, exact: ``RmaSearch.exact`` (number, serial, proof, parcel and shipment
  tracking) vs one lookup on ``ix_rmas_serial``; fuzzy name: ``RmaSearch.fuzzy`` vs a
  bare ``%>`` on ``ix_search_rmas_contact_name_trgm``;
- the staff's unit search by the start of a serial over the whole base:
  ``UnitSearch.prefix`` (the model's words in the catalogue, then a page a brand from
  ``ix_search_units_serial_prefix``), 20 hits, for 8 characters of a serial (a
  thousand units match) and for "BL" (every unit matches), vs one brand's bare page of
  20 units starting with it on the same index (``BARE_UNIT_PREFIX``: ``brand_id = b AND
  serial COLLATE "C" >= p AND serial COLLATE "C" < p_next``); the product reads two
  brands' pages and the catalogue, two statements.

Then the API (``bench_lists_api``): each list page of the real app (uvicorn, signed in
with an API token) against ``lists_baseline_app`` running the bare query, served the
same way, one client, requests interleaved, p50/p95 of the response time.

    .venv/bin/python bench/bench_lists.py --units 1000000 --rmas 100000 --repeat 200
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import psycopg
from sqlalchemy import Connection, create_engine, event, text

from bench_lists_api import api_rounds
from lists_baseline_app import (
    BARE_NUMBER_QUEUE,
    BARE_QUEUE,
    BARE_UNIT_PREFIX,
    BARE_UNITS,
    BARE_WORKSHOP_QUEUE,
)
from warrantor.domain.rma import REPAIR_CLOCK_STATES
from warrantor.store.migrate import upgrade
from warrantor.store.rma_search import RmaSearch
from warrantor.store.rmas import RmaFilter, RmaRepository
from warrantor.store.unit_search import UnitSearch, prefix_end
from warrantor.store.units import UnitFilter, filtered, unit_query

ADMIN_URL = os.environ.get(
    "WARRANTOR_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
STATES = ["requested", "troubleshooting", "documents_validated", "awaiting_unit", "received"]
SURNAMES = ["Smith", "Jones", "Garcia", "Miller", "Davis", "Lopez", "Wilson", "Moore"]
BRANDS = {1: "QNAP", 2: "Netac"}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--rmas", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--page", type=int, default=100)
    parser.add_argument("--database", help="reuse this database (made by --keep-db)")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--no-api", action="store_true", help="SQL only")
    return parser.parse_args()


RMA_ROWS = """
INSERT INTO rmas (unit_id, brand, serial, model, state, opened_by_label, contact_name,
                  contact_email, symptom, service_country, service_point, proof_of_purchase,
                  opened_at, updated_at, needs_attention, number_due_on, number_due_at,
                  repair_due_on, repair_due_at)
SELECT id, brand, serial, 'Model', (%(states)s::text[])[1 + k], 'bench',
       (%(names)s::text[])[1 + id %% 8] || ' ' || id,
       lower((%(names)s::text[])[1 + (id / 8) %% 8]) || id || '@example.com',
       'dead', 'US', 'qnap-us', proof_of_purchase, opened_at, %(now)s, false,
       CASE WHEN k >= 2 THEN number_due::date END, CASE WHEN k >= 2 THEN number_due END,
       CASE WHEN k = 4 THEN repair_due::date END, CASE WHEN k = 4 THEN repair_due END
FROM (
    SELECT u.id, b.name AS brand, u.serial, u.proof_of_purchase, (u.id / %(step)s) %% 5 AS k,
           %(now)s - (u.id || ' seconds')::interval AS opened_at,
           %(now)s + (((u.id %% 97) - 48) || ' hours')::interval AS number_due,
           %(now)s + ((u.id %% 89) || ' hours')::interval AS repair_due
    FROM units u JOIN brands b ON b.id = u.brand_id
    WHERE u.id %% %(step)s = 0 ORDER BY u.id LIMIT %(rmas)s
) AS picked
"""
"""The RMAs: state ``k`` in turn; the number clock's due instant (48 hours either side
of now, some late) on those past "documents validated", the repair clock's on those
received; due instants repeat (hours), so ties fall to opening and id."""


def generate(url: str, units: int, rmas: int) -> None:
    """Brands, lines, models, then the units and RMAs, all made inside PostgreSQL."""
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        now = datetime.now(UTC)
        for n, brand in BRANDS.items():
            conn.execute(
                "INSERT INTO brands (id, name) VALUES (%s, %s) ON CONFLICT DO NOTHING", (n, brand)
            )
            conn.execute(
                "INSERT INTO product_lines (id, brand_id, code, name) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT DO NOTHING",
                (n, n, f"line-{n}", f"Line {n}"),
            )
            conn.execute(
                "INSERT INTO models (id, brand_id, name, product_line_id) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT DO NOTHING",
                (n, n, f"Model {n}", n),
            )
        conn.execute(
            "INSERT INTO units (brand_id, serial, model_id, purchased_on, proof_of_purchase,"
            " country_of_purchase, created_at, updated_at)"
            " SELECT 1 + i %% 2, 'BL' || lpad(i::text, 9, '0'), 1 + i %% 2,"
            " date '2020-01-01' + (i %% 2000), 'INV-' || i, 'US', %(now)s, %(now)s"
            " FROM generate_series(1, %(n)s) AS g(i)",
            {"n": units, "now": now},
        )
        values = {"states": STATES, "names": SURNAMES, "now": now, "rmas": rmas}
        conn.execute(RMA_ROWS, {**values, "step": max(1, units // rmas)})
        conn.execute("ANALYZE")


# --- timing -------------------------------------------------------------------------------


def run_raw(conn: Connection, statements: list[tuple[str, Any]]) -> float:
    """Milliseconds to run ``statements`` on the connection's psycopg cursor, rows fetched."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    started = time.perf_counter()
    for statement, values in statements:
        cursor.execute(statement, values)
        cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def captured(conn: Connection, call: Callable[[], Any]) -> tuple[float, list[tuple[str, Any]]]:
    """Milliseconds of ``call`` and the statements it ran (as sent to psycopg)."""
    ran: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, values: Any, *_: Any) -> None:
        ran.append((statement, values))

    event.listen(conn, "before_cursor_execute", keep)
    started = time.perf_counter()
    try:
        call()
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        event.remove(conn, "before_cursor_execute", keep)
    return elapsed, ran


class Measured:
    """Per run: the product's call, its statements again, the bare statement."""

    def __init__(self, label: str, index: str) -> None:
        self.label, self.index = label, index
        self.call: list[float] = []
        self.sql: list[float] = []
        self.bare: list[float] = []


def measure(
    conn: Connection,
    label: str,
    index: str,
    places: list[Any],
    ours: Callable[[Any], Any],
    bare: Callable[[Any], tuple[str, Any]],
    repeat: int,
    rng: random.Random,
) -> Measured:
    """``repeat`` runs from random ``places``: each the product's call (its statements
    captured), those statements again, and the bare statement, at the same place."""
    found = Measured(label, index)
    for n in range(repeat + 5):  # the first five unmeasured (psycopg prepares at the 5th)
        place = rng.choice(places)
        call_ms, statements = captured(conn, lambda place=place: ours(place))
        sql_ms = run_raw(conn, statements)
        bare_ms = run_raw(conn, [bare(place)])
        if n >= 5:
            found.call.append(call_ms)
            found.sql.append(sql_ms)
            found.bare.append(bare_ms)
    return found


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


# --- the lists ----------------------------------------------------------------------------


def measure_lists(conn: Connection, args: argparse.Namespace) -> list[Measured]:
    rng = random.Random(23)
    n = args.page + 1
    repeat = args.repeat
    results = []
    serials = [rng.randrange(1, args.units) for _ in range(repeat)]

    def unit_page(i: int) -> Any:
        after = (BRANDS[1 + i % 2], f"BL{i:09d}")
        return conn.execute(filtered(unit_query(), UnitFilter(limit=n, after=after))).all()

    results.append(measure(conn, "units page", "uq_units_brand_id_serial", serials, unit_page,
                           lambda i: (BARE_UNITS, {"b": 1 + i % 2, "s": f"BL{i:09d}", "n": n}),
                           repeat, rng))  # fmt: skip
    rmas = RmaRepository(conn)

    def places(sql: str) -> list[Any]:
        return [tuple(row) for row in conn.execute(text(sql), {"n": repeat})]

    requested = places(
        "SELECT opened_at, id FROM rmas WHERE state = 'requested' ORDER BY random() LIMIT :n"
    )
    results.append(measure(
        conn, "RMA queue page, new requests (by opening)", "ix_rmas_state_opened", requested,
        lambda p: rmas.list(RmaFilter(states=("requested",), limit=n, after=(None, *p))),
        lambda p: (BARE_QUEUE, {"state": "requested", "a": p[0], "i": p[1], "n": n}),
        repeat, rng,
    ))  # fmt: skip
    waiting = places(
        "SELECT number_due_at, opened_at, id FROM rmas WHERE state = 'documents_validated'"
        " ORDER BY random() LIMIT :n"
    )
    results.append(measure(
        conn, "RMA queue page, to issue a number (by due)", "ix_rmas_number_due", waiting,
        lambda p: rmas.list(RmaFilter(states=("documents_validated",), limit=n, after=p)),
        lambda p: (BARE_NUMBER_QUEUE, {"d": p[0], "a": p[1], "i": p[2], "n": n}),
        repeat, rng,
    ))  # fmt: skip
    workshop = tuple(REPAIR_CLOCK_STATES)
    in_workshop = places(
        "SELECT repair_due_at, opened_at, id FROM rmas WHERE state = 'received'"
        " ORDER BY random() LIMIT :n"
    )
    results.append(measure(
        conn, "RMA queue page, workshop (by due)", "ix_rmas_repair_due", in_workshop,
        lambda p: rmas.list(RmaFilter(states=workshop, limit=n, after=p)),
        lambda p: (BARE_WORKSHOP_QUEUE,
                   {"states": list(workshop), "d": p[0], "a": p[1], "i": p[2], "n": n}),
        repeat, rng,
    ))  # fmt: skip
    results.append(measure(
        conn, "RMA queue tab count, exact", "ix_rmas_state_opened", [0],
        lambda _: rmas.count(RmaFilter(states=("requested",))),
        lambda _: ("SELECT count(*) FROM rmas WHERE state = 'requested'", {}),
        repeat, rng,
    ))  # fmt: skip
    rma_serials = [r[0] for r in places("SELECT serial FROM rmas ORDER BY random() LIMIT :n")]
    search = RmaSearch(conn)
    results.append(measure(
        conn, "search, exact serial (5 lookups)", "ix_rmas_serial", rma_serials,
        lambda s: search.exact(s, 20),
        lambda s: ("SELECT id FROM rmas WHERE serial = %(s)s", {"s": s}),
        repeat, rng,
    ))  # fmt: skip
    typos = ["Smyth", "Jonse", "Garsia", "Miler", "Davies", "Lopes", "Wilsen", "Mohre"]
    conn.execute(text("SELECT set_config('pg_trgm.word_similarity_threshold', '0.3', false)"))
    results.append(measure(
        conn, "search, fuzzy name", "ix_search_rmas_contact_name_trgm", typos,
        lambda q: search.fuzzy(q, 20, set()),
        lambda q: ("SELECT id FROM rmas WHERE contact_name %%> %(q)s LIMIT 20", {"q": q}),
        repeat, rng,
    ))  # fmt: skip
    whole_base = UnitSearch(conn, None, None)
    for label, width in [("8 characters", 8), ('"BL", every unit', 2)]:
        starts = [f"BL{i:09d}"[:width] for i in serials]
        results.append(measure(
            conn, f"search, serial prefix ({label}) vs one brand's bare page of 20",
            "ix_search_units_serial_prefix", starts,
            lambda p: whole_base.prefix(p, 20, set()),
            lambda p: (BARE_UNIT_PREFIX, {"b": 1, "p": p, "p_next": prefix_end(p), "n": 20}),
            repeat, rng,
        ))  # fmt: skip
    return results


def main() -> int:
    args = parse_args()
    name = args.database or f"warrantor_bench_lists_{os.getpid()}"
    base = ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    if not args.database:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_engine(url)
    load = [os.getloadavg()[0]]
    api: list[tuple[str, list[float], list[float]]] = []
    try:
        if not args.database:
            upgrade(url)
            started = time.perf_counter()
            generate(url, args.units, args.rmas)
            print(f"generated in {time.perf_counter() - started:.1f} s", flush=True)
        with engine.connect() as conn:
            results = measure_lists(conn, args)
        load.append(os.getloadavg()[0])
        if not args.no_api:
            api = api_rounds(url, args)
            load.append(os.getloadavg()[0])
    finally:
        engine.dispose()
        if not args.keep_db and not args.database:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        elif not args.database:
            print(f"kept database {name}")
    print(f"{args.units:,} units, {args.rmas:,} RMAs, {args.repeat} runs each, page "
          f"{args.page}; load average (1 min) {' / '.join(f'{x:.1f}' for x in load)}")  # fmt: skip
    print("\n| list (bare query's index) | SQL p50 | SQL p95 | bare p50 | bare p95 "
          "| SQL p95 / bare p95 | call p50 | call p95 |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for m in results:
        print(
            f"| {m.label} (`{m.index}`) | {statistics.median(m.sql):.2f} | {p95(m.sql):.2f} "
            f"| {statistics.median(m.bare):.2f} | {p95(m.bare):.2f} "
            f"| {p95(m.sql) / p95(m.bare):.1f} | {statistics.median(m.call):.2f} "
            f"| {p95(m.call):.2f} |"
        )
    if api:
        print("\n| API list page | p50 ms | p95 ms | bare endpoint p50 | bare p95 | p95 ratio |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for label, ours, bare in api:
            print(
                f"| {label} | {statistics.median(ours):.2f} | {p95(ours):.2f} "
                f"| {statistics.median(bare):.2f} | {p95(bare):.2f} "
                f"| {p95(ours) / p95(bare):.1f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
