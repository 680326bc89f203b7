"""An API queue page's app CPU a request, in-process, beside the bare endpoint's
(issue #23, item 8), as ``profile_check.py`` does for the single check.

Each app's ASGI callable is called directly (no server, no sockets, no client): the
real app's ``GET /api/v1/rmas?state=requested&limit=100&cursor=...`` signed in with
an API token, and ``lists_baseline_app``'s ``/rmas`` running the bare keyset query at
the same place, alternating in rounds so that both see the same load; the process's
CPU time a request (every thread) and the wall time. ``--profile`` runs the real page
once more under ``cProfile`` (thread-pool hops made inline) and prints the functions
with the most cumulative and own time.

Run from the checkout, on a database kept by ``bench_lists.py --keep-db``::

    .venv/bin/python bench/profile_lists.py --database warrantor_bench_lists_NNNN \\
        --requests 300 --rounds 3 [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import create_engine, text

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from bench_check import DEFAULT_ADMIN_URL, with_database  # noqa: E402
from profile_check import App, call, inline_threadpool  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="a database kept by bench_lists.py")
    parser.add_argument("--requests", type=int, default=300, help="requests per app a round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the real page once more")
    parser.add_argument("--top", type=int, default=40, help="functions shown with --profile")
    return parser.parse_args()


async def get(app: App, path: str, query: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    """One GET through the ASGI app; it must answer 200."""
    status = await call(app, path, query, headers)
    if status != 200:
        raise SystemExit(f"{path}?{query.decode()} answered {status}")


def main() -> int:
    args = parse_args()
    admin_url = os.environ.get("WARRANTOR_BENCH_POSTGRES_URL", DEFAULT_ADMIN_URL)
    url = with_database(admin_url, args.database)
    if not url.startswith("postgresql+"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    os.environ["WARRANTOR_DATABASE_URL"] = url
    import lists_baseline_app
    from bench_lists_api import api_token
    from warrantor.app import create_app
    from warrantor.services.paging import encode_cursor

    token = api_token(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        places = conn.execute(
            text(
                "SELECT opened_at, id FROM rmas WHERE state = 'requested'"
                " ORDER BY random() LIMIT :n"
            ),
            {"n": args.requests},
        ).all()
    engine.dispose()
    signed_in = [(b"authorization", f"Bearer {token}".encode())]
    real_queries = [
        urlencode(
            {"state": "requested", "limit": 100, "cursor": encode_cursor("rmas", [None, a, i])}
        ).encode()
        for a, i in places
    ]
    bare_queries = [
        urlencode({"state": "requested", "a": a.isoformat(), "i": i, "n": 101}).encode()
        for a, i in places
    ]
    real: Any = create_app()
    bare: Any = lists_baseline_app.create_app()
    apps = {
        "real page": (real, "/api/v1/rmas", real_queries, signed_in),
        "bare endpoint": (bare, "/rmas", bare_queries, []),
    }

    async def run(name: str, count: int) -> None:
        app, path, queries, headers = apps[name]
        for query in queries[:count]:
            await get(app, path, query, headers)

    # the request log goes where a server's would: away
    with open(os.devnull, "w") as log, contextlib.redirect_stderr(log):
        loop = asyncio.new_event_loop()
        for name in apps:
            loop.run_until_complete(run(name, 30))  # warm: pools, prepared statements
        print(f"load before: {os.getloadavg()[0]:.2f}; {len(places)} requests per app a round")
        print("| round | app | CPU ms a request | wall ms a request |")
        print("| ---: | --- | ---: | ---: |")
        for round_no in range(1, args.rounds + 1):
            for name in apps:
                cpu, wall = time.process_time(), time.perf_counter()
                loop.run_until_complete(run(name, len(places)))
                cpu_ms = (time.process_time() - cpu) * 1000 / len(places)
                wall_ms = (time.perf_counter() - wall) * 1000 / len(places)
                print(f"| {round_no} | {name} | {cpu_ms:.3f} | {wall_ms:.3f} |", flush=True)
        if args.profile:
            inline_threadpool()
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            loop.run_until_complete(run("real page", len(places)))
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
            print(out.getvalue())
        loop.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
