"""/health/live, /health/ready and /metrics: what a load balancer and a scraper see.

The replica here is a stand-in whose lag the test sets (``conftest.py``); the
real one, stopped and paused, is in tests/integration/topology/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.certificates.keys import KeyRing
from warrantor.policy.book import PolicyBook
from warrantor.services.access.rate_limit import MovingWindowLimiter
from warrantor.services.replica_reads import ReplicaReads
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.settings import Settings


@pytest.fixture
def serve(uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, tmp_path: Path) -> Any:
    def make(**parts: Any) -> TestClient:
        runtime = Runtime(
            settings=Settings(data_dir=tmp_path),
            uow_factory=uow_factory,
            book=policy_book,
            keyring=KeyRing(tmp_path / "keys"),
            **parts,
        )
        return TestClient(create_app(runtime))

    return make


def replica(
    primary: UnitOfWorkFactory, stale: UnitOfWorkFactory, probe: Callable[[], float]
) -> ReplicaReads:
    return ReplicaReads(primary, stale, probe, max_lag_s=5)


def test_live_and_ready_with_the_primary_alone(serve: Any) -> None:
    client = serve()
    assert client.get("/health/live").json() == {"status": "live"}
    answer = client.get("/health/ready")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ready",
        "failed": [],
        "checks": {"primary": {"ok": True, "problem": None}},
    }


def test_a_lagging_replica_is_reported_degraded_with_reads_on_the_primary(
    serve: Any, uow_factory: UnitOfWorkFactory, stale_replica: UnitOfWorkFactory
) -> None:
    answer = serve(replica=replica(uow_factory, stale_replica, lambda: 42.0)).get("/health/ready")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "degraded"
    assert body["checks"]["replica"] == {
        "ok": False,
        "lag_s": 42.0,
        "max_lag_s": 5,
        "problem": "lagging: 42.0 s behind (at most 5 s)",
        "reads_from": "primary",
    }


def test_a_replica_down_is_named_and_a_close_one_is_ready(
    serve: Any, uow_factory: UnitOfWorkFactory, stale_replica: UnitOfWorkFactory
) -> None:
    def refused() -> float:
        raise OperationalError("SELECT", {}, Exception("connection refused"))

    down = serve(replica=replica(uow_factory, stale_replica, refused)).get("/health/ready")
    assert down.json()["checks"]["replica"]["problem"] == "down: connection refused"
    close = serve(replica=replica(uow_factory, stale_replica, lambda: 0.2)).get("/health/ready")
    assert close.json()["status"] == "ready"
    assert close.json()["checks"]["replica"]["reads_from"] == "replica"


def test_an_unreachable_redis_makes_the_process_not_ready(serve: Any) -> None:
    limiter = MovingWindowLimiter("redis://127.0.0.1:9/0?socket_connect_timeout=1")
    answer = serve(limiter=limiter).get("/health/ready")
    assert answer.status_code == 503
    assert answer.json()["failed"] == ["redis"]


def test_metrics_count_the_reads_that_fell_back(
    serve: Any, uow_factory: UnitOfWorkFactory, stale_replica: UnitOfWorkFactory
) -> None:
    client = serve(replica=replica(uow_factory, stale_replica, lambda: 42.0))
    client.get("/api/v1/coverage", params={"serial": "QNOSUCH1"})
    text = client.get("/metrics").text
    assert 'warrantor_replica_fallback_reads_total{reason="lagging"}' in text
