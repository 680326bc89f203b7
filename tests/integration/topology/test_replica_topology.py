"""Reads from a real streaming replica, writes on the primary, and the fall back to the
primary when the replica is paused beyond its allowed lag or stopped mid-run.

A paused replica (``replica pause``: WAL received, not replayed) is how a test
sees which side answered: a unit written on the primary after the pause is
there on the primary only.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from sqlalchemy import select
from topology_support import ReplicaControl, Serial, Topology

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.http.actor import get_actor
from warrantor.services.access.settings import AuthSettings
from warrantor.services.installed_base.unit_import import COLUMNS, import_units
from warrantor.store.tables_auth import rate_limit_buckets

pytestmark = pytest.mark.topology

ADMIN = Actor(Role.ADMIN, "MAKER", user_id=1, name="admin")


def unit_row(serial: str) -> dict[str, str]:
    return {"brand": "QNAP", "serial": serial, "model": "TS-453 Pro",
            "country_of_purchase": "US", "purchased_on": "2025-01-15",
            "proof_of_purchase": "INV-1", "manufactured_on": "2024-12-01"}  # fmt: skip


def csv_of(*serials: str) -> bytes:
    lines = [",".join(COLUMNS)]
    for serial in serials:
        row = unit_row(serial)
        lines.append(",".join(row.get(column, "") for column in COLUMNS))
    return ("\n".join(lines) + "\n").encode()


def add_on_primary(runtime: Runtime, *serials: str) -> None:
    import_units(
        runtime.uow_factory, io.BytesIO(csv_of(*serials)), runtime.book, now=runtime.clock.now()
    )


def client_of(runtime: Runtime, actor: Actor | None = None, limit: int = 1000) -> TestClient:
    app = create_app(runtime)
    app.state.auth_settings = AuthSettings(check_rate_limit=limit)
    if actor is not None:
        app.dependency_overrides[get_actor] = lambda: actor
    return TestClient(app)


def check(client: TestClient, serial: str) -> int:
    return client.get(f"/api/v1/units/QNAP/{serial}/coverage").status_code


def fallbacks(reason: str) -> float:
    sample = "warrantor_replica_fallback_reads_total"
    return REGISTRY.get_sample_value(sample, {"reason": reason}) or 0.0


def counted_on_primary(runtime: Runtime, key_part: str) -> int:
    with runtime.uow_factory(read_only=True) as uow:
        rows = uow.connection.execute(
            select(rate_limit_buckets.c.count).where(rate_limit_buckets.c.key.contains(key_part))
        ).all()
    return sum(row.count for row in rows)


def test_checks_are_served_by_the_replica_and_counted_on_the_primary(
    topology: Topology,
    replica_control: ReplicaControl,
    tmp_path: Path,
    serial: Serial,
) -> None:
    runtime = topology.runtime(tmp_path, replica_max_lag_s=3600)
    anyone = client_of(runtime)
    replicated, fresh = serial("QTR"), serial("QTF")
    add_on_primary(runtime, replicated)
    replica_control.wait_replayed()
    replica_control("pause")
    add_on_primary(runtime, fresh)
    replica_control.wait_received()

    assert check(anyone, replicated) == 200
    assert check(anyone, fresh) == 404  # the replica hasn't replayed it: the replica answered
    assert counted_on_primary(runtime, "check:ip:") >= 2  # counted on the primary, no error

    replica_control("resume")
    replica_control.wait_replayed()
    assert check(anyone, fresh) == 200


def test_after_their_own_import_a_user_reads_it_back_while_others_read_the_replica(
    topology: Topology,
    replica_control: ReplicaControl,
    tmp_path: Path,
    serial: Serial,
) -> None:
    runtime = topology.runtime(tmp_path, replica_max_lag_s=3600)
    importer, other = client_of(runtime, ADMIN), client_of(runtime, ADMIN)
    replica_control("pause")
    mine = serial("QRW")
    answer = importer.post("/api/v1/units/import", files={"file": ("u.csv", csv_of(mine))})
    assert answer.status_code == 200, answer.text
    replica_control.wait_received()

    assert [u["serial"] for u in importer.get("/api/v1/units", params={"limit": 10_000}).json()
            if u["serial"] == mine] == [mine]  # fmt: skip
    assert mine not in {
        u["serial"] for u in other.get("/api/v1/units", params={"limit": 10_000}).json()
    }
    assert check(importer, mine) == 200
    assert check(other, mine) == 404


def test_a_replica_paused_beyond_its_allowed_lag_is_left_for_the_primary(
    topology: Topology,
    replica_control: ReplicaControl,
    tmp_path: Path,
    serial: Serial,
) -> None:
    runtime = topology.runtime(tmp_path, replica_max_lag_s=0)
    anyone = client_of(runtime)
    replica_control("pause")
    fresh = serial("QLG")
    add_on_primary(runtime, fresh)
    replica_control.wait_received()
    before = fallbacks("lagging")

    assert check(anyone, fresh) == 200  # read on the primary
    assert fallbacks("lagging") == before + 1
    ready = anyone.get("/health/ready").json()
    assert ready["status"] == "degraded"
    assert ready["checks"]["replica"]["reads_from"] == "primary"
    assert ready["checks"]["replica"]["problem"].startswith("lagging: ")


def test_the_replica_stopped_mid_run_is_left_for_the_primary_and_used_again_once_back(
    topology: Topology,
    replica_control: ReplicaControl,
    tmp_path: Path,
    serial: Serial,
) -> None:
    runtime = topology.runtime(tmp_path, replica_max_lag_s=3600)
    assert runtime.replica is not None
    anyone = client_of(runtime)
    unit = serial("QDN")
    add_on_primary(runtime, unit)
    replica_control.wait_replayed()
    assert check(anyone, unit) == 200
    assert runtime.replica.state().usable
    before = fallbacks("down")

    replica_control("stop")
    assert [check(anyone, unit) for _ in range(3)] == [200, 200, 200]
    assert fallbacks("down") >= before + 3
    ready = anyone.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"]["replica"]["problem"].startswith("down: ")

    replica_control("start")
    replica_control.wait_replayed()
    assert runtime.replica.state(recheck=True).usable
    assert check(anyone, unit) == 200
    assert anyone.get("/health/ready").json()["status"] == "ready"
