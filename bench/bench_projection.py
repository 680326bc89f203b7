"""Benchmarks of the coverage projection (issue #14), each beside its bare baseline, same run.

    .venv/bin/python bench/bench_projection.py --units 1000000 --rounds 3
    .venv/bin/python bench/bench_projection.py --units 5000000 --distinct 501000 \
        --only expiring --rounds 3 --keep-db
    .venv/bin/python bench/bench_projection.py --units 5000000 --database NAME --only batch
    .venv/bin/python bench/bench_projection.py --help

One run:

1. ``generate``: a fresh database (``warrantor_bench_check_<pid>`` on
   ``WARRANTOR_BENCH_POSTGRES_URL``), migrated; ``--units`` units made by
   ``bench_check.generate_units`` (brands in turn, purchases over the seven
   years before ``--on``) COPYed straight into ``units``, and each unit's
   projection computed by the engine (``ProjectionCache``, as the import
   does) and COPYed into ``coverage_projection``; ``VACUUM ANALYZE``. The
   data never leaves the database, which is dropped at the end (kept with
   ``--keep-db``; ``--database NAME`` runs on a kept one instead). With
   ``--distinct N`` only the first N units are made so; the rest are copies of
   them made inside PostgreSQL (``generate_series``, a million a statement):
   unit ``i`` copies unit ``i % N`` (brand, model, dates, country, channel, its
   projection) under its own id, serial and invoice number. 5,000,000 units
   take minutes instead of most of an hour (the engine's projections are the
   slow part); the table then has N distinct kinds of unit, each 5,000,000 / N
   times.
2. ``batch``, each round: pgbench's prepared point lookups by serial on
   ``units`` (4 clients), a bare chunked read of the same unit rows with
   their projections (``= ANY``, 1000 serials a statement, 4 connections,
   psycopg), and ``POST /api/v1/coverage/batch`` as NDJSON (uvicorn, 2
   workers, wrk with 4 connections posting 1000-serial batches).
3. ``cli``: ``warrantor check --file`` of every unit's serial (JSONL to
   /dev/null), and of a tenth of them, wall time and peak RSS, beside
   pgbench's rate of the same round.
4. ``expiring``: coverage ending in the next 30 and 90 days (counts, and the
   report's first page through the service and through the page) beside an
   index-only count of a window of purchase dates of the same length
   (``ix_units_purchased_on`` covers it); each the median of 5 runs after 12
   unmeasured ones (the running app's prepared statements and plans). The page
   is asked by a warranty admin signed in with a real web session (its cookie,
   ``report_page.py``), in-process (``TestClient``) and over HTTP (uvicorn, one
   worker, one keep-alive connection), and the baseline is run again beside the
   latter: its ratio is to the faster of the two baseline runs.

``--profile`` also runs the compact batch in-process under cProfile (with the
API's NDJSON writer) and prints where its time goes, and EXPLAIN ANALYZE of
each statement.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

import report_page
from bench_check import (
    BENCH_DIR,
    CHECK_RATE_LIMIT,
    DEFAULT_ADMIN_URL,
    ROOT,
    add_distributors,
    bench_database,
    generate_units,
    libpq_url,
    load_average,
    machine,
    policy_models,
    serial_prefix,
    serve,
    server_version,
    vacuum_analyze,
    wait_until_answering,
    with_database,
)
from warrantor.domain.actors import Actor, Role
from warrantor.domain.units import Unit
from warrantor.policy.book import PolicyBook
from warrantor.policy.facts import Facts
from warrantor.policy.projection import ANY_DAY, ProjectionCache
from warrantor.services.installed_base.batch_check import check_many_compact
from warrantor.services.installed_base.catalogue import ModelCatalogue, sync_catalogue
from warrantor.services.installed_base.check import BatchItem
from warrantor.services.installed_base.projection_codec import encode
from warrantor.services.reports import expiring_coverage
from warrantor.services.uow import uow_factory_for
from warrantor.store.coverage_projection import COLUMNS as PROJECTION_COLUMNS
from warrantor.store.coverage_projection import COMPACT_COLUMNS
from warrantor.store.coverage_reports import ending_counts
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade
from warrantor.views.coverage_compact import CompactJsonLines

CHUNK = 1000
CLIENTS = 4
WRK_BATCH = BENCH_DIR / "wrk_batch.lua"
ADMIN = Actor(Role.ADMIN, None, 1, "bench")
UNIT_COLUMNS = (
    "id, brand_id, serial, model_id, manufactured_on, first_invoiced_on, first_invoiced_to_id,"
    " purchased_on, proof_of_purchase, country_of_purchase, owner_id, channel, created_at,"
    " updated_at"
)
CHUNK_READ = (
    "SELECT u.id, u.brand_id, u.serial, "
    + ", ".join(f"p.{c.name}" for c in COMPACT_COLUMNS)
    + " FROM units u"
    " LEFT JOIN coverage_projection p ON p.unit_id = u.id WHERE u.serial = ANY(%s)"
)
"""The batch check's statement (``ProjectionRepository.rows_for_serials``: the projection's
columns but the full answer's details), bare."""


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument(
        "--distinct",
        type=int,
        help="units made by the engine (default: all); the rest copies of them made by "
        "PostgreSQL (generate_series), each with its own id, serial and invoice number",
    )
    parser.add_argument(
        "--database",
        help="use this database, kept from an earlier run with --keep-db and the same "
        "--units (not generated again, not dropped)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each baseline beside")
    parser.add_argument("--duration", type=int, default=15, help="seconds per throughput run")
    parser.add_argument("--only", default="batch,cli,expiring", help="comma-separated parts")
    parser.add_argument("--on", default="2025-06-01", help="the day the checks ask about")
    parser.add_argument("--seed", type=int, default=20250601)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers of the app")
    parser.add_argument("--profile", action="store_true", help="cProfile and EXPLAIN ANALYZE")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--readers",
        default="4",
        help="comma-separated: for each, the batch API is run with WARRANTOR_BATCH_READERS at"
        " it (chunks of a request read at once) beside a bare chunked read on as many"
        " connections as the API then uses (4 requests x readers)",
    )
    args = parser.parse_args()
    args.readers = [int(n) for n in args.readers.split(",")]
    args.on = date.fromisoformat(args.on)
    args.only = set(args.only.split(","))
    if args.distinct is not None and not 0 < args.distinct <= args.units:
        parser.error("--distinct must be between 1 and --units")
    return args


# --- the data ------------------------------------------------------------------------------


def generate(url: str, args: argparse.Namespace, book: PolicyBook) -> str:
    """Units COPYed into ``units``, their projections into ``coverage_projection``."""
    upgrade(url)
    engine = create_db_engine(url)
    factory = uow_factory_for(engine)
    sync_catalogue(factory, book)
    add_distributors(factory)
    models = policy_models(book)
    with factory() as uow:
        brands = {brand.name: brand.id for brand in uow.catalogue.all_brands()}
        catalogue = ModelCatalogue(uow, book)
        model_ids = {
            (brand, name): catalogue.ensure_model_id(brands[brand], brand, name)
            for brand, names in models.items()
            for name in names
        }
        accounts = {
            f"BENCH-DIST-{n:02d}": uow.accounts.id_of(f"BENCH-DIST-{n:02d}") for n in range(12)
        }
    engine.dispose()
    lines = {key: book.product_line_of(*key) for key in model_ids}
    now = datetime.now(UTC)
    started = time.perf_counter()
    distinct = distinct_count(args, len(models))
    with psycopg.connect(libpq_url(url)) as conn:
        with (
            conn.cursor() as cursor,
            cursor.copy(f"COPY units ({UNIT_COLUMNS}) FROM STDIN") as copy,
        ):
            for number, row in enumerate(generate_units(distinct, models, args.on, args.seed), 1):
                copy.write_row(
                    (
                        number,
                        brands[row["brand"]],
                        row["serial"],
                        model_ids[(row["brand"], row["model"])],
                        row["manufactured_on"] or None,
                        row["first_invoiced_on"] or None,
                        accounts.get(row["first_invoiced_to"]),
                        row["purchased_on"] or None,
                        row["proof_of_purchase"] or None,
                        row["country_of_purchase"] or None,
                        None,
                        row["channel"] or None,
                        now,
                        now,
                    )
                )
        conn.commit()
        copied = time.perf_counter() - started
        cache = ProjectionCache(book)
        names = ", ".join(PROJECTION_COLUMNS)
        with (
            conn.cursor() as cursor,
            cursor.copy(f"COPY coverage_projection ({names}) FROM STDIN") as copy,
        ):
            for number, row in enumerate(generate_units(distinct, models, args.on, args.seed), 1):
                unit = Unit(
                    brand=row["brand"],
                    serial=row["serial"],
                    model=row["model"],
                    product_line=lines[(row["brand"], row["model"])],
                    manufactured_on=_day(row["manufactured_on"]),
                    first_invoiced_on=_day(row["first_invoiced_on"]),
                    purchased_on=_day(row["purchased_on"]),
                    proof_of_purchase=row["proof_of_purchase"] or None,
                    country_of_purchase=row["country_of_purchase"] or None,
                )
                made = cache.project(Facts(unit=unit, on=ANY_DAY))
                stored = encode(number, brands[row["brand"]], made)
                copy.write_row(tuple(getattr(stored, name) for name in PROJECTION_COLUMNS))
        conn.commit()
        projected = time.perf_counter() - started - copied
        filled = time.perf_counter()
        copies = fill_with_copies(conn, distinct, args.units)
        conn.execute("SELECT setval(pg_get_serial_sequence('units', 'id'), %s)", (args.units,))
        conn.commit()
    vacuum_analyze(url)
    made = (
        f"{distinct:,} units COPYed in {copied:.0f} s; their projections computed and "
        f"COPYed in {projected:.0f} s"
    )
    if copies:
        made += (
            f"; {copies:,} more units and projections copied from them by PostgreSQL in "
            f"{time.perf_counter() - filled:.0f} s"
        )
    return made + "; VACUUM ANALYZE"


def distinct_count(args: argparse.Namespace, brands: int) -> int:
    """Units the engine makes: ``--distinct`` (all by default), a multiple of the number of
    brands when copies fill the rest (so unit ``i`` is of brand ``i % brands`` throughout)."""
    if args.distinct is None or args.distinct >= args.units:
        return args.units
    return max(brands, args.distinct - args.distinct % brands)


UNIT_COPIES = f"""
INSERT INTO units ({UNIT_COLUMNS})
SELECT g.i + 1, u.brand_id, left(u.serial, length(u.serial) - 10) || lpad(g.i::text, 10, '0'),
       u.model_id, u.manufactured_on, u.first_invoiced_on, u.first_invoiced_to_id,
       u.purchased_on, CASE WHEN u.proof_of_purchase IS NOT NULL
                            THEN 'INV-' || lpad(g.i::text, 10, '0') END,
       u.country_of_purchase, u.owner_id, u.channel, u.created_at, u.updated_at
FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g(i)
JOIN units AS u ON u.id = g.i %% %(distinct)s + 1
"""
"""Units ``first`` to ``last`` (0-based, as ``generate_units`` numbers them) made as copies
of unit ``i % distinct``: its brand, model, dates, channel and country; their own id,
serial (the brand's prefix and ``i``, as ``serial_of`` names it) and invoice number."""


def fill_with_copies(conn: psycopg.Connection[Any], distinct: int, units: int) -> int:
    """Units ``distinct`` .. ``units - 1`` and their projections, copied inside PostgreSQL
    from the first ``distinct`` (a projection depends only on what is copied): minutes
    where the engine would take most of an hour for 5,000,000. Returns how many."""
    if units <= distinct:
        return 0
    step = 1_000_000
    names = ", ".join(PROJECTION_COLUMNS)
    source = ", ".join(
        "g.i + 1" if name == "unit_id" else f"p.{name}" for name in PROJECTION_COLUMNS
    )
    for first in range(distinct, units, step):
        last = min(first + step, units) - 1
        values = {"first": first, "last": last, "distinct": distinct}
        conn.execute(UNIT_COPIES, values)
        conn.execute(
            f"INSERT INTO coverage_projection ({names}) SELECT {source}"
            " FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g(i)"
            " JOIN coverage_projection AS p ON p.unit_id = g.i %% %(distinct)s + 1",
            values,
        )
        conn.commit()
    return units - distinct


def count_units(url: str) -> int:
    """Units in a kept database; it must hold ``--units`` (the serials asked are theirs)."""
    with psycopg.connect(libpq_url(url)) as conn:
        row = conn.execute("SELECT count(*) FROM units").fetchone()
    assert row is not None
    return int(row[0])


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def serial_of(index: int, brands: list[str]) -> tuple[str, str]:
    """``(brand, serial)`` of generated unit ``index`` (as ``generate_units`` names it)."""
    brand = brands[index % len(brands)]
    return brand, f"{serial_prefix(brand)}{index:010d}"


# --- baselines -----------------------------------------------------------------------------


def pgbench(url: str, units: int, brands: list[str], seconds: int, workdir: Path) -> float:
    """PostgreSQL's own point lookups by serial on ``units``: prepared, 4 clients; per second."""
    cases = " ".join(f"WHEN {n} THEN '{serial_prefix(brand)}'" for n, brand in enumerate(brands))
    script = workdir / "lookup.sql"
    script.write_text(
        f"\\set i random(0, {units - 1})\n"
        f"SELECT id, brand_id, serial FROM units WHERE serial = "
        f"(CASE :i % {len(brands)} {cases} END) || lpad(:i::text, 10, '0');\n"
    )
    done = subprocess.run(
        ["pgbench", "-n", "-M", "prepared", "-c", str(CLIENTS), "-j", "2", "-T", str(seconds),
         "-f", str(script), libpq_url(url)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(x for x in done.stdout.splitlines() if x.startswith("tps = "))
    return float(line.split()[2])


def bare_chunked(
    url: str, chunks: list[list[str]], seconds: int, connections: int = CLIENTS
) -> float:
    """The batch check's statement run bare: ``connections`` connections, a chunk each at a
    time; serials per second."""
    read = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        with psycopg.connect(libpq_url(url), autocommit=True) as conn, conn.cursor() as cursor:
            n = offset
            while time.monotonic() < stop:
                cursor.execute(CHUNK_READ, (chunks[n % len(chunks)],), prepare=True)
                cursor.fetchall()
                n += connections
                with lock:
                    read[0] += CHUNK

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return read[0] / (time.monotonic() - started)


# --- the batch API -------------------------------------------------------------------------


def batch_api(server: Any, bodies: Path, seconds: int) -> dict[str, float]:
    """wrk posting NDJSON batches: serials per second, latency of a batch."""
    done = subprocess.run(
        ["wrk", "-t1", "-c", str(CLIENTS), "-d", f"{seconds}s", "--timeout", "60s",
         "-s", str(WRK_BATCH), server.base + "/", "--", str(bodies), "7"],
        capture_output=True, text=True, timeout=seconds + 120,
    )  # fmt: skip
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed:\n{done.stdout}\n{done.stderr}")
    data = json.loads(line.removeprefix("WRK_JSON "))
    if any(data["errors"].values()):
        raise RuntimeError(f"batch requests failed: {data['errors']}")
    requests = data["requests"]
    return {
        "serials_per_s": requests * CHUNK / (data["duration_us"] / 1e6),
        "p50_ms": data["latency_us"]["p50"] / 1000,
        "p99_ms": data["latency_us"]["p99"] / 1000,
    }


def first_line_after(server: Any, body: bytes) -> tuple[int, float]:
    """Lines of one batch's answer and the seconds to its first byte."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    started = time.perf_counter()
    connection.request(
        "POST", "/api/v1/coverage/batch", body,
        {"content-type": "application/json", "accept": "application/x-ndjson"},
    )  # fmt: skip
    response = connection.getresponse()
    response.read(1)
    first = time.perf_counter() - started
    lines = 1 + response.read().count(b"\n")
    connection.close()
    return lines - 1, first


# --- the CLI ------------------------------------------------------------------------------


def cli_run(url: str, serials_file: Path) -> dict[str, float]:
    """``warrantor check --file`` to /dev/null: wall seconds and peak RSS (MiB)."""
    env = {**os.environ, "WARRANTOR_DATABASE_URL": url}
    command = [sys.executable, "-c", "from warrantor.cli.main import app; app()"]
    command += ["check", "--file", str(serials_file), "--format", "jsonl"]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(
            f"warrantor check failed: {process.stderr.read() if process.stderr else ''!r}"
        )
    return {"seconds": seconds, "rss_mib": usage.ru_maxrss / 1024}


# --- the expiring report -----------------------------------------------------------------


def timed(run: Callable[[], Any], repeat: int = 5, warm: int = 1) -> float:
    """Median seconds of ``repeat`` runs (after ``warm`` unmeasured)."""
    for _ in range(warm):
        run()
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        found.append(time.perf_counter() - started)
    return statistics.median(found)


def expiring_round(
    url: str, args: argparse.Namespace, days: int, server: Any | None = None
) -> dict[str, float]:
    engine = create_db_engine(url)
    factory = uow_factory_for(engine)
    today = args.on
    start = today - timedelta(days=730)

    def bare() -> int:
        with engine.connect() as connection:
            return int(
                connection.exec_driver_sql(
                    "SELECT count(*) FROM units"
                    " WHERE purchased_on >= %(a)s AND purchased_on < %(b)s",
                    {"a": start, "b": start + timedelta(days=days)},
                ).scalar_one()
            )

    def counts() -> int:
        with engine.connect() as connection:
            found = ending_counts(connection, today, today + timedelta(days=days), today)
            return sum(c.units for c in found)

    def first_page() -> Any:
        return expiring_coverage(factory, ADMIN, today, days)

    path = f"/reports/expiring?days={days}"
    page_client = report_page.in_process(url, args.on)

    def page() -> Any:
        response = page_client.get(path)
        assert response.status_code == 200 and "Next page" in response.text, response.text[:300]

    # the running app's steady state, for each statement alike: psycopg prepares a statement
    # on its 5th run on a connection, and PostgreSQL plans a prepared one afresh for its
    # first 5 runs before it keeps a generic plan (the page's rows join seven tables: their
    # planning alone took 3 to 25 ms on a loaded machine, the execution 1 ms)
    warm = 12
    result = {
        "bare_s": timed(bare, warm=warm),
        "counts_s": timed(counts, warm=warm),
        "first_page_s": timed(first_page, warm=warm),
        "page_s": timed(page, warm=warm),
        "bare_rows": bare(),
        "ending_rows": counts(),
    }
    page_client.close()
    if server is not None:  # the page over HTTP, then the baseline again beside it
        over_http = report_page.PageOverHttp(server.port, report_page.SESSION_TOKEN)
        result["page_http_s"] = timed(lambda: over_http.get(path), warm=warm)
        result["bare_again_s"] = timed(bare, warm=warm)
        over_http.close()
    engine.dispose()
    return result


# --- profile ------------------------------------------------------------------------------


def profile(url: str, args: argparse.Namespace, book: PolicyBook, brands: list[str]) -> None:
    if "expiring" in args.only:
        load = load_average()
        print(f"\nWhere the signed-in report page's time goes (median ms a request, load {load}):")
        print("\n| part | wall | CPU |\n| --- | ---: | ---: |")
        for days in (30, 90):
            print("\n".join(report_page.time_split(url, args.on, days)))
    engine = create_db_engine(url)
    factory = uow_factory_for(engine)
    rng = random.Random(args.seed)
    if not {"batch", "cli"} & args.only:
        explain(url, args, rng, brands)
        engine.dispose()
        return
    count = min(100_000, args.units)
    items = [
        BatchItem(n, *reversed(serial_of(rng.randrange(args.units), brands))) for n in range(count)
    ]
    writer = CompactJsonLines()
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for answer in check_many_compact(factory, book, items, args.on):
        writer.line(answer, None if answer.error is None else {"message": str(answer.error)})
    profiler.disable()
    seconds = time.perf_counter() - started
    print(f"\ncompact batch in-process, {count:,} serials: {seconds:.2f} s "
          f"({seconds / count * 1e6:.1f} us a serial, profiled)")  # fmt: skip
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(14)
    print(out.getvalue()[-4000:])
    explain(url, args, rng, brands)
    engine.dispose()


def explain(url: str, args: argparse.Namespace, rng: random.Random, brands: list[str]) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of a chunk's read, the 90 days' counts and their baseline."""
    chunk = [serial_of(rng.randrange(args.units), brands)[1] for _ in range(CHUNK)]
    today = args.on
    with psycopg.connect(libpq_url(url)) as conn:
        for title, query, values in (
            ("a chunk of 1000 serials", CHUNK_READ, (chunk,)),
            (
                "coverage ending in 90 days, counted",
                "SELECT brand_id, last_ends_on, count(*) FROM coverage_projection WHERE "
                "last_ends_on >= %s AND last_ends_on <= %s AND covered_from <= %s "
                "GROUP BY brand_id, last_ends_on",
                (today, today + timedelta(days=90), today),
            ),
            (
                "the baseline: purchases in a 90-day window, counted",
                "SELECT count(*) FROM units WHERE purchased_on >= %s AND purchased_on < %s",
                (today - timedelta(days=730), today - timedelta(days=640)),
            ),
        ):
            plan = conn.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query}", values).fetchall()
            print(f"\nEXPLAIN ANALYZE, {title}:")
            print("\n".join(f"    {_shorter(line[0])}" for line in plan))


def _shorter(line: str, width: int = 160) -> str:
    """A plan line cut to ``width`` (a chunk's 1000 serials would fill pages)."""
    return line if len(line) <= width else line[: width - 5] + " ..."


# --- the run ------------------------------------------------------------------------------


def main() -> int:
    args = parse_args()
    admin_url = os.environ.get("WARRANTOR_BENCH_POSTGRES_URL", DEFAULT_ADMIN_URL)
    info = machine()
    print(f"# bench/bench_projection.py {' '.join(sys.argv[1:])}", flush=True)
    book = PolicyBook.from_dir(ROOT / "policies")
    brands = sorted(policy_models(book))
    rng = random.Random(args.seed)
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-proj-")))
        if args.database:
            url = with_database(admin_url, args.database)
            if not url.startswith("postgresql+"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        else:
            url = stack.enter_context(bench_database(admin_url, args.keep_db))
        print(f"{server_version(url)}; {info['cpus']} CPUs; {info['date']}", flush=True)
        if args.database:
            print(f"the units of database {args.database} ({count_units(url):,})", flush=True)
        else:
            print(generate(url, args, book), flush=True)
        chunks = [
            [serial_of(rng.randrange(args.units), brands)[1] for _ in range(CHUNK)]
            for _ in range(200)
        ]
        bodies = workdir / "bodies.ndjson"
        with bodies.open("w") as out:
            for chunk in chunks:
                items = [{"serial": s} for s in chunk]
                out.write(json.dumps({"on": args.on.isoformat(), "items": items}) + "\n")
        serials_file = workdir / "serials.csv"
        tenth_file = workdir / "serials-tenth.csv"
        order = list(range(args.units))
        rng.shuffle(order)
        for path, share in ((serials_file, order), (tenth_file, order[: args.units // 10])):
            with path.open("w", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(["serial", "brand"])
                writer.writerows(reversed(serial_of(i, brands)) for i in share)
        env = {"WARRANTOR_DATABASE_URL": url, "WARRANTOR_CHECK_RATE_LIMIT": str(CHECK_RATE_LIMIT)}
        page_server = None
        if "expiring" in args.only and args.rounds:
            report_page.signed_in_staff(url, args.on)
            page_env = {"WARRANTOR_DATABASE_URL": url, report_page.ON_ENV: args.on.isoformat()}
            page_server = stack.enter_context(
                serve("report-page", "report_page:report_app", BENCH_DIR, page_env, 1,
                      workdir, False)
            )  # fmt: skip
            wait_until_answering(page_server, "/health/live")
        rounds: list[dict[str, Any]] = []
        for number in range(1, args.rounds + 1):
            found: dict[str, Any] = {"load_before": load_average()}
            if {"batch", "cli"} & args.only:
                found["pgbench"] = pgbench(url, args.units, brands, args.duration, workdir)
            if "batch" in args.only:
                found["bare_chunked"], found["api"], found["first_byte_s"] = {}, {}, {}
                for readers in args.readers:
                    connections = CLIENTS * readers
                    if connections not in found["bare_chunked"]:
                        found["bare_chunked"][connections] = bare_chunked(
                            url, chunks, args.duration, connections
                        )
                    with serve(f"app-{number}-{readers}", "warrantor.app:create_app", None,
                               {**env, "WARRANTOR_BATCH_READERS": str(readers)}, args.workers,
                               workdir, True) as server:  # fmt: skip
                        brand, serial = serial_of(0, brands)
                        wait_until_answering(server, f"/api/v1/units/{brand}/{serial}/coverage")
                        lines, first = first_line_after(
                            server, bodies.read_text().split("\n")[0].encode()
                        )
                        assert lines == CHUNK, lines
                        found["first_byte_s"][readers] = first
                        batch_api(server, bodies, 3)  # warm-up
                        found["api"][readers] = batch_api(server, bodies, args.duration)
            if "cli" in args.only:
                found["cli"] = cli_run(url, serials_file)
                found["cli_tenth"] = cli_run(url, tenth_file)
            if "expiring" in args.only:
                found["expiring"] = {
                    days: expiring_round(url, args, days, page_server) for days in (30, 90)
                }
            rounds.append(found)
            print(f"round {number}: {json.dumps(found, default=str)}", flush=True)
        if args.profile:
            profile(url, args, book, brands)
    report(rounds, args)
    return 0


def report(rounds: list[dict[str, Any]], args: argparse.Namespace) -> None:
    def median(values: list[float]) -> float:
        return statistics.median(values) if values else float("nan")

    print()
    if "batch" in args.only:
        print(
            "| round | readers a request | load before | pgbench lookups/s "
            "| bare chunked serials/s (connections) | batch API serials/s | API / pgbench "
            "| API / bare chunked | batch p50 / p99 ms | first byte of 1000 |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for n, r in enumerate(rounds, 1):
            for readers in args.readers:
                api, bare = r["api"][readers], r["bare_chunked"][CLIENTS * readers]
                rate = api["serials_per_s"]
                print(
                    f"| {n} | {readers} | {r['load_before']:.1f} | {r['pgbench']:,.0f} | "
                    f"{bare:,.0f} ({CLIENTS * readers}) | "
                    f"{rate:,.0f} | {rate / r['pgbench']:.2f} | {rate / bare:.2f} | "
                    f"{api['p50_ms']:.0f} / {api['p99_ms']:.0f} | "
                    f"{r['first_byte_s'][readers] * 1000:.0f} ms |"
                )
        for readers in args.readers:
            ratios = [r["api"][readers]["serials_per_s"] / r["pgbench"] for r in rounds]
            bare = [
                r["api"][readers]["serials_per_s"] / r["bare_chunked"][CLIENTS * readers]
                for r in rounds
            ]
            print(
                f"\n{readers} readers: batch API / pgbench: median of rounds "
                f"{median(ratios):.2f} (aim >= 0.8); / bare chunked read on "
                f"{CLIENTS * readers} connections: {median(bare):.2f}"
            )
    if "cli" in args.only:
        print(
            "\n| round | pgbench lookups/s | CLI seconds (all) | CLI serials/s | CLI / pgbench "
            "| peak RSS all / a tenth (MiB) |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | ---: |")
        for n, r in enumerate(rounds, 1):
            rate = args.units / r["cli"]["seconds"]
            print(
                f"| {n} | {r['pgbench']:,.0f} | {r['cli']['seconds']:.1f} | {rate:,.0f} | "
                f"{rate / r['pgbench']:.2f} | {r['cli']['rss_mib']:.0f} / "
                f"{r['cli_tenth']['rss_mib']:.0f} |"
            )
        ratios = [args.units / r["cli"]["seconds"] / r["pgbench"] for r in rounds]
        print(f"\nCLI / pgbench: median of rounds {median(ratios):.2f} (aim >= 0.6)")
    if "expiring" in args.only:
        print(
            "\n| round | days | rows ending / rows in baseline window | baseline count ms | "
            "counts ms | service first page ms | page ms in-process | page ms over HTTP "
            "(baseline again) | first page / baseline | page / baseline in-process "
            "| over HTTP / the faster baseline |"
        )
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        pages: list[float] = []
        for n, r in enumerate(rounds, 1):
            for days, e in r["expiring"].items():
                http = e.get("page_http_s", float("nan"))
                again = e.get("bare_again_s", float("nan"))
                base = e["bare_s"]
                pages.append(http / min(base, again))
                print(
                    f"| {n} | {days} | {e['ending_rows']:,} / {e['bare_rows']:,} | "
                    f"{base * 1000:.1f} | {e['counts_s'] * 1000:.1f} | "
                    f"{e['first_page_s'] * 1000:.1f} | {e['page_s'] * 1000:.1f} | "
                    f"{http * 1000:.1f} ({again * 1000:.1f}) | "
                    f"{e['first_page_s'] / base:.2f} | {e['page_s'] / base:.2f} | "
                    f"{http / min(base, again):.2f} |"
                )
        print(
            f"\npage over HTTP / baseline (the faster of its two baseline runs): median "
            f"{median(pages):.2f}, {min(pages):.2f} to {max(pages):.2f} (aim <= 3)"
        )


if __name__ == "__main__":
    sys.exit(main())
