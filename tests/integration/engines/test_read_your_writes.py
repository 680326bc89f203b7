"""With a replica: the public check reads the replica and counts on the primary, and a
client's own write sends its reads to the primary for a while (read-your-writes).

The stand-in replica is an empty database (``conftest.py``): a unit the primary
holds and the replica doesn't shows which side answered.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.certificates.keys import KeyRing
from warrantor.domain.actors import Actor, Role
from warrantor.http.actor import get_actor
from warrantor.http.read_your_writes import WROTE_COOKIE
from warrantor.policy.book import PolicyBook
from warrantor.services.access.settings import AuthSettings
from warrantor.services.clock import FixedClock
from warrantor.services.paging import encode_cursor
from warrantor.services.replica_reads import ReplicaReads
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.settings import Settings
from warrantor.store.tables_auth import rate_limit_buckets

UNIT = {"brand": "QNAP", "serial": "QRYW0001", "model": "TS-453 Pro",
        "country_of_purchase": "US", "purchased_on": "2025-01-15",
        "proof_of_purchase": "INV-1", "manufactured_on": "2024-12-01"}  # fmt: skip
TODAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ADMIN = Actor(Role.ADMIN, "MAKER", user_id=1, name="admin")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


@pytest.fixture
def apps(
    uow_factory: UnitOfWorkFactory,
    stale_replica: UnitOfWorkFactory,
    policy_book: PolicyBook,
    tmp_path: Path,
    clock: FixedClock,
) -> Iterator[Any]:
    """``apps(actor=None)``: a client of an app whose reads go to the stand-in replica."""
    runtime = Runtime(
        settings=Settings(data_dir=tmp_path),
        uow_factory=uow_factory,
        book=policy_book,
        clock=clock,
        keyring=KeyRing(tmp_path / "keys"),
        replica=ReplicaReads(uow_factory, stale_replica, lambda: 0.0, max_lag_s=5),
    )
    clients: list[TestClient] = []

    def make(actor: Actor | None = None) -> TestClient:
        app = create_app(runtime)
        app.state.auth_settings = AuthSettings(check_rate_limit=2)
        if actor is not None:
            app.dependency_overrides[get_actor] = lambda: actor
        client = TestClient(app)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def counted(factory: UnitOfWorkFactory) -> int:
    with factory(read_only=True) as uow:
        total = uow.connection.execute(select(func.sum(rate_limit_buckets.c.count))).scalar()
    return int(total or 0)


def import_unit(client: TestClient, units_csv: Any) -> None:
    answer = client.post("/api/v1/units/import", files={"file": ("u.csv", units_csv([UNIT]))})
    assert answer.status_code == 200, answer.text


def test_after_their_own_import_an_admin_lists_the_new_unit_from_the_primary(
    apps: Any, units_csv: Any
) -> None:
    admin, other = apps(ADMIN), apps(ADMIN)
    import_unit(admin, units_csv)
    assert WROTE_COOKIE in admin.cookies
    assert [u["serial"] for u in admin.get("/api/v1/units").json()] == ["QRYW0001"]
    assert other.get("/api/v1/units").json() == []  # no write of its own: the replica


def test_the_marker_lasts_the_replicas_allowed_lag_and_one_check(
    apps: Any, clock: FixedClock, units_csv: Any
) -> None:
    admin = apps(ADMIN)
    import_unit(admin, units_csv)
    clock.instant = TODAY + timedelta(seconds=5.9)
    assert len(admin.get("/api/v1/units").json()) == 1
    clock.instant = TODAY + timedelta(seconds=6.1)
    assert admin.get("/api/v1/units").json() == []


def test_a_batch_check_writes_nothing_so_it_leaves_no_marker(apps: Any) -> None:
    client = apps(ADMIN)
    answer = client.post("/api/v1/coverage/batch", json={"items": [{"serial": "QRYW0001"}]})
    assert answer.status_code == 200
    assert WROTE_COOKIE not in client.cookies


def test_the_public_check_reads_the_replica_and_counts_on_the_primary(
    apps: Any, add_units: Any, uow_factory: UnitOfWorkFactory, stale_replica: UnitOfWorkFactory
) -> None:
    add_units([UNIT])
    anyone = apps()
    first = anyone.get("/api/v1/units/QNAP/QRYW0001/coverage")
    assert first.status_code == 404  # the replica hasn't got it
    assert anyone.get("/check", params={"serial": "QRYW0001", "brand": "QNAP"}).status_code == 404
    assert counted(uow_factory) == 2
    assert counted(stale_replica) == 0
    assert anyone.get("/api/v1/coverage", params={"serial": "QRYW0001"}).status_code == 429


LISTS = [
    "/api/v1/rmas",
    "/api/v1/rmas/late",
    "/api/v1/rmas?limit=5&cursor=" + encode_cursor("rmas", [None, TODAY, 7]),
    "/api/v1/units",
    "/api/v1/units?cursor=" + encode_cursor("units", ["QNAP", "Q0001"]),
    "/api/v1/unauthorized-returns",
    "/api/v1/quotes",
    "/api/v1/orders",
    "/api/v1/prices",
    "/api/v1/users",
    "/api/v1/tokens",
    "/desk",
    "/admin/prices",
    "/admin/users",
    "/reports/expiring",
]


@pytest.mark.parametrize("path", LISTS)
def test_lists_read_from_the_replica_unless_the_client_just_wrote(
    uow_factory: UnitOfWorkFactory,
    stale_replica: UnitOfWorkFactory,
    policy_book: PolicyBook,
    tmp_path: Path,
    clock: FixedClock,
    path: str,
) -> None:
    opened: list[bool] = []

    def replica(*, read_only: bool = False, single_statement: bool = False) -> Any:
        opened.append(read_only)
        return stale_replica(read_only=read_only, single_statement=single_statement)

    runtime = Runtime(
        settings=Settings(data_dir=tmp_path),
        uow_factory=uow_factory,
        book=policy_book,
        clock=clock,
        keyring=KeyRing(tmp_path / "keys"),
        replica=ReplicaReads(uow_factory, replica, lambda: 0.0, max_lag_s=5),
    )
    app = create_app(runtime)
    app.dependency_overrides[get_actor] = lambda: ADMIN
    with TestClient(app) as client:
        answer = client.get(path)
        assert answer.status_code == 200, answer.text
        assert opened, f"{path} did not read from the replica"
        opened.clear()
        client.cookies.set(WROTE_COOKIE, str(TODAY.timestamp() + 60))
        assert client.get(path).status_code == 200
        assert not opened, f"{path} read the replica right after the client's own write"
