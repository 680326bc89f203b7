"""The public check's rate limit: per client, in the database, shared by every process.

Two apps with their own engines on one database stand for two server
processes; building a new app stands for a restart.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.http.actor import get_optional_actor
from warrantor.policy.book import PolicyBook
from warrantor.services.access.rate_limit import window_start
from warrantor.services.access.settings import AuthSettings
from warrantor.services.clock import FixedClock, SystemClock
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.uow import uow_factory_for
from warrantor.settings import Settings
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade

LIMIT = AuthSettings(check_rate_limit=3, check_rate_window_seconds=60)
NOW = datetime(2026, 11, 23, 12, 0, 15, tzinfo=UTC)


@pytest.fixture
def server(
    empty_database_url: str, policy_book: PolicyBook, tmp_path: Path, units_csv: Any
) -> Iterator[Any]:
    """``server()``: a new app process on one shared, migrated database (own engine each)."""
    upgrade(empty_database_url)
    clock = FixedClock(NOW)
    engines = []
    clients: list[TestClient] = []

    def start() -> TestClient:
        engine = create_db_engine(empty_database_url)
        engines.append(engine)
        runtime = Runtime(
            settings=Settings(data_dir=tmp_path, database_url=empty_database_url),
            uow_factory=uow_factory_for(engine),
            book=policy_book,
            clock=clock,
        )
        app = create_app(runtime)
        app.state.auth_settings = LIMIT
        client = TestClient(app)
        clients.append(client)
        return client

    def add_units(rows: list[dict[str, str]]) -> None:
        engine = create_db_engine(empty_database_url)
        engines.append(engine)
        import_units(
            uow_factory_for(engine),
            io.BytesIO(units_csv(rows)),
            policy_book,
            now=SystemClock().now(),
        )

    start.clock = clock  # type: ignore[attr-defined]
    start.add_units = add_units  # type: ignore[attr-defined]
    yield start
    for client in clients:
        client.close()
    for engine in engines:
        engine.dispose()


def check(client: TestClient, serial: str = "NOSUCH1") -> Any:
    return client.get(f"/api/v1/units/QNAP/{serial}/coverage")


def test_two_processes_share_one_count(server: Any) -> None:
    first, second = server(), server()
    answers = [check(first), check(second), check(first)]
    assert [a.status_code for a in answers] == [404, 404, 404]  # counted, even when unknown
    refused = check(second)
    assert refused.status_code == 429
    elapsed = (NOW - window_start(NOW, 60)).total_seconds()
    assert refused.headers["Retry-After"] == str(int(60 - elapsed))
    assert "too many warranty checks" in refused.json()["error"]["message"]


def test_the_count_survives_a_restart(server: Any) -> None:
    before = server()
    for _ in range(LIMIT.check_rate_limit):
        assert check(before).status_code == 404
    before.close()
    after = server()
    assert check(after).status_code == 429


def test_the_next_window_starts_afresh(server: Any) -> None:
    client = server()
    for _ in range(LIMIT.check_rate_limit):
        check(client)
    assert check(client).status_code == 429
    server.clock.instant += timedelta(seconds=LIMIT.check_rate_window_seconds)
    assert check(client).status_code == 404


def test_the_page_and_the_api_draw_on_one_count(server: Any) -> None:
    client = server()
    for _ in range(LIMIT.check_rate_limit):
        assert client.get("/check", params={"serial": "NOSUCH1"}).status_code == 404
    page = client.get("/check", params={"serial": "NOSUCH1"})
    assert page.status_code == 429
    assert "Retry-After" in page.headers
    assert "too many warranty checks" in page.text
    assert check(client).status_code == 429


def test_a_batch_counts_each_line(server: Any) -> None:
    client = server()
    items = [{"serial": f"NOSUCH{i}"} for i in range(LIMIT.check_rate_limit + 1)]
    response = client.post("/api/v1/coverage/batch", json={"items": items})
    assert response.status_code == 429


def test_staff_are_not_counted(server: Any) -> None:
    client = server()
    staff = Actor(Role.AGENT, "MAKER", user_id=1, name="agent")
    client.app.dependency_overrides[get_optional_actor] = lambda: staff  # type: ignore[attr-defined]
    for _ in range(LIMIT.check_rate_limit + 2):
        assert check(client).status_code == 404


def test_a_known_unit_and_a_malformed_serial_count_too(server: Any) -> None:
    client = server()
    server.add_units([{"brand": "QNAP", "serial": "Q1", "model": "TS-453 Pro"}])
    assert check(client, "Q1").status_code == 200
    assert check(client, "bad serial!").status_code == 422
    assert client.get("/api/v1/coverage", params={"serial": "Q1"}).status_code == 200
    refused = check(client, "Q1")
    assert refused.status_code == 429
    assert "too many warranty checks" in refused.json()["error"]["message"]
