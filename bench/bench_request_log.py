"""The request log middleware's own cost, in process (no server, no database).

    .venv/bin/python bench/bench_request_log.py [--requests 2000] [--rounds 30]

Each round times, interleaved: a bare ASGI app (the baseline), the same app inside
``RequestLog`` (JSON lines to /dev/null), and the two parts the middleware repeats on
every request, each next to what it replaced: the request line through a ``get_logger``
proxy (bound afresh on each call) against ``SteadyLogger`` (bound once), and
``REQUEST_SECONDS.labels(...).observe`` against ``Latencies.observe`` (the series
looked up once). Prints the best round of each in microseconds a request (rounds are short and
interleaved, so the minimum is the least disturbed by a busy machine).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from typing import Any

from warrantor.http.request_log import Latencies, RequestLog
from warrantor.telemetry.logs import SteadyLogger, configure_logging, get_logger
from warrantor.telemetry.metrics import REQUEST_SECONDS

FIELDS: dict[str, Any] = {
    "method": "GET",
    "route": "/api/v1/coverage/{brand}/{serial}",
    "path": "/api/v1/coverage/QNAP/Q123",
    "status": 200,
    "duration_ms": 1.234,
    "actor": "anonymous",
}


async def app(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


async def _send(message: Any) -> None:
    return None


async def _receive() -> Any:
    return {"type": "http.request"}


def _asgi(target: Any, n: int) -> Callable[[], None]:
    async def run() -> None:
        for _ in range(n):
            scope = {"type": "http", "method": "GET", "path": FIELDS["path"], "headers": []}
            await target(scope, _receive, _send)

    return lambda: asyncio.run(run())


def _loop(call: Callable[[], None], n: int) -> Callable[[], None]:
    def run() -> None:
        for _ in range(n):
            call()

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    n = args.requests
    configure_logging("json")
    sys.stderr = open("/dev/null", "w")  # noqa: SIM115 - the log lines' sink for the run
    proxy, steady, latencies = get_logger("warrantor.requests"), SteadyLogger("x"), Latencies()
    cases = {
        "bare app (baseline)": _asgi(app, n),
        "app in RequestLog": _asgi(RequestLog(app), n),
        "line: get_logger proxy": _loop(lambda: proxy.info("request", **FIELDS), n),
        "line: SteadyLogger": _loop(lambda: steady.bound().info("request", **FIELDS), n),
        "latency: labels().observe": _loop(
            lambda: REQUEST_SECONDS.labels("GET", FIELDS["route"], "200").observe(0.001), n
        ),
        "latency: Latencies.observe": _loop(
            lambda: latencies.observe("GET", FIELDS["route"], 200, 0.001), n
        ),
    }
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(args.rounds):
        for name, run in cases.items():
            started = time.perf_counter()
            run()
            best[name] = min(best[name], (time.perf_counter() - started) / n * 1e6)
    for name, micros in best.items():
        print(f"{name:28} {micros:8.2f} us", file=sys.__stdout__)


if __name__ == "__main__":
    main()
