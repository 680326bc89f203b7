"""Benchmark: warranty checks per second over HTTP, against a bare FastAPI baseline.

What it does, in one run (see docs/benchmarks.md for results):

1. creates a fresh PostgreSQL database (``warrantor_bench_check_<pid>``) on the
   server named by ``WARRANTOR_BENCH_POSTGRES_URL`` and migrates it;
2. loads ``--units`` units of models the loaded policies place (QNAP and Netac),
   through the real import service (``warrantor.services.installed_base.unit_import``) when it
   is there, else by a direct COPY into the tables; the output says which;
3. serves the real app (``warrantor.app:create_app``) with uvicorn on a
   loopback port and drives ``GET /api/v1/units/{brand}/{serial}/coverage``
   with wrk, each request for a random serial among the loaded units;
4. does the same for the bare baseline (``bench/baseline_app.py``: the same
   lookup by brand + serial, the row as JSON), with the same worker count;
5. prints requests/s, p50 and p99 for both and the ratios as a Markdown table,
   stops the servers and drops the database (also on error or Ctrl-C).

Run it from the checkout::

    .venv/bin/python bench/bench_check.py [--units 1000000] [--duration 20] [--connections 32]

It needs wrk (``apt-get install wrk`` on Debian/Ubuntu, ``brew install wrk``
on macOS); it does not install it. All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
LUA_SCRIPT = BENCH_DIR / "wrk_serials.lua"
CHECK_RATE_LIMIT = 1_000_000_000
"""The public check's rate limit while benchmarking (see ``WARRANTOR_CHECK_RATE_LIMIT``)."""
DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
HOST = "127.0.0.1"

CHECK_PREFIX = "/api/v1/units/"
BASELINE_PREFIX = "/units/"

COUNTRIES = {"QNAP": ("US", "US", "US", "CA", "CA", "DE", "GB", "JP"), "Netac": ("CN", "CN", "US")}
CHANNELS = ("direct", "distributor", "reseller", "retail", "online")
DISTRIBUTORS = 12
SERVER_START_TIMEOUT = 60.0
SERVER_STOP_TIMEOUT = 15.0


# --- arguments and the machine ---------------------------------------------------------


AIM = 0.8
"""Issue 14: the check's requests/s at least 0.8 of the baseline's, p99 no worse, both
making the same rate-limiter call (``baseline_app`` counts each request as the check
does). Until issue 14 the aim was 0.5 and the baseline counted nothing."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Warranty checks per second over HTTP vs a bare FastAPI baseline.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--units", type=int, default=1_000_000, help="units to load")
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per run")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of unmeasured load first")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk threads (-t)")
    parser.add_argument(
        "--workers", type=int, default=2, help="uvicorn worker processes, for both apps"
    )
    parser.add_argument(
        "--server",
        choices=("nodelay", "uvicorn"),
        default="nodelay",
        help="nodelay: uvicorn through bench/uvicorn_nodelay.py (TCP_NODELAY with --workers>1); "
        "uvicorn: the plain uvicorn command",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="measured runs per app, alternating; the table shows the median of each",
    )
    parser.add_argument(
        "--loader",
        choices=("auto", "import", "copy"),
        default="auto",
        help="auto: the import service when it exists, else a direct COPY",
    )
    parser.add_argument(
        "--sample", type=int, default=200_000, help="serials wrk picks from (a random sample)"
    )
    parser.add_argument("--on", default="2025-06-01", help="the day every check asks about")
    parser.add_argument("--seed", type=int, default=20250601, help="random seed (data and wrk)")
    parser.add_argument(
        "--policies", type=Path, default=ROOT / "policies", help="policy folder (*.toml)"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument(
        "--keep-db", action="store_true", help="do not drop the benchmark database at the end"
    )
    parser.add_argument(
        "--database",
        help="check the units of this database, kept from an earlier run (this one's --keep-db,"
        " or bench_projection.py's): migrated to the head, not loaded again, not dropped",
    )
    args = parser.parse_args(argv)
    for name in ("units", "duration", "connections", "wrk_threads", "workers", "rounds", "sample"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must not be negative")
    args.on = date.fromisoformat(args.on)
    return args


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=10)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0].split(" Copyright")[0],
    }


def require_wrk() -> None:
    if shutil.which("wrk") is None:
        sys.exit(
            "wrk is not installed. Install it, then run this again:\n"
            "  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y wrk\n"
            "  macOS:         brew install wrk\n"
            "  elsewhere:     https://github.com/wg/wrk (make, then put wrk on PATH)"
        )


# --- the database ----------------------------------------------------------------------


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://``) as libpq wants it (``postgresql://``)."""
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead."""
    base, _, query = url.partition("?")
    base = base.rsplit("/", 1)[0] + "/" + name
    return base + ("?" + query if query else "")


@contextmanager
def bench_database(admin_url: str, keep: bool) -> Iterator[str]:
    """A fresh database; yields its SQLAlchemy URL, drops it at the end."""
    name = f"warrantor_bench_check_{os.getpid()}"
    admin = libpq_url(admin_url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = with_database(admin_url, name)
    if not url.startswith("postgresql+"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    try:
        yield url
    finally:
        if keep:
            print(f"kept database {name}", file=sys.stderr)
        else:
            with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
                conn.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def server_version(url: str) -> str:
    with psycopg.connect(libpq_url(url), connect_timeout=10) as conn:
        row = conn.execute("SHOW server_version").fetchone()
        buffers = conn.execute("SHOW shared_buffers").fetchone()
    assert row is not None and buffers is not None
    return f"PostgreSQL {row[0]} (shared_buffers {buffers[0]})"


# --- the units ---------------------------------------------------------------------------


def policy_models(book: Any) -> dict[str, list[str]]:
    """Model names each brand's current policy places in a product line.

    Taken from the policies themselves: every line's ``examples`` and every
    catalogue entry's names (``"NV7000 2TB"`` per capacity), kept when the
    brand's policy places them (as the import will ask).
    """
    found: dict[str, list[str]] = {}
    for brand in book.brands():
        policy = book.version_for(brand, None)
        names: list[str] = []
        for line in policy.doc.lines:
            names.extend(line.examples)
        for entry in policy.doc.catalogue:
            names.extend(policy.catalogue_names(entry))
        placed = sorted({n for n in names if book.product_line_of(brand, n) is not None})
        if placed:
            found[brand] = placed
    if not found:
        sys.exit(f"the policies in {ROOT / 'policies'} place no model: nothing to load")
    return found


def serial_prefix(brand: str) -> str:
    return {"qnap": "Q", "netac": "NT"}.get(brand.lower(), brand[:2].upper())


def generate_units(
    count: int, models: dict[str, list[str]], on: date, seed: int
) -> Iterator[dict[str, str]]:
    """``count`` units as import-file rows: brands in turn, models and dates at random.

    Purchases are spread over the seven years before ``on`` (so some are in
    their term and some are not); most have a proof of purchase and were first
    invoiced to one of the benchmark's distributors up to 60 days before.
    """
    rng = random.Random(seed)
    brands = sorted(models)
    span = 7 * 365
    first_day = on - timedelta(days=span)
    for index in range(count):
        brand = brands[index % len(brands)]
        purchased = first_day + timedelta(days=rng.randrange(span))
        invoiced = purchased - timedelta(days=rng.randrange(0, 61))
        made = invoiced - timedelta(days=rng.randrange(10, 120))
        has_proof = rng.random() < 0.85
        direct = rng.random() < 0.7
        yield {
            "brand": brand,
            "serial": f"{serial_prefix(brand)}{index:010d}",
            "model": rng.choice(models[brand]),
            "manufactured_on": made.isoformat(),
            "first_invoiced_on": invoiced.isoformat() if direct else "",
            "first_invoiced_to": f"BENCH-DIST-{rng.randrange(DISTRIBUTORS):02d}" if direct else "",
            "purchased_on": purchased.isoformat() if has_proof else "",
            "proof_of_purchase": f"INV-{index:010d}" if has_proof else "",
            "country_of_purchase": rng.choice(COUNTRIES.get(brand, ("US",))),
            "owner": "",
            "channel": rng.choice(CHANNELS),
        }


def add_distributors(uow_factory: Any) -> None:
    """The accounts the units are first invoiced to (the import checks they exist)."""
    from warrantor.store.accounts import Account

    now = datetime.now(UTC)
    with uow_factory() as uow:
        for number in range(DISTRIBUTORS):
            code = f"BENCH-DIST-{number:02d}"
            account = Account(code, f"Bench distributor {number}", "distributor", True, "US")
            uow.accounts.upsert(account, now)


def import_service_available() -> bool:
    try:
        import warrantor.services.installed_base.unit_import as module
    except ImportError:
        return False
    return hasattr(module, "import_units")


@dataclass(frozen=True)
class Loader:
    """What loading needs: units of work on the benchmark database, and the policies."""

    uow_factory: Any
    book: Any


def load_with_import(
    runtime: Loader, rows: Iterator[dict[str, str]], workdir: Path
) -> tuple[str, str]:
    """Write the rows to a CSV file and import it with the real service."""
    from warrantor.services.installed_base.unit_import import COLUMNS, import_units

    path = workdir / "units.csv"
    started = time.perf_counter()
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    written = time.perf_counter() - started
    with path.open("rb") as stream:
        summary = import_units(runtime.uow_factory, stream, runtime.book, now=datetime.now(UTC))
    path.unlink()
    if summary.rejected or summary.inserted == 0:
        raise RuntimeError(f"the import did not load the units: {summary}")
    return (
        "the import service (warrantor.services.installed_base.unit_import.import_units)",
        f"CSV written in {written:.1f} s, {summary.inserted:,} units imported in "
        f"{summary.seconds:.1f} s",
    )


def load_with_copy(runtime: Loader, rows: Iterator[dict[str, str]]) -> tuple[str, str]:
    """Catalogue rows through the store, then one COPY into ``units``."""
    started = time.perf_counter()
    book = runtime.book
    now = datetime.now(UTC)
    count = 0
    with runtime.uow_factory() as uow:
        accounts = {
            f"BENCH-DIST-{n:02d}": uow.accounts.id_of(f"BENCH-DIST-{n:02d}")
            for n in range(DISTRIBUTORS)
        }
        brand_ids: dict[str, int] = {}
        model_ids: dict[tuple[str, str], int] = {}
        columns = (
            "brand_id, serial, model_id, manufactured_on, first_invoiced_on, "
            "first_invoiced_to_id, purchased_on, proof_of_purchase, country_of_purchase, "
            "owner_id, channel, created_at, updated_at"
        )
        driver = uow.connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(f"COPY units ({columns}) FROM STDIN") as copy:
            for row in rows:
                brand = row["brand"]
                if brand not in brand_ids:
                    brand_ids[brand] = uow.catalogue.ensure_brand(brand)
                key = (brand, row["model"])
                if key not in model_ids:
                    line = book.product_line_of(brand, row["model"])
                    line_id = uow.catalogue.ensure_product_line(brand_ids[brand], line)
                    model_ids[key] = uow.catalogue.ensure_model(
                        brand_ids[brand], row["model"], line_id
                    )
                copy.write_row(
                    (
                        brand_ids[brand],
                        row["serial"],
                        model_ids[key],
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
                count += 1
    return (
        "a direct COPY into units (not the import service)",
        f"{count:,} units in {time.perf_counter() - started:.1f} s",
    )


def vacuum_analyze(url: str) -> None:
    with psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=10) as conn:
        conn.execute("VACUUM ANALYZE")


def sample_keys(url: str, size: int, seed: int, path: Path) -> int:
    """Write ``size`` random ``brand/serial`` keys of stored units to ``path``."""
    with psycopg.connect(libpq_url(url), connect_timeout=10) as conn:
        conn.execute("SELECT setseed(%s)", (((seed % 1000) / 1000.0),))
        rows = conn.execute(
            "SELECT b.name, u.serial FROM units u JOIN brands b ON b.id = u.brand_id "
            "ORDER BY random() LIMIT %s",
            (size,),
        ).fetchall()
    path.write_text("".join(f"{brand}/{serial}\n" for brand, serial in rows), encoding="utf-8")
    return len(rows)


# --- servers and load --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"


@contextmanager
def serve(
    name: str,
    target: str,
    app_dir: Path | None,
    env: dict[str, str],
    workers: int,
    logs: Path,
    nodelay: bool,
) -> Iterator[Server]:
    """Start ``uvicorn --factory target`` on a free loopback port; stop its process group.

    ``nodelay`` serves through ``bench/uvicorn_nodelay.py`` (see there why).
    """
    port = free_port()
    launcher = [str(BENCH_DIR / "uvicorn_nodelay.py")] if nodelay else ["-m", "uvicorn"]
    command = [
        sys.executable,
        *launcher,
        "--factory",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    if app_dir is not None:
        command += ["--app-dir", str(app_dir)]
    command.append(target)
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name, port, process, log)
    try:
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=SERVER_STOP_TIMEOUT)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=SERVER_STOP_TIMEOUT)


def first_key(keys_file: Path) -> str:
    with keys_file.open(encoding="utf-8") as file:
        return file.readline().strip()


def wait_until_answering(server: Server, path: str) -> dict[str, Any]:
    """Poll ``path`` until it answers 200 (bounded); returns its JSON body."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    last = "no answer"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(server.base + path, timeout=5) as response:
                body: dict[str, Any] = json.loads(response.read())
                return body
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}: {error.read()[:500]!r}"
            break
        except OSError as error:
            last = str(error)
        time.sleep(0.25)
    log = server.log.read_text(errors="replace")[-3000:]
    raise RuntimeError(f"{server.name} did not answer {path}: {last}\n--- its log ---\n{log}")


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    errors: dict[str, int]
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    app_cpu_ms: float = 0.0
    """CPU time of the app's processes per request (user + system)."""
    db_cpu_ms: float = 0.0
    """CPU time of the PostgreSQL backends serving the app, per request: only those alive at
    both ends of the run, so connections a pool opens and closes meanwhile are missed."""
    machine_busy: float = 0.0
    """Share of all CPUs busy during the run (anything: the app, PostgreSQL, wrk, others)."""
    load_before: float = 0.0
    """The 1-minute load average just before the run."""
    db_sessions: int = 0
    """Database connections opened during the run (a pool that keeps its connections: 0)."""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> tuple[int, float] | None:
    """``(session id, CPU seconds)`` of a process, from ``/proc`` (``None``: gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[3]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def session_cpu(session: int) -> float:
    """CPU seconds used so far by the live processes of one session (a server and its workers)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            found = process_cpu(int(entry.name))
            if found is not None and found[0] == session:
                total += found[1]
    return total


def backend_cpu(url: str) -> tuple[dict[int, float], int]:
    """CPU seconds of each PostgreSQL backend on the benchmark database, and sessions so far.

    Backends that start and end between two calls (a pool opening and closing
    connections) are not seen: the session count says how many there were.
    """
    with psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=10) as conn:
        pids = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        ).fetchall()
        row = conn.execute(
            "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
    found = {pid: process_cpu(pid) for (pid,) in pids}
    cpu = {pid: used[1] for pid, used in found.items() if used is not None}
    return cpu, int(row[0]) if row else 0


def machine_jiffies() -> tuple[int, int]:
    """``(busy, total)`` CPU ticks of the whole machine so far."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def measured_wrk(
    server: Server, url: str, target: Target, keys: Path, args: argparse.Namespace
) -> WrkResult:
    """One measured wrk run, with the CPU the app and its database backends used meanwhile."""
    load = load_average()
    app_before, (db_before, sessions_before) = session_cpu(server.process.pid), backend_cpu(url)
    busy_before, total_before = machine_jiffies()
    result = run_wrk(server, keys, target.prefix, target.suffix, args, args.duration)
    busy_after, total_after = machine_jiffies()
    app_after, (db_after, sessions_after) = session_cpu(server.process.pid), backend_cpu(url)
    db_used = sum(cpu - db_before.get(pid, 0.0) for pid, cpu in db_after.items())
    requests = max(result.requests, 1)
    return replace(
        result,
        app_cpu_ms=(app_after - app_before) * 1000 / requests,
        db_cpu_ms=db_used * 1000 / requests,
        machine_busy=(busy_after - busy_before) / max(total_after - total_before, 1),
        load_before=load,
        db_sessions=sessions_after - sessions_before - 1,
    )


def run_wrk(
    server: Server, keys: Path, prefix: str, suffix: str, args: argparse.Namespace, seconds: int
) -> WrkResult:
    command = [
        "wrk",
        "-t",
        str(args.wrk_threads),
        "-c",
        str(args.connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_SCRIPT),
        server.base + "/",
        "--",
        str(keys),
        prefix,
        suffix,
        str(args.seed),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    data = json.loads(line.removeprefix("WRK_JSON "))
    latency = data["latency_us"]
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=data["errors"],
        p50_ms=latency["p50"] / 1000,
        p90_ms=latency["p90"] / 1000,
        p99_ms=latency["p99"] / 1000,
        mean_ms=latency["mean"] / 1000,
        max_ms=latency["max"] / 1000,
    )


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    uvicorn_target: str
    app_dir: Path | None
    prefix: str
    suffix: str


# --- output ------------------------------------------------------------------------------


def median_result(results: list[WrkResult]) -> WrkResult:
    """The run with the median requests/s (its own latencies, not a mix of runs)."""
    ordered = sorted(results, key=lambda r: r.rps)
    return ordered[(len(ordered) - 1) // 2]


def table(
    rows: dict[str, WrkResult], labels: dict[str, str], args: argparse.Namespace
) -> list[str]:
    lines = [
        "| endpoint | workers | connections | requests | requests/s | p50 ms | p99 ms "
        "| app CPU ms/req | new DB connections | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, result in rows.items():
        lines.append(
            f"| {labels[name]} | {args.workers} | {args.connections} | {result.requests:,} "
            f"| {result.rps:,.0f} | {result.p50_ms:.2f} | {result.p99_ms:.2f} "
            f"| {result.app_cpu_ms:.2f} | {result.db_sessions:,} | {result.error_count} |"
        )
    return lines


def round_table(results: dict[str, list[WrkResult]]) -> tuple[list[str], list[float]]:
    """One line per round: each check run beside the baseline run right after it.

    On a shared VM the speed of the whole machine drifts between runs (the same
    app measured twice a minute apart has differed by 2x here), so the ratio of
    two runs close in time is steadier than the ratio of two medians taken
    from different moments. Returns the lines and the per-round ratios."""
    lines = [
        "| round | check req/s | baseline req/s | ratio | check app CPU ms/req "
        "| baseline app CPU ms/req |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    ratios = []
    pairs = zip(results["check"], results["baseline"], strict=True)
    for number, (check, baseline) in enumerate(pairs, 1):
        ratio = check.rps / baseline.rps
        ratios.append(ratio)
        lines.append(
            f"| {number} | {check.rps:,.0f} | {baseline.rps:,.0f} | {ratio:.2f} "
            f"| {check.app_cpu_ms:.2f} | {baseline.app_cpu_ms:.2f} |"
        )
    return lines, ratios


def server_label(args: argparse.Namespace) -> str:
    if args.server == "nodelay":
        return "uvicorn via bench/uvicorn_nodelay.py"
    return "plain uvicorn"


# --- the run -----------------------------------------------------------------------------


def load(url: str, args: argparse.Namespace, workdir: Path) -> tuple[str, str]:
    """Generate ``args.units`` units into the database at ``url``; how, and how long."""
    from warrantor.policy.book import PolicyBook
    from warrantor.services.uow import uow_factory_for
    from warrantor.store.engine import create_db_engine

    engine = create_db_engine(url)
    try:
        loader = Loader(uow_factory_for(engine), PolicyBook.from_dir(args.policies.resolve()))
        models = policy_models(loader.book)
        print(
            "models: " + "; ".join(f"{brand}: {len(names)}" for brand, names in models.items()),
            flush=True,
        )
        add_distributors(loader.uow_factory)
        rows = generate_units(args.units, models, args.on, args.seed)
        use_import = args.loader == "import" or (
            args.loader == "auto" and import_service_available()
        )
        if use_import:
            from warrantor.services.installed_base.catalogue import sync_catalogue

            sync_catalogue(loader.uow_factory, loader.book)
            return load_with_import(loader, rows, workdir)
        return load_with_copy(loader, rows)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    require_wrk()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from warrantor.store.migrate import upgrade

    admin_url = os.environ.get("WARRANTOR_BENCH_POSTGRES_URL", DEFAULT_ADMIN_URL)
    info = machine()
    command = "bench/bench_check.py " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"# {command.strip()}", flush=True)

    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-check-")))
        if args.database:
            url = with_database(admin_url, args.database)
            if not url.startswith("postgresql+"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        else:
            url = stack.enter_context(bench_database(admin_url, args.keep_db))
        info["postgresql"] = server_version(url)
        upgrade(url)
        if args.database:
            how, loaded = f"an earlier run (database {args.database})", "not loaded again"
        else:
            how, loaded = load(url, args, workdir)
        print(f"loaded by {how}: {loaded}", flush=True)
        if not args.database:
            started = time.perf_counter()
            vacuum_analyze(url)
            print(f"VACUUM ANALYZE: {time.perf_counter() - started:.1f} s", flush=True)

        keys = workdir / "keys.txt"
        sampled = sample_keys(url, min(args.sample, args.units), args.seed, keys)
        print(f"wrk picks among {sampled:,} random serials of the {args.units:,} units", flush=True)

        suffix = f"?on={args.on.isoformat()}"
        targets = [
            Target(
                "check",
                "warranty check `GET /api/v1/units/{brand}/{serial}/coverage`",
                "warrantor.app:create_app",
                None,
                CHECK_PREFIX,
                f"/coverage{suffix}",
            ),
            Target(
                "baseline",
                "bare FastAPI lookup `GET /units/{brand}/{serial}`",
                "baseline_app:create_app",
                BENCH_DIR,
                BASELINE_PREFIX,
                "",
            ),
        ]
        env = {
            "WARRANTOR_DATABASE_URL": url,
            "WARRANTOR_POLICIES_DIR": str(args.policies.resolve()),
            # wrk is one client address: at the public check's limit (30 a minute) nearly
            # every request would be a 429. Raised, each check is still counted (a write
            # per request, as in production), just never refused.
            "WARRANTOR_CHECK_RATE_LIMIT": str(CHECK_RATE_LIMIT),
        }
        results: dict[str, list[WrkResult]] = {t.name: [] for t in targets}
        key = first_key(keys)
        for round_no in range(args.rounds):
            for target in targets:
                with serve(
                    f"{target.name}-{round_no}",
                    target.uvicorn_target,
                    target.app_dir,
                    env,
                    args.workers,
                    workdir,
                    args.server == "nodelay",
                ) as server:
                    body = wait_until_answering(server, target.prefix + key + target.suffix)
                    if round_no == 0:
                        shown = {k: body[k] for k in list(body)[:8]}
                        print(f"{target.name} answers e.g. {json.dumps(shown, default=str)}")
                    if args.warmup:
                        run_wrk(server, keys, target.prefix, target.suffix, args, args.warmup)
                    result = measured_wrk(server, url, target, keys, args)
                    results[target.name].append(result)
                    print(
                        f"round {round_no + 1} {target.name}: {result.rps:,.0f} req/s, "
                        f"p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms, "
                        f"CPU/request app {result.app_cpu_ms:.2f} ms (PostgreSQL backends "
                        f"alive throughout: {result.db_cpu_ms:.2f} ms), "
                        f"machine busy {result.machine_busy:.0%} "
                        f"(load before {result.load_before:.2f}), new database connections "
                        f"{result.db_sessions:,}, errors {result.errors}",
                        flush=True,
                    )

    chosen = {name: median_result(runs) for name, runs in results.items()}
    check, baseline = chosen["check"], chosen["baseline"]
    labels = {t.name: t.label for t in targets}
    ratio = check.rps / baseline.rps
    print()
    print(f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']}, {info['os']}")
    print(f"Python {info['python']}, {info['postgresql']}, {info['wrk']}; {info['date']}")
    print(
        f"Units: {args.units:,} loaded by {how}; uvicorn workers: "
        f"{args.workers} per app ({server_label(args)}); "
        f"wrk -t{args.wrk_threads} -c{args.connections} -d{args.duration}s "
        f"after {args.warmup}s warm-up; rounds: {args.rounds}"
        + (" (median shown)" if args.rounds > 1 else "")
    )
    print()
    for line in table(chosen, labels, args):
        print(line)
    print()
    cpu_ratio = check.app_cpu_ms / max(baseline.app_cpu_ms, 1e-9)
    rounds, ratios = round_table(results)
    paired = sorted(ratios)[(len(ratios) - 1) // 2]
    if args.rounds > 1:
        for line in rounds:
            print(line)
        print()
    verdict = "meets" if paired >= AIM else "misses"
    print(
        f"check / baseline: requests/s {paired:.2f} as the median of the rounds' own ratios "
        f"(lowest {min(ratios):.2f}, highest {max(ratios):.2f}; {ratio:.2f} as the ratio of the "
        f"medians): {verdict} the aim of >= {AIM:.2f}; p50 {check.p50_ms / baseline.p50_ms:.2f}x, "
        f"p99 {check.p99_ms / baseline.p99_ms:.2f}x; app CPU per request {cpu_ratio:.2f}x"
    )
    busiest = max(r.load_before for runs in results.values() for r in runs)
    if busiest > 0.5 * (os.cpu_count() or 1):
        print(
            f"note: the 1-minute load average was up to {busiest:.2f} before a run: "
            "something else was using the CPUs, so the figures are lower and noisier "
            "than on an idle machine",
        )
    if args.json:
        payload = {
            "command": command.strip(),
            "machine": info,
            "units": args.units,
            "loaded_by": how,
            "load": loaded,
            "workers": args.workers,
            "server": server_label(args),
            "connections": args.connections,
            "duration": args.duration,
            "rounds": {name: [r.__dict__ for r in runs] for name, runs in results.items()},
            "ratio_rps": ratio,
            "ratio_rps_per_round": ratios,
            "ratio_rps_paired_median": paired,
            "ratio_cpu_per_request": cpu_ratio,
        }
        args.json.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    errors = check.error_count + baseline.error_count
    if errors:
        print(f"warning: {errors} requests failed (see the errors column)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
