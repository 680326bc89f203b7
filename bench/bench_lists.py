"""Paged lists and the desk's search at volume (issue #23, item 8), each beside a bare
keyset query on the same index, in one run on PostgreSQL.

Makes a database of ``--units`` units (two brands) and ``--rmas`` RMAs (in every open
state, contacts from a list of surnames) inside PostgreSQL with ``generate_series``,
migrates it with the real migrations (so the indexes are the product's), ANALYZEs it,
then times each statement ``--repeat`` times from random places in the list and prints
p50/p95 in milliseconds and the ratio of the p95s:

- units page: ``store.units.filtered`` after a cursor (unique index on (brand_id,
  serial)) vs ``SELECT ... WHERE (brand_id, serial) > (...) ORDER BY brand_id, serial``;
- RMA queue page (one state): ``RmaRepository.list`` after a cursor vs the bare keyset
  on ``ix_rmas_state_opened`` (state, opened_at); the tab's exact count vs a bare
  ``count(*)`` on the same index;
- search, exact serial: ``RmaSearch.exact`` (five lookups: number, serial, proof,
  parcel and shipment tracking) vs one lookup on ``ix_rmas_serial``;
- search, fuzzy name: ``RmaSearch.fuzzy`` vs a bare ``%>`` on
  ``ix_search_rmas_contact_name_trgm``.

Usage (admin URL; the database is created and dropped unless --keep-db):

    .venv/bin/python bench/bench_lists.py --units 1000000 --rmas 100000 --repeat 200

The API page against a bare FastAPI endpoint is not part of this script yet.
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
from sqlalchemy import create_engine, text

from warrantor.store.migrate import upgrade
from warrantor.store.rma_search import RmaSearch
from warrantor.store.rmas import RmaFilter, RmaRepository
from warrantor.store.units import UnitFilter, filtered, unit_query

ADMIN_URL = os.environ.get(
    "WARRANTOR_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
STATES = ["requested", "troubleshooting", "documents_validated", "awaiting_unit", "received"]
SURNAMES = ["Smith", "Jones", "Garcia", "Miller", "Davis", "Lopez", "Wilson", "Moore"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--rmas", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--page", type=int, default=100)
    parser.add_argument("--database", help="reuse this database (made by --keep-db)")
    parser.add_argument("--keep-db", action="store_true")
    return parser.parse_args()


def generate(url: str, units: int, rmas: int) -> None:
    """Brands, lines, models, then the units and RMAs, all made inside PostgreSQL."""
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        now = datetime.now(UTC)
        for n, brand in enumerate(("QNAP", "Netac"), start=1):
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
        step = max(1, units // rmas)
        conn.execute(
            "INSERT INTO rmas (unit_id, brand, serial, model, state, opened_by_label,"
            " contact_name, contact_email, symptom, service_country, service_point,"
            " proof_of_purchase, opened_at, updated_at, needs_attention, number_due_at)"
            " SELECT u.id, b.name, u.serial, 'Model', (%(states)s::text[])[1 + u.id %% 5],"
            " 'bench', (%(names)s::text[])[1 + u.id %% 8] || ' ' || u.id,"
            " lower((%(names)s::text[])[1 + (u.id / 8) %% 8]) || u.id || '@example.com',"
            " 'dead', 'US', 'qnap-us', u.proof_of_purchase,"
            " %(now)s - (u.id || ' seconds')::interval, %(now)s, false,"
            " CASE WHEN u.id %% 5 = 2 THEN %(now)s + ((u.id %% 97) || ' hours')::interval END"
            " FROM units u JOIN brands b ON b.id = u.brand_id"
            " WHERE u.id %% %(step)s = 0 ORDER BY u.id LIMIT %(rmas)s",
            {"states": STATES, "names": SURNAMES, "now": now, "step": step, "rmas": rmas},
        )
        conn.execute("ANALYZE")


def timed(run: Callable[[], Any], repeat: int) -> list[float]:
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        found.append((time.perf_counter() - start) * 1000)
    return found


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


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
    rng = random.Random(23)
    results: list[tuple[str, list[float], list[float]]] = []
    try:
        if not args.database:
            upgrade(url)
            started = time.perf_counter()
            generate(url, args.units, args.rmas)
            print(f"generated in {time.perf_counter() - started:.1f} s")
        with engine.connect() as conn:
            serials = [f"BL{rng.randrange(1, args.units):09d}" for _ in range(args.repeat)]
            brands = {1: "QNAP", 2: "Netac"}
            page = args.page

            def unit_page() -> Any:
                serial = rng.choice(serials)
                after = (brands[1 + int(serial[2:]) % 2], serial)
                query = filtered(unit_query(), UnitFilter(limit=page + 1, after=after))
                return conn.execute(query).all()

            def bare_unit_page() -> Any:
                serial = rng.choice(serials)
                return conn.execute(
                    text(
                        "SELECT id, serial FROM units WHERE (brand_id, serial) > (:b, :s)"
                        " ORDER BY brand_id, serial LIMIT :n"
                    ),
                    {"b": 1 + int(serial[2:]) % 2, "s": serial, "n": page + 1},
                ).all()

            results.append(("units page", timed(unit_page, args.repeat),
                            timed(bare_unit_page, args.repeat)))  # fmt: skip

            opened = [
                row[0]
                for row in conn.execute(
                    text(
                        "SELECT opened_at FROM rmas WHERE state = 'requested' ORDER BY random()"
                        " LIMIT :n"
                    ),
                    {"n": args.repeat},
                )
            ]
            rmas = RmaRepository(conn)

            def queue_page() -> Any:
                at = rng.choice(opened)
                wanted = RmaFilter(states=("requested",), limit=page + 1, after=(None, at, 0))
                return rmas.list(wanted)

            def bare_queue_page() -> Any:
                at = rng.choice(opened)
                return conn.execute(
                    text(
                        "SELECT id FROM rmas WHERE state = 'requested'"
                        " AND (opened_at, id) > (:a, 0) ORDER BY opened_at, id LIMIT :n"
                    ),
                    {"a": at, "n": page + 1},
                ).all()

            results.append(("RMA queue page", timed(queue_page, args.repeat),
                            timed(bare_queue_page, args.repeat)))  # fmt: skip
            tab = RmaFilter(states=("requested",))
            bare_count = text("SELECT count(*) FROM rmas WHERE state = 'requested'")
            ours_count = timed(lambda: rmas.count(tab), args.repeat)
            bare_counted = timed(lambda: conn.execute(bare_count).scalar(), args.repeat)
            results.append(("RMA queue tab count", ours_count, bare_counted))

            rma_serials = [
                row[0]
                for row in conn.execute(
                    text("SELECT serial FROM rmas ORDER BY random() LIMIT :n"), {"n": args.repeat}
                )
            ]
            search = RmaSearch(conn)
            results.append((
                "search, exact serial",
                timed(lambda: search.exact(rng.choice(rma_serials), 20), args.repeat),
                timed(lambda: conn.execute(text("SELECT id FROM rmas WHERE serial = :s"),
                                           {"s": rng.choice(rma_serials)}).all(), args.repeat),
            ))  # fmt: skip
            typos = ["Smyth", "Jonse", "Garsia", "Miler", "Davies", "Lopes", "Wilsen", "Mohre"]
            conn.execute(
                text("SELECT set_config('pg_trgm.word_similarity_threshold', '0.3', false)")
            )
            results.append((
                "search, fuzzy name",
                timed(lambda: search.fuzzy(rng.choice(typos), 20, set()), args.repeat),
                timed(lambda: conn.execute(text("SELECT id FROM rmas WHERE contact_name %> :q"
                                                " LIMIT 20"), {"q": rng.choice(typos)}).all(),
                      args.repeat),
            ))  # fmt: skip
    finally:
        engine.dispose()
        if not args.keep_db and not args.database:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        elif not args.database:
            print(f"kept database {name}")
    print(f"{args.units} units, {args.rmas} RMAs, {args.repeat} runs each, page {args.page}")
    print(f"{'list':<26}{'p50 ms':>9}{'p95 ms':>9}{'bare p50':>10}{'bare p95':>10}{'p95 x':>8}")
    for label, ours, bare in results:
        print(
            f"{label:<26}{statistics.median(ours):>9.2f}{p95(ours):>9.2f}"
            f"{statistics.median(bare):>10.2f}{p95(bare):>10.2f}{p95(ours) / p95(bare):>8.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
