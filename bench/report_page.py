"""The expiring report's page as signed-in staff see it, for ``bench_projection.py``.

A real sign-in, not a replaced dependency: ``signed_in_staff`` stores a warranty admin
(on a staff account made for the benchmark) and a web session for them in the benchmark's
database, and every page request carries that session's cookie, so each one pays what a
browser's does: the middlewares, the session's lookup (``http.actor``), the route, the
report's two statements and the template.

Two ways of asking, each measured:

- ``in_process``: Starlette's ``TestClient`` around the app in this process (as the
  earlier sessions measured it; the client's own request building and its thread hop
  into the app's event loop are in the figure);
- ``over_http``: ``report_app`` served by uvicorn (one worker, as ``warrantor serve``
  runs it, its log lines written) in a process of its own, asked over one keep-alive
  connection (``http.client``), the whole body read.

Both apps run on a fixed clock (``--on``): the data's dates are drawn around that day.
"""

from __future__ import annotations

import http.client
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from bench_check import libpq_url
from warrantor.http.actor import SESSION_COOKIE
from warrantor.services.access.secrets import digest

ROOT = Path(__file__).resolve().parent.parent
ON_ENV = "WARRANTOR_BENCH_ON"
"""The fixed day ``report_app`` runs on (ISO date)."""
SESSION_TOKEN = "bench-report-page-session-9f1c2e7a4b6d8e0f"
"""The benchmark's session cookie (its digest is stored, as a sign-in stores it)."""
STAFF_ACCOUNT = "BENCH-STAFF"
STAFF_EMAIL = "bench-admin@example.com"


def midnight(on: date) -> datetime:
    return datetime.combine(on, datetime.min.time(), tzinfo=UTC)


def signed_in_staff(url: str, on: date) -> str:
    """A warranty admin and a live web session of theirs in ``url``'s database (made again
    on each call, so a kept database can be reused); returns the session cookie's value.
    The session is as a sign-in at ``on`` leaves it (seen at ``on``, 12 hours to run)."""
    now = midnight(on)
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO accounts (code, name, kind, is_direct_customer, created_at)"
            " VALUES (%s, 'Benchmark staff', 'admin', false, %s) ON CONFLICT (code) DO NOTHING",
            (STAFF_ACCOUNT, now),
        )
        conn.execute(
            "INSERT INTO users (email, name, role, account_id, password_hash, active, created_at)"
            " SELECT %s, 'Benchmark admin', 'admin', id, 'not-a-password-hash', true, %s"
            " FROM accounts WHERE code = %s ON CONFLICT (email) DO NOTHING",
            (STAFF_EMAIL, now, STAFF_ACCOUNT),
        )
        conn.execute("DELETE FROM web_sessions WHERE token_hash = %s", (digest(SESSION_TOKEN),))
        conn.execute(
            "INSERT INTO web_sessions"
            " (token_hash, user_id, csrf_secret, created_at, expires_at, last_seen_at)"
            " SELECT %s, id, 'bench-csrf-secret', %s, %s, %s FROM users WHERE email = %s",
            (digest(SESSION_TOKEN), now, now + timedelta(hours=12), now, STAFF_EMAIL),
        )
    return SESSION_TOKEN


def _runtime(url: str, on: date) -> Any:
    from warrantor.bootstrap import Runtime
    from warrantor.policy.book import PolicyBook
    from warrantor.services.clock import FixedClock
    from warrantor.services.uow import uow_factory_for
    from warrantor.settings import Settings
    from warrantor.store.engine import create_db_engine

    return Runtime(
        settings=Settings(database_url=url),
        uow_factory=uow_factory_for(create_db_engine(url)),
        book=PolicyBook.from_dir(ROOT / "policies"),
        clock=FixedClock(midnight(on)),
    )


def in_process(url: str, on: date) -> Any:
    """A ``TestClient`` of the real app, the benchmark's admin signed in by cookie."""
    from fastapi.testclient import TestClient

    from warrantor.app import create_app

    token = signed_in_staff(url, on)
    client = TestClient(create_app(_runtime(url, on)))
    client.cookies.set(SESSION_COOKIE, token)
    return client


def report_app() -> Any:
    """The app ``over_http`` serves (``uvicorn --factory report_page:report_app``): the
    database of ``WARRANTOR_DATABASE_URL``, the day of ``WARRANTOR_BENCH_ON``, logging set
    up and the heap settled as ``warrantor serve`` does (``app.settle_heap``)."""
    from warrantor.app import create_app, settle_heap
    from warrantor.settings import Settings
    from warrantor.telemetry.logs import configure_logging

    settings = Settings()
    configure_logging(settings.log_format, settings.log_level)
    app = create_app(
        _runtime(settings.effective_database_url, date.fromisoformat(os.environ[ON_ENV]))
    )
    settle_heap()
    return app


class PageOverHttp:
    """GETs over one keep-alive connection with the session cookie; the body read whole."""

    def __init__(self, port: int, token: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Cookie": f"{SESSION_COOKIE}={token}", "Accept": "text/html"}

    def get(self, path: str) -> bytes:
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {body[:300]!r}")
        return body

    def close(self) -> None:
        self.connection.close()


PARTS = (
    ("sign-in (the session's lookup)", "warrantor.http.actor", "session_for"),
    ("the report's statements (service)", "warrantor.services.reports", "expiring_coverage"),
    ("the report built (with its statements)", "warrantor.web.reports", "_view"),
    ("the template rendered", "warrantor.web.reports", "render"),
)
"""What ``time_split`` times inside a page request: (label, module, function)."""


def time_split(url: str, on: date, days: int, runs: int = 40, warm: int = 12) -> list[str]:
    """Where the signed-in page's time goes, in-process: each part's median wall and CPU
    (its thread's) milliseconds a request, timed by wrapping the function that does it, and
    the request's whole wall and CPU time (every thread of this process: the client, the
    event loop, the thread pool); what is not in a part is the middlewares, the routing,
    the dependencies, the two hops to the thread pool and the client."""
    import importlib
    import statistics
    import time

    found: dict[str, list[tuple[float, float]]] = {label: [] for label, _, _ in PARTS}
    current: dict[str, tuple[float, float]] = {}
    originals = []

    def timed(label: str, function: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                current[label] = (time.perf_counter() - wall, time.thread_time() - cpu)

        return run

    for label, module_name, name in PARTS:
        module = importlib.import_module(module_name)
        originals.append((module, name, getattr(module, name)))
        setattr(module, name, timed(label, getattr(module, name)))
    whole: list[tuple[float, float]] = []
    client = in_process(url, on)
    path = f"/reports/expiring?days={days}"
    try:
        for n in range(warm + runs):
            current.clear()
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            spent = (time.perf_counter() - wall, time.process_time() - cpu)
            assert response.status_code == 200, response.text[:300]
            if n >= warm:
                whole.append(spent)
                for label in found:
                    found[label].append(current[label])
    finally:
        client.close()
        for module, name, function in originals:
            setattr(module, name, function)

    def ms(values: list[tuple[float, float]], index: int) -> float:
        return statistics.median(v[index] for v in values) * 1000

    lines = [
        f"| the page, {days} days, in-process (whole request; CPU of every thread) "
        f"| {ms(whole, 0):.2f} | {ms(whole, 1):.2f} |"
    ]
    lines += [f"| {label} | {ms(v, 0):.2f} | {ms(v, 1):.2f} |" for label, v in found.items()]
    return lines
