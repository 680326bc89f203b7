"""Benchmark: the warranty check served from a streaming replica, beside the same on the
primary directly, each through two app processes (``uvicorn --workers 2``).

Reuses ``bench_check`` for everything but the two configurations: it creates
a database on the topology's primary (``.ci/topology start``; docs/topology.md),
loads ``--units`` units through the real import, waits until the replica has
replayed them, then, in alternating rounds, serves the app

- ``replica``: ``WARRANTOR_DATABASE_URL`` = the primary, ``WARRANTOR_REPLICA_URL``
  = the replica (the check reads the replica; its rate-limit count goes to the
  primary, a second statement);
- ``primary``: the primary alone (the count and the read in one statement),

and drives ``GET /api/v1/units/{brand}/{serial}/coverage`` with wrk. It prints
requests/s, p50 and p99 of both and the ratio replica / primary (median of
the rounds' own ratios). Both clusters run on this one machine, so the
replica adds no CPU of its own here: the ratio measures what the read side
costs (a second connection pool, pre-ping, the lag probe, the count in its
own statement), not the capacity a replica on its own host adds.

    eval "$(.ci/topology start)"
    .venv/bin/python bench/bench_replica.py --units 200000 --duration 15 --rounds 3

Needs wrk; all traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import psycopg

from bench_check import (
    CHECK_PREFIX,
    CHECK_RATE_LIMIT,
    Loader,
    Target,
    WrkResult,
    add_distributors,
    bench_database,
    first_key,
    generate_units,
    libpq_url,
    load_with_import,
    machine,
    measured_wrk,
    median_result,
    parse_args,
    policy_models,
    run_wrk,
    sample_keys,
    serve,
    server_label,
    vacuum_analyze,
    wait_until_answering,
    with_database,
)

CAUGHT_UP_WITHIN_S = 300.0


def wait_replayed(primary_url: str, replica_url: str) -> float:
    """Seconds until the replica has replayed everything the primary wrote so far."""
    started = time.monotonic()
    with psycopg.connect(libpq_url(primary_url), autocommit=True) as primary:
        row = primary.execute("SELECT pg_current_wal_lsn()").fetchone()
    assert row is not None
    while time.monotonic() - started < CAUGHT_UP_WITHIN_S:
        with psycopg.connect(libpq_url(replica_url), autocommit=True) as replica:
            behind = replica.execute(
                "SELECT pg_last_wal_replay_lsn() < %s::pg_lsn", (row[0],)
            ).fetchone()
        if behind is not None and not behind[0]:
            return time.monotonic() - started
        time.sleep(0.2)
    raise RuntimeError("the replica did not catch up")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from warrantor.policy.book import PolicyBook
    from warrantor.services.installed_base.catalogue import sync_catalogue
    from warrantor.services.uow import uow_factory_for
    from warrantor.store.engine import create_db_engine
    from warrantor.store.migrate import upgrade

    primary_admin = os.environ.get("WARRANTOR_TEST_PRIMARY_URL", "")
    replica_admin = os.environ.get("WARRANTOR_TEST_REPLICA_URL", "")
    if not primary_admin or not replica_admin:
        sys.exit('start the topology first: eval "$(.ci/topology start)" (docs/topology.md)')
    info = machine()
    command = "bench/bench_replica.py " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"# {command.strip()}", flush=True)

    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-replica-")))
        url = stack.enter_context(bench_database(primary_admin, args.keep_db))
        replica_url = with_database(replica_admin, url.rsplit("/", 1)[1])
        upgrade(url)
        engine = create_db_engine(url)
        loader = Loader(uow_factory_for(engine), PolicyBook.from_dir(args.policies.resolve()))
        add_distributors(loader.uow_factory)
        sync_catalogue(loader.uow_factory, loader.book)
        rows = generate_units(args.units, policy_models(loader.book), args.on, args.seed)
        how, loaded = load_with_import(loader, rows, workdir)
        engine.dispose()
        print(f"loaded by {how}: {loaded}", flush=True)
        vacuum_analyze(url)
        print(f"replica caught up in {wait_replayed(url, replica_url):.1f} s", flush=True)
        keys = workdir / "keys.txt"
        sample_keys(url, min(args.sample, args.units), args.seed, keys)

        target = Target(
            "check",
            "warranty check",
            "warrantor.app:create_app",
            None,
            CHECK_PREFIX,
            f"/coverage?on={args.on.isoformat()}",
        )
        common = {
            "WARRANTOR_DATABASE_URL": url,
            "WARRANTOR_POLICIES_DIR": str(args.policies.resolve()),
            "WARRANTOR_CHECK_RATE_LIMIT": str(CHECK_RATE_LIMIT),
            "WARRANTOR_KEYS_MASTER_SECRET": "bench-master-secret-of-at-least-32-chars",
        }
        setups = {
            "replica": {**common, "WARRANTOR_REPLICA_URL": replica_url},
            "primary": common,
        }
        results: dict[str, list[WrkResult]] = {name: [] for name in setups}
        key = first_key(keys)
        for round_no in range(args.rounds):
            for name, env in setups.items():
                with serve(
                    f"{name}-{round_no}",
                    target.uvicorn_target,
                    None,
                    env,
                    args.workers,
                    workdir,
                    args.server == "nodelay",
                ) as server:
                    wait_until_answering(server, target.prefix + key + target.suffix)
                    if args.warmup:
                        run_wrk(server, keys, target.prefix, target.suffix, args, args.warmup)
                    result = measured_wrk(server, url, target, keys, args)
                    results[name].append(result)
                    print(
                        f"round {round_no + 1} {name}: {result.rps:,.0f} req/s, "
                        f"p50 {result.p50_ms:.2f} ms, p99 {result.p99_ms:.2f} ms, "
                        f"app CPU {result.app_cpu_ms:.2f} ms/req, "
                        f"load before {result.load_before:.2f}, errors {result.errors}",
                        flush=True,
                    )

    ratios = [r.rps / p.rps for r, p in zip(results["replica"], results["primary"], strict=True)]
    paired = sorted(ratios)[(len(ratios) - 1) // 2]
    print()
    print(f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']}, {info['os']}")
    print(f"Units: {args.units:,}; {server_label(args)}, {args.workers} uvicorn workers each; "
          f"wrk -t{args.wrk_threads} -c{args.connections} -d{args.duration}s; "
          f"rounds: {args.rounds}")  # fmt: skip
    print()
    print("| reads from | requests/s | p50 ms | p99 ms | app CPU ms/req | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, runs in results.items():
        shown = median_result(runs)
        print(
            f"| {name} | {shown.rps:,.0f} | {shown.p50_ms:.2f} | {shown.p99_ms:.2f} "
            f"| {shown.app_cpu_ms:.2f} | {shown.error_count} |"
        )
    print()
    print(
        f"replica / primary: requests/s {paired:.2f} (median of the rounds' own ratios; "
        f"each round: {', '.join(f'{r:.2f}' for r in ratios)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
