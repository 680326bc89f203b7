"""Behind PgBouncer 1.18 in transaction mode, with psycopg's prepared statements off
(``WARRANTOR_PREPARE_THRESHOLD=off``): many checks (well past psycopg's 5 runs that
would prepare a statement), a real sign-in with its session, and the CSV import's
COPY path all work; a session stays on UTC whichever server connection it is lent."""

from __future__ import annotations

import io
from datetime import UTC
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import make_url, text
from topology_support import Serial, Topology

from warrantor.app import create_app
from warrantor.domain.actors import Actor
from warrantor.services.access.settings import AuthSettings
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.installed_base.unit_import import COLUMNS, import_units
from warrantor.store.accounts import Account
from warrantor.store.engine import create_db_engine

pytestmark = pytest.mark.topology

CHECKS = 60


def units_csv(serials: list[str]) -> bytes:
    lines = [",".join(COLUMNS)]
    for serial in serials:
        row = {"brand": "QNAP", "serial": serial, "model": "TS-453 Pro",
               "country_of_purchase": "US", "purchased_on": "2025-01-15",
               "proof_of_purchase": "INV-1", "manufactured_on": "2024-12-01"}  # fmt: skip
        lines.append(",".join(row.get(column, "") for column in COLUMNS))
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def pooled(topology: Topology, tmp_path: Path) -> TestClient:
    """The app on PgBouncer only (no replica), prepared statements off."""
    runtime = topology.runtime(
        tmp_path, database_url=topology.on("pgbouncer"), replica_url="", prepare_threshold="off"
    )
    assert runtime.settings.prepare_threshold is None
    app = create_app(runtime)
    app.state.auth_settings = AuthSettings(check_rate_limit=10 * CHECKS)
    return TestClient(app)


def test_the_import_and_many_checks_go_through_pgbouncer(
    pooled: TestClient, serial: Serial
) -> None:
    runtime = pooled.app.state.runtime  # type: ignore[attr-defined]
    serials = [serial("QPB") for _ in range(40)]
    summary = import_units(
        runtime.uow_factory, io.BytesIO(units_csv(serials)), runtime.book, now=runtime.clock.now()
    )
    assert summary.inserted == 40
    again = import_units(
        runtime.uow_factory, io.BytesIO(units_csv(serials)), runtime.book, now=runtime.clock.now()
    )
    assert again.unchanged == 40
    statuses = [
        pooled.get(f"/api/v1/units/QNAP/{serials[i % 40]}/coverage").status_code
        for i in range(CHECKS)
    ]
    assert statuses == [200] * CHECKS
    batch = pooled.post("/api/v1/coverage/batch", json={"items": [{"serial": s} for s in serials]})
    assert [line["answer"] is not None for line in batch.json()] == [True] * 40


def test_a_sign_in_and_its_session_go_through_pgbouncer(pooled: TestClient, serial: Serial) -> None:
    runtime = pooled.app.state.runtime  # type: ignore[attr-defined]
    code = serial("ACC")
    with runtime.uow_factory() as uow:
        uow.accounts.upsert(Account(code, "Pooled Co", "customer", True, "US"), runtime.clock.now())
    email = f"{code.lower()}@example.com"
    new = NewUser(email, "Pat", "customer", code, "a-long-password-1")
    create_user(runtime.uow_factory, Actor.operator(), new, runtime.clock.now())
    for _ in range(3):  # three browsers: the same statements run again on pooled connections
        browser = TestClient(pooled.app)
        form = browser.get("/login")
        token = form.text.split('name="login_token" value="', 1)[1].split('"', 1)[0]
        answer = browser.post(
            "/login",
            data={"email": email, "password": "a-long-password-1", "login_token": token},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        assert browser.get("/my").status_code == 200


def test_a_session_stays_on_utc_while_pgbouncer_lends_its_server_connections_around(
    topology: Topology,
) -> None:
    """The engine's sessions are set to UTC as they open (``store.engine``), and instants are
    then read as they come: PgBouncer must keep that setting for this client whichever server
    connection it lends, though another client sets another zone on them in between."""
    url = topology.on("pgbouncer")
    engine = create_db_engine(url, prepare_threshold=None, pool_size=1, max_overflow=0)
    libpq_url = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq_url, autocommit=True, prepare_threshold=None) as other:
        other.execute("SET TIME ZONE 'Asia/Shanghai'")
        try:
            for _ in range(10):
                shown = other.execute("SHOW TIME ZONE").fetchone()
                with engine.connect() as connection:
                    zone = connection.execute(text("SHOW TIME ZONE")).scalar_one()
                    at = connection.execute(
                        text("SELECT timestamptz '2026-12-07 16:30+01'")
                    ).scalar_one()
                    connection.rollback()
                assert shown is not None and shown[0] == "Asia/Shanghai"
                assert zone == "UTC"
                assert at.tzinfo is UTC and at.hour == 15
        finally:
            engine.dispose()
