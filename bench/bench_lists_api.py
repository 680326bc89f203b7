"""The API half of ``bench_lists.py`` (issue #23, item 8): each API list page of the real
app against a bare FastAPI endpoint running the bare keyset query
(``lists_baseline_app``), both served the same way (``bench_check.serve``: uvicorn,
one worker, the TCP_NODELAY launcher), one keep-alive client for each, requests
interleaved (the real page, then the bare one at the same place in the list), the
time from sending a request to having read its whole answer.

The real app's page does what a client's page costs: the API token checked, the
read-only unit of work, the page (``limit`` + 1 rows, for the next link), the cursor
and ``Link`` headers, each row as JSON. The RMA queues are measured twice: as a client
pages them (no count asked: one statement in a read-only unit of work) and with
``count=exact`` (the page and the tab's exact count, ``X-Total-Count``, in one
transaction). The bare endpoint runs the bare query alone, and for the counted pages
the bare count as well (``lists_baseline_app.BARE_COUNT``: the same tab counted, the
same work the real page adds; until the sixth session it did not count, so the counted
rows' earlier ratios compared a count with none).
"""

from __future__ import annotations

import argparse
import http.client
import random
import tempfile
import time
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import create_engine, text

from bench_check import BENCH_DIR, HOST, serve, wait_until_answering
from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import REPAIR_CLOCK_STATES
from warrantor.errors import Conflict
from warrantor.services.access.tokens import create_token
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.paging import encode_cursor
from warrantor.services.uow import uow_factory_for
from warrantor.store.accounts import Account
from warrantor.store.engine import create_db_engine

OPERATOR = Actor(Role.ADMIN, None, None, "bench")
WORKSHOP = REPAIR_CLOCK_STATES
"""The workshop queue's states (the repair clock's), as the desk asks for them."""


def api_token(url: str) -> str:
    """A warranty admin's API token in the benchmark's database."""
    engine = create_db_engine(url)
    factory = uow_factory_for(engine)
    now = datetime.now(UTC)
    with factory() as uow:
        uow.accounts.upsert(Account("BENCH-MAKER", "Bench maker", "admin"), now)
    new = NewUser("bench@example.com", "Bench", "admin", "BENCH-MAKER", "bench-password-1234")
    with suppress(Conflict):  # a database kept from an earlier run (--database)
        create_user(factory, OPERATOR, new, now)
    secret = create_token(factory, OPERATOR, "bench", now, email="bench@example.com").secret
    engine.dispose()
    return secret


def timed_get(client: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> float:
    """Milliseconds from sending ``GET path`` to its whole answer read (it must be 200)."""
    started = time.perf_counter()
    client.request("GET", path, headers=headers)
    answer = client.getresponse()
    body = answer.read()
    elapsed = (time.perf_counter() - started) * 1000
    assert answer.status == 200, (path, answer.status, body[:300])
    return elapsed


def exact(counted: bool) -> dict[str, str]:
    """The query's ``count=exact`` when the page is to be counted, else nothing."""
    return {"count": "exact"} if counted else {}


def api_rounds(url: str, args: argparse.Namespace) -> list[tuple[str, list[float], list[float]]]:
    """(list, the real page's milliseconds, the bare endpoint's) per API list page."""
    token = api_token(url)
    rng = random.Random(8)
    n = args.page
    engine = create_engine(url)
    with engine.connect() as conn:

        def places(sql: str) -> list[Any]:
            return [tuple(row) for row in conn.execute(text(sql), {"n": args.repeat})]

        requested = places(
            "SELECT opened_at, id FROM rmas WHERE state = 'requested' ORDER BY random() LIMIT :n"
        )
        waiting = places(
            "SELECT number_due_at, opened_at, id FROM rmas WHERE state = 'documents_validated'"
            " ORDER BY random() LIMIT :n"
        )
        in_workshop = places(
            "SELECT repair_due_at, opened_at, id FROM rmas WHERE state = 'received'"
            " ORDER BY random() LIMIT :n"
        )
    engine.dispose()
    serials = [rng.randrange(1, args.units) for _ in range(args.repeat)]
    brands = {1: "QNAP", 2: "Netac"}

    def unit_paths(i: int) -> tuple[str, str]:
        cursor = encode_cursor("units", [brands[1 + i % 2], f"BL{i:09d}"])
        bare = urlencode({"b": 1 + i % 2, "s": f"BL{i:09d}", "n": n + 1})
        return f"/api/v1/units?{urlencode({'limit': n, 'cursor': cursor})}", f"/units?{bare}"

    def queue_paths(p: Any, counted: bool = False) -> tuple[str, str]:
        cursor = encode_cursor("rmas", [None, p[0], p[1]])
        real = urlencode({"state": "requested", "limit": n, "cursor": cursor} | exact(counted))
        at = {"state": "requested", "a": p[0].isoformat(), "i": p[1], "n": n + 1}
        bare = urlencode(at | exact(counted))  # counted: the bare count too
        return f"/api/v1/rmas?{real}", f"/rmas?{bare}"

    def number_paths(p: Any, counted: bool = False) -> tuple[str, str]:
        cursor = encode_cursor("rmas", [p[0], p[1], p[2]])
        asked = {"state": "documents_validated", "limit": n, "cursor": cursor} | exact(counted)
        real = urlencode(asked)
        at = {"d": p[0].isoformat(), "a": p[1].isoformat(), "i": p[2], "n": n + 1}
        bare = urlencode(at | exact(counted))  # counted: the bare count too
        return f"/api/v1/rmas?{real}", f"/rmas/number?{bare}"

    def workshop_paths(p: Any) -> tuple[str, str]:
        cursor = encode_cursor("rmas", [p[0], p[1], p[2]])
        real = urlencode([*(("state", s) for s in WORKSHOP), ("limit", n), ("cursor", cursor)])
        at = {"d": p[0].isoformat(), "a": p[1].isoformat(), "i": p[2], "n": n + 1}
        bare = urlencode([*(("state", s) for s in WORKSHOP), *at.items()])
        return f"/api/v1/rmas?{real}", f"/rmas/workshop?{bare}"

    lists = [
        ("units page (`uq_units_brand_id_serial`)", serials, unit_paths),
        ("RMA queue page, new requests (`ix_rmas_state_opened`)", requested, queue_paths),
        ("RMA queue page, to issue a number (`ix_rmas_number_due`)", waiting, number_paths),
        ("RMA queue page, the workshop (`ix_rmas_repair_due`)", in_workshop, workshop_paths),
        ("RMA queue page, new requests, `count=exact` (`ix_rmas_state_opened`)",
         requested, lambda p: queue_paths(p, True)),
        ("RMA queue page, to issue a number, `count=exact` (`ix_rmas_number_due`)",
         waiting, lambda p: number_paths(p, True)),
    ]  # fmt: skip
    env = {"WARRANTOR_DATABASE_URL": url}
    found = []
    with tempfile.TemporaryDirectory(prefix="bench-lists-") as workdir:
        logs = Path(workdir)
        with (
            serve("app", "warrantor.app:create_app", None, env, 1, logs, True) as app,
            serve("bare", "lists_baseline_app:create_app", BENCH_DIR, env, 1, logs, True) as bare,
        ):
            wait_until_answering(app, "/health/live")
            wait_until_answering(bare, unit_paths(1)[1])
            real_client = http.client.HTTPConnection(HOST, app.port)
            bare_client = http.client.HTTPConnection(HOST, bare.port)
            signed_in = {"Authorization": f"Bearer {token}"}
            for label, where, paths in lists:
                ours: list[float] = []
                theirs: list[float] = []
                for number in range(args.repeat + 10):  # the first ten unmeasured
                    real_path, bare_path = paths(rng.choice(where))
                    real_ms = timed_get(real_client, real_path, signed_in)
                    bare_ms = timed_get(bare_client, bare_path, {})
                    if number >= 10:
                        ours.append(real_ms)
                        theirs.append(bare_ms)
                found.append((label, ours, theirs))
            real_client.close()
            bare_client.close()
    return found
