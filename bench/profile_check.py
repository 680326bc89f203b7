"""The single check's app CPU a request, in-process, beside the bare baseline's.

When and why: over HTTP (``bench_check.py``) the check's requests/s on this
shared machine move with the load by a factor of two between rounds, too much
to see a change of a tenth in the app's own work. This calls each app's ASGI
callable directly (no server, no sockets, no client), one request after
another for random serials of a kept benchmark database, and reports the
process's CPU time a request (all threads: FastAPI's thread-pool hops
included), alternating the two apps in rounds so that both see the same load.
``--profile`` runs the check once more under ``cProfile`` (thread-pool hops made
inline, so the route's work is in the same profile; CPU clock) and prints the
functions with the most own time, and the share of a few groups of the whole
(the dependencies, the middleware, the read, the answer).

Run from the checkout, on a database made by ``bench_projection.py --keep-db``
(or ``bench_check.py --keep-db``)::

    .venv/bin/python bench/profile_check.py --database warrantor_bench_check_NNNN \\
        --requests 2000 --rounds 3 [--profile]

The check logs each request (as served, to standard error: sent to ``--log``,
``/dev/null`` by default), counts it against the rate limit (raised, as in
``bench_check.py``) in the same statement as its read, as the baseline does.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
sys.path.insert(0, str(BENCH_DIR))

from bench_check import (  # noqa: E402
    CHECK_RATE_LIMIT,
    DEFAULT_ADMIN_URL,
    libpq_url,
    with_database,
)

SHARES = [
    ("FastAPI's dependency solving", [("fastapi/dependencies/utils.py", "solve_dependencies")]),
    (
        "  of it, reading each parameter",
        [("fastapi/dependencies/utils.py", "_get_multidict_value")],
    ),
    ("the check service (check_serial)", [("installed_base/check.py", "check_serial")]),
    ("  the counted read", [("warrantor/store/", "read_counted")]),
    ("  the decision from the projection", [("installed_base/check.py", "_from_projection")]),
    ("    decoding the stored details", [("projection_codec.py", "decode")]),
    ("    rebuilding the Decision", [("projection_decision.py", "decision_on")]),
    (
        "  the unit of work's checkout and return",
        [("services/uow.py", "__enter__"), ("services/uow.py", "__exit__")],
    ),
    (
        "the answer model and its JSON",
        [("views/coverage.py", "coverage_answer"), ("routers/coverage.py", "_json")],
    ),
    ("the request log line", [("telemetry/logs.py", "info")]),
    ("routing's match", [("fastapi/routing.py", "_match")]),
]
"""What ``--profile`` reports: each line's functions' cumulative time (the largest entry of
each named function, summed over the line's functions), as a share of the profile's total."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--database", required=True, help="a kept benchmark database")
    parser.add_argument("--requests", type=int, default=2000, help="requests per app a round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, the two apps alternating")
    parser.add_argument("--on", default="2025-06-01", help="the day every check asks about")
    parser.add_argument("--seed", type=int, default=20250601)
    parser.add_argument("--profile", action="store_true", help="cProfile the check once more")
    parser.add_argument("--top", type=int, default=40, help="functions shown with --profile")
    parser.add_argument("--dump", type=Path, help="also write the profile here (pstats)")
    parser.add_argument("--log", type=Path, default=Path(os.devnull), help="the app's log")
    parser.add_argument(
        "--policies", type=Path, default=ROOT / "policies", help="policy folder (*.toml)"
    )
    args = parser.parse_args(argv)
    if args.requests < 1 or args.rounds < 1:
        parser.error("--requests and --rounds must be at least 1")
    return args


def sample(url: str, size: int, seed: int) -> list[tuple[str, str]]:
    """``size`` random (brand, serial) pairs of the database's units."""
    with psycopg.connect(libpq_url(url)) as conn:
        conn.execute("SELECT setseed(%s)", (((seed % 2000) - 1000) / 1000,))
        rows = conn.execute(
            "SELECT b.name, u.serial FROM units AS u TABLESAMPLE SYSTEM (1)"
            " JOIN brands AS b ON b.id = u.brand_id ORDER BY random() LIMIT %s",
            (size,),
        ).fetchall()
    if not rows:
        raise SystemExit(f"no units in {url}: load some first (bench_projection.py --keep-db)")
    return [(str(b), str(s)) for b, s in rows]


App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


async def call(
    app: App, path: str, query: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> int:
    """One GET through the ASGI app (``headers`` beside host and accept); its status."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"accept", b"*/*"), *(headers or [])],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
    }
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def run(app: App, prefix: str, suffix: str, query: bytes, keys: list[tuple[str, str]]) -> int:
    failed = 0
    for brand, serial in keys:
        if await call(app, f"{prefix}{brand}/{serial}{suffix}", query) != 200:
            failed += 1
    return failed


def timed(app: App, prefix: str, suffix: str, query: bytes, keys: list[tuple[str, str]]) -> float:
    """Process CPU ms a request (every thread)."""
    loop = asyncio.new_event_loop()
    try:
        started = time.process_time()
        failed = loop.run_until_complete(run(app, prefix, suffix, query, keys))
        used = time.process_time() - started
    finally:
        loop.close()
    if failed:
        raise SystemExit(f"{failed} of {len(keys)} requests to {prefix} were not answered 200")
    return used * 1000 / len(keys)


def inline_threadpool() -> None:
    """Run FastAPI's thread-pool hops inline, so one cProfile sees the route's work too."""
    import fastapi.dependencies.utils
    import fastapi.routing
    import starlette.concurrency

    async def inline(func: Any, *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    for module in (fastapi.routing, fastapi.dependencies.utils, starlette.concurrency):
        if hasattr(module, "run_in_threadpool"):
            module.run_in_threadpool = inline  # type: ignore[attr-defined]
    import warrantor.http.actor

    warrantor.http.actor.run_in_threadpool = inline  # type: ignore[attr-defined]


def shares(stats: pstats.Stats) -> list[tuple[str, float, float]]:
    """Each ``SHARES`` line's share of the profile's total, and its ms a request."""
    raw: Any = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values())
    rows = []
    for label, functions in SHARES:
        used = 0.0
        for fragment, name in functions:
            used += max(
                (
                    entry[3]
                    for (filename, _line, function), entry in raw.items()
                    if function == name and fragment in filename
                ),
                default=0.0,
            )
        rows.append((label, used / max(total, 1e-12), used))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    admin_url = os.environ.get("WARRANTOR_BENCH_POSTGRES_URL", DEFAULT_ADMIN_URL)
    url = with_database(admin_url, args.database)
    if not url.startswith("postgresql+"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    os.environ.update(
        {
            "WARRANTOR_DATABASE_URL": url,
            "WARRANTOR_POLICIES_DIR": str(args.policies.resolve()),
            "WARRANTOR_CHECK_RATE_LIMIT": str(CHECK_RATE_LIMIT),
        }
    )
    import baseline_app
    from warrantor.app import create_app
    from warrantor.store.migrate import upgrade

    upgrade(url)  # as bench_check.py does: the kept database may be a migration behind
    keys = sample(url, args.requests, args.seed)
    check: Any = create_app()
    baseline: Any = baseline_app.create_app()
    log = args.log.open("a")
    shown, sys.stderr = sys.stderr, log  # the request log goes where a server's would: a file
    query = f"on={args.on}".encode()
    apps = {
        "check": (check, "/api/v1/units/", "/coverage", query),
        "baseline": (baseline, "/units/", "", b""),
    }
    for app, prefix, suffix, q in apps.values():
        timed(app, prefix, suffix, q, keys[:50])  # warm: pools, prepared statements, caches
    print(f"# bench/profile_check.py {' '.join(sys.argv[1:] if argv is None else argv)}")
    print(f"load before: {os.getloadavg()[0]:.2f}; {len(keys)} requests per app a round")
    print("| round | check CPU ms a request | baseline CPU ms a request | check / baseline |")
    print("| ---: | ---: | ---: | ---: |")
    ratios = []
    for round_no in range(1, args.rounds + 1):
        measured = {name: timed(*spec, keys) for name, spec in apps.items()}
        ratio = measured["check"] / measured["baseline"]
        ratios.append(ratio)
        print(
            f"| {round_no} | {measured['check']:.3f} | {measured['baseline']:.3f} | {ratio:.2f} |",
            flush=True,
        )
    print(f"median check / baseline CPU a request: {sorted(ratios)[(len(ratios) - 1) // 2]:.2f}")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    if args.profile:
        inline_threadpool()
        profiler = cProfile.Profile(time.process_time)
        loop = asyncio.new_event_loop()
        profiler.enable()
        loop.run_until_complete(run(check, "/api/v1/units/", "/coverage", query, keys))
        profiler.disable()
        loop.close()
        if args.dump is not None:
            profiler.dump_stats(args.dump)
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        raw: Any = stats.stats  # type: ignore[attr-defined]
        profiled = sum(entry[2] for entry in raw.values()) * 1000 / len(keys)
        print(f"\n{profiled:.2f} ms of profiled CPU a request; shares of it (cumulative):")
        for label, share, used in shares(stats):
            print(f"  {share:6.1%}  {used * 1000 / len(keys):6.3f} ms  {label}")
        stats.sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())
    sys.stderr = shown
    log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
