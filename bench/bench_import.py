"""Benchmark: the unit import against a bare PostgreSQL COPY of the same rows.

Usage::

    WARRANTOR_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bench_import.py [--repeat R] [--reimport] [--no-sqlite] \\
            [--timeline] [N ...]

For each N (default 100000) it writes a CSV of N units, then imports it, each
import in its own subprocess (so its peak RSS is its own) into a fresh,
migrated database: SQLite (a temp file) and PostgreSQL (a fresh database on
the admin URL, dropped afterwards). The baseline is a bare ``COPY`` of the
same rows, already in the table's own shape (ids, not names), into the same
empty ``units`` table, and of the same coverage projection rows (made by the
engine as the import makes them) into the same ``coverage_projection`` table,
in one transaction. With ``--repeat R`` every contender runs R times,
interleaved, and the best run counts. Prints a Markdown table: rows/second, the import's
share of the bare COPY's speed, the import process's peak RSS, and the CPU seconds
each contender's PostgreSQL backend and client process used (read from ``/proc``
when the server runs on this machine: a figure the neighbours' load does not
change, where the wall time does). ``--no-sqlite`` leaves the SQLite import out.
Databases are named ``$WARRANTOR_BENCH_DB_PREFIX`` (default ``warrantor_bench``)
and a random suffix.

With ``--reimport`` each database first gets the file imported (not timed),
and what is timed is a second import of the same units with every unit's
purchase date and proof changed: the path that updates every unit (and
writes an audit row with before and after for each).

With ``--timeline`` each PostgreSQL import is watched from another connection
(``pg_stat_activity``, every 50 ms) and the share of the samples in each state
of the import's backend is printed after the table: what its statement was and
whether it was working or waiting for the client (``ClientRead``). It says
where the import's wall time goes beyond its server's work: the server idle
while the Python side checks and projects rows, or waiting for a COPY's data.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from warrantor.domain.units import Unit
from warrantor.policy.book import PolicyBook
from warrantor.policy.facts import Facts
from warrantor.policy.projection import ANY_DAY, ProjectionCache
from warrantor.services.clock import SystemClock
from warrantor.services.installed_base.catalogue import ModelCatalogue, sync_policy_brands
from warrantor.services.installed_base.projection_codec import encode
from warrantor.services.installed_base.unit_import import COLUMNS, import_units
from warrantor.services.uow import UnitOfWork, uow_factory_for
from warrantor.settings import Settings
from warrantor.store.accounts import Account
from warrantor.store.catalogue import Brand
from warrantor.store.coverage_projection import COLUMNS as PROJECTION_COLUMNS
from warrantor.store.engine import create_db_engine, normalize_url
from warrantor.store.migrate import upgrade

MODELS = {
    "QNAP": [
        "TS-453 Pro",
        "TS-251+",
        "TS-879 Pro",
        "TVS-EC1580MU-SAS-RP",
        "TS-470 Pro",
        "TVS-863+",
    ],
    "Netac": ["NV7000 2TB", "NV3000 1TB", "N600S 256GB"],
}
COUNTRIES = ["US", "CA", "CN", "DE", "FR", "JP"]
CHANNELS = ["direct", "distributor", "retail", "online", ""]
DISTRIBUTOR = "DIST-US"


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """A units CSV of ``rows`` rows, written as it is generated."""
    rng = random.Random(seed)
    start = date(2022, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for i in range(rows):
            brand = "QNAP" if i % 3 else "Netac"
            made = start + timedelta(days=rng.randrange(900))
            invoiced = made + timedelta(days=rng.randrange(10, 60))
            bought = invoiced + timedelta(days=rng.randrange(0, 90))
            with_proof = rng.random() < 0.8
            writer.writerow(
                [
                    brand,
                    f"{brand[0]}{i:010d}",
                    rng.choice(MODELS[brand]),
                    made.isoformat(),
                    invoiced.isoformat(),
                    DISTRIBUTOR if rng.random() < 0.5 else "",
                    bought.isoformat() if with_proof else "",
                    f"INV-{i}" if with_proof else "",
                    rng.choice(COUNTRIES),
                    "",
                    rng.choice(CHANNELS),
                ]
            )


def changed_copy(path: Path) -> Path:
    """The same units with each purchase date a day later and each proof renamed."""
    changed = path.with_name(path.stem + "-changed.csv")
    with (
        path.open(encoding="utf-8", newline="") as source,
        changed.open("w", encoding="utf-8", newline="") as target,
    ):
        reader, writer = csv.reader(source), csv.writer(target)
        writer.writerow(next(reader))
        for row in reader:
            if row[6]:
                row[6] = (date.fromisoformat(row[6]) + timedelta(days=1)).isoformat()
                row[7] += "-B"
            writer.writerow(row)
    return changed


def fresh_database(backend: str, admin_url: str | None, workdir: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{workdir / f'bench-{secrets.token_hex(4)}.sqlite3'}"
    assert admin_url is not None
    prefix = os.environ.get("WARRANTOR_BENCH_DB_PREFIX", "warrantor_bench")
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str, admin_url: str | None) -> None:
    if url.startswith("sqlite") or admin_url is None:
        return
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def prepare(url: str) -> None:
    """Migrate, and add the account the generated rows name."""
    upgrade(url)
    engine = create_db_engine(url)
    with uow_factory_for(engine)() as uow:
        uow.accounts.upsert(
            Account(DISTRIBUTOR, "US Distributor", "distributor", is_direct_customer=True),
            datetime.now(UTC),
        )
    engine.dispose()


def cpu_seconds(pid: int | None = None) -> float | None:
    """CPU seconds (user + system) used by process ``pid`` (this one when ``None``); ``None``
    when it is not on this machine."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker(url: str, csv_path: str) -> None:
    """Run one import (in a subprocess) and print its figures as JSON."""
    book = PolicyBook.from_dir(Settings().policies_dir)
    engine = create_db_engine(url)
    backends: dict[int, float | None] = {}
    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def _backend(dbapi_connection: Any, _record: Any) -> None:
            pid = dbapi_connection.info.backend_pid
            backends[pid] = cpu_seconds(pid)

    client = cpu_seconds()
    with open(csv_path, "rb") as stream:
        summary = import_units(uow_factory_for(engine), stream, book, now=SystemClock().now())
    used = [(cpu_seconds(pid), before) for pid, before in backends.items()]
    server = sum(a - b for a, b in used if a is not None and b is not None) if used else None
    client_cpu = (cpu_seconds() or 0.0) - (client or 0.0)
    engine.dispose()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": summary.inserted + summary.updated,
                "seconds": summary.seconds,
                "peak_rss_mib": round(peak_kib / 1024, 1),
                "server_cpu": server,
                "client_cpu": round(client_cpu, 2),
            }
        )
    )


def run_import(url: str, csv_path: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--worker", url, str(csv_path)]
    if "--timeline" in sys.argv and url.startswith("postgresql"):
        return _watched(command, url)
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return figures


def _watched(command: list[str], url: str) -> dict[str, float]:
    """Run the import ``command``, sampling its database's client backends every 50 ms;
    print the share of the samples per (state, wait, statement's first words)."""
    database = make_url(url).database
    watcher = psycopg.connect(
        make_url(url).set(drivername="postgresql", database="postgres").render_as_string(False),
        autocommit=True,
    )
    seen: Counter[str] = Counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        while process.poll() is None:
            rows = watcher.execute(
                "SELECT state, coalesce(wait_event, 'working'), left(query, 28)"
                " FROM pg_stat_activity"
                " WHERE datname = %s AND backend_type = 'client backend'",
                (database,),
            ).fetchall()
            for state, wait, query in rows or [("no backend", "", "")]:
                seen[f"{state} | {wait} | {' '.join(query.split())}"] += 1
            time.sleep(0.05)  # the sampling period, not a wait for the import
        output = process.stdout.read() if process.stdout else ""
    watcher.close()
    total = sum(seen.values())
    print(f"\nwhere the import's backend was ({total} samples, 50 ms apart):", file=sys.stderr)
    for key, count in seen.most_common(14):
        print(f"  {count / total:6.1%}  {key}", file=sys.stderr)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return figures


REIMPORT: list[Path] = []
"""With ``--reimport``: the changed file that is timed after the original is imported."""


def create_catalogue(uow: UnitOfWork, book: PolicyBook) -> tuple[dict[str, Brand], ModelCatalogue]:
    """Brands and models in a fixed order, so their ids are the same in every fresh database."""
    brands = sync_policy_brands(uow, book)
    models = ModelCatalogue(uow, book)
    for brand, names in MODELS.items():
        for name in names:
            models.ensure_model_id(brands[brand.lower()].id, brand, name)
    return brands, models


class ProjectionRows:
    """Each shaped unit's coverage projection as a line of COPY text (the bare baseline
    writes the same projection rows as the import, made the same way)."""

    def __init__(self, book: PolicyBook) -> None:
        self._book = book
        self._cache = ProjectionCache(book)
        self._tails: dict[tuple[int, str | None], str] = {}

    def line(self, unit_id: int, brands: dict[str, Brand], row: list[str]) -> str:
        brand = brands[row[0].lower()]
        unit = Unit(
            brand=brand.name,
            serial=row[1],
            model=row[2],
            product_line=self._book.product_line_of(brand.name, row[2]),
            manufactured_on=date.fromisoformat(row[3]) if row[3] else None,
            first_invoiced_on=date.fromisoformat(row[4]) if row[4] else None,
            purchased_on=date.fromisoformat(row[6]) if row[6] else None,
            proof_of_purchase=row[7] or None,
            country_of_purchase=row[8] or None,
        )
        made, token, region = self._cache.project_keyed(Facts(unit=unit, on=ANY_DAY))
        tail = self._tails.get((token, region))
        if tail is None:  # units alike and of one region: the same columns after the ids
            stored = encode(0, brand.id, replace(made, region=region))
            names = PROJECTION_COLUMNS[2:]
            tail = "\t".join(_copy_text(getattr(stored, name)) for name in names) + "\n"
            if len(self._tails) > 100_000:
                self._tails.clear()
            self._tails[(token, region)] = tail
        return f"{unit_id}\t{brand.id}\t{tail}"


def _copy_text(value: object) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def projections_of(shaped: Path) -> Path:
    return shaped.with_name(shaped.stem + "-projections.tsv")


def shape_for_copy(admin_url: str, workdir: Path, csv_path: Path) -> Path:
    """The same rows in ``units``' own shape (ids, not names) as COPY text, for the baseline,
    and beside it (``projections_of``) each unit's coverage projection, as the import makes
    it (unit ids 1..N: a fresh table numbers the COPYed rows so)."""
    url = fresh_database("postgresql", admin_url, workdir)
    shaped = workdir / "units-shaped.tsv"
    projections = ProjectionRows(PolicyBook.from_dir(Settings().policies_dir))
    try:
        prepare(url)
        book = PolicyBook.from_dir(Settings().policies_dir)
        engine = create_db_engine(url)
        with uow_factory_for(engine)() as uow:
            brands, models = create_catalogue(uow, book)
            now = datetime.now(UTC).isoformat()
            with (
                csv_path.open(encoding="utf-8", newline="") as source,
                shaped.open("w", encoding="utf-8") as target,
                projections_of(shaped).open("w", encoding="utf-8") as projected,
            ):
                reader = csv.reader(source)
                next(reader)
                for number, row in enumerate(reader, start=1):
                    projected.write(projections.line(number, brands, row))
                    brand = brands[row[0].lower()]
                    model_id = models.ensure_model_id(brand.id, brand.name, row[2])
                    cells = [
                        str(brand.id),
                        row[1],
                        str(model_id),
                        row[3] or r"\N",
                        row[4] or r"\N",
                        "1" if row[5] else r"\N",  # the one account: id 1 in a fresh database
                        row[6] or r"\N",
                        row[7] or r"\N",
                        row[8] or r"\N",
                        r"\N",
                        row[10] or r"\N",
                        now,
                        now,
                    ]
                    target.write("\t".join(cells) + "\n")
        engine.dispose()
    finally:
        drop_database(url, admin_url)
    return shaped


def bare_copy(admin_url: str, workdir: Path, shaped: Path) -> dict[str, float]:
    """Baseline: COPY the shaped rows into the empty ``units`` of a fresh database, and their
    projections into its ``coverage_projection``, in one transaction (as the import does)."""
    import psycopg

    url = fresh_database("postgresql", admin_url, workdir)
    try:
        prepare(url)
        book = PolicyBook.from_dir(Settings().policies_dir)
        engine = create_db_engine(url)
        with uow_factory_for(engine)() as uow:
            create_catalogue(uow, book)
        engine.dispose()
        driver_url = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(driver_url) as connection, connection.cursor() as cursor:
            backend = connection.info.backend_pid
            server, client = cpu_seconds(backend), cpu_seconds()
            started = time.perf_counter()
            with (
                cursor.copy(
                    "COPY units (brand_id, serial, model_id, manufactured_on, first_invoiced_on,"
                    " first_invoiced_to_id, purchased_on, proof_of_purchase, country_of_purchase,"
                    " owner_id, channel, created_at, updated_at) FROM STDIN"
                ) as copy,
                shaped.open("rb") as data,
            ):
                while block := data.read(1 << 20):
                    copy.write(block)
            rows = cursor.rowcount
            names = ", ".join(PROJECTION_COLUMNS)
            with (
                cursor.copy(f"COPY coverage_projection ({names}) FROM STDIN") as copy,
                projections_of(shaped).open("rb") as data,
            ):
                while block := data.read(1 << 20):
                    copy.write(block)
            connection.commit()
            seconds = time.perf_counter() - started
            server_after = cpu_seconds(backend)
            server_cpu = None if server is None or server_after is None else server_after - server
        client_cpu = (cpu_seconds() or 0.0) - (client or 0.0)
        return {
            "rows": rows,
            "seconds": seconds,
            "server_cpu": server_cpu,
            "client_cpu": client_cpu,
        }
    finally:
        drop_database(url, admin_url)


def import_once(
    backend: str, admin_url: str | None, workdir: Path, csv_path: Path
) -> dict[str, float]:
    url = fresh_database(backend, admin_url, workdir)
    try:
        prepare(url)
        if REIMPORT:
            run_import(url, csv_path)
            return run_import(url, REIMPORT[0])
        return run_import(url, csv_path)
    finally:
        drop_database(url, admin_url)


def _cpu(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds:.1f}"


def main(sizes: list[int], repeat: int) -> None:
    raw_admin = os.environ.get("WARRANTOR_TEST_POSTGRES_URL", "")
    admin_url = normalize_url(raw_admin) if raw_admin else None
    lines = [
        f"| rows | what | seconds (best of {repeat}) | rows/s | vs bare COPY | peak RSS (MiB) "
        "| server CPU s | client CPU s |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    with tempfile.TemporaryDirectory(prefix="warrantor-bench-") as tmp:
        workdir = Path(tmp)
        for size in sizes:
            csv_path = workdir / f"units-{size}.csv"
            generate(csv_path, size)
            if "--reimport" in sys.argv:
                REIMPORT[:] = [changed_copy(csv_path)]
            shaped = shape_for_copy(admin_url, workdir, csv_path) if admin_url else None
            runs: dict[str, list[dict[str, float]]] = {}
            for _ in range(repeat):  # interleaved, so a busy moment hurts every contender
                if admin_url and shaped:
                    runs.setdefault("copy", []).append(bare_copy(admin_url, workdir, shaped))
                if "--no-sqlite" not in sys.argv:
                    runs.setdefault("sqlite", []).append(
                        import_once("sqlite", admin_url, workdir, csv_path)
                    )
                if admin_url:
                    runs.setdefault("postgresql", []).append(
                        import_once("postgresql", admin_url, workdir, csv_path)
                    )
            best = {
                name: min(found, key=lambda run: run["seconds"]) for name, found in runs.items()
            }
            copy_rate = best["copy"]["rows"] / best["copy"]["seconds"] if "copy" in best else None
            names = {
                "copy": "PostgreSQL bare COPY (baseline)",
                "sqlite": "SQLite import",
                "postgresql": "PostgreSQL import",
            }
            for name, figures in best.items():
                rate = figures["rows"] / figures["seconds"]
                share = f"{rate / copy_rate:.2f}" if copy_rate and name != "sqlite" else ""
                rss = max(run.get("peak_rss_mib", 0.0) for run in runs[name]) or ""
                server, client = figures.get("server_cpu"), figures.get("client_cpu")
                lines.append(
                    f"| {size:,} | {names[name]} | {figures['seconds']:.2f} | {rate:,.0f} "
                    f"| {share} | {rss} | {_cpu(server)} | {_cpu(client)} |"
                )
                print(lines[-1], file=sys.stderr, flush=True)
            csv_path.unlink()
    print("\n".join(lines))
    if admin_url is None:
        print("\n(PostgreSQL skipped: set WARRANTOR_TEST_POSTGRES_URL to an admin URL.)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker(sys.argv[2], sys.argv[3])
    elif {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__)
    else:
        args = sys.argv[1:]
        repeat = 1
        if "--repeat" in args:
            at = args.index("--repeat")
            repeat = int(args[at + 1])
            del args[at : at + 2]
        args = [arg for arg in args if arg not in ("--reimport", "--no-sqlite", "--timeline")]
        main([int(arg.replace("_", "")) for arg in args] or [100_000], repeat)
