"""Two real app processes (``uvicorn``) on loopback against the topology, each with its
own empty key folder: a client limited through Redis is refused (429) across both, and
a certificate signed by a third process verifies in both, before and after a rotation.

The window is picked at random for the run, so the Redis counts of this client
(127.0.0.1) are this test's alone."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from topology_support import (
    MASTER_SECRET,
    Serial,
    Topology,
    free_port,
    get,
    replayed_everything,
    wait_for,
)

from warrantor.certificates import Buyer, Certificate, export_json
from warrantor.services.certificates.issuing import CertificateRequest, issue_certificate

pytestmark = pytest.mark.topology

LIMIT = 5
START_WITHIN_S = 60.0


def post_file(url: str, name: str, data: bytes) -> dict[str, object]:
    boundary = "warrantor-test-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/json\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        result: dict[str, object] = json.loads(answer.read())
    return result


@pytest.fixture
def two_apps(topology: Topology, tmp_path: Path) -> Iterator[list[str]]:
    """Two uvicorn processes serving the app on the topology; their base URLs."""
    window = random.randint(1000, 9999)
    processes, bases = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            env = {
                **os.environ,
                "WARRANTOR_DATABASE_URL": topology.on("primary"),
                "WARRANTOR_REPLICA_URL": topology.on("replica"),
                "WARRANTOR_REDIS_URL": topology.redis,
                "WARRANTOR_KEYS_MASTER_SECRET": MASTER_SECRET,
                "WARRANTOR_KEYS_DIR": str(tmp_path / name / "keys"),
                "WARRANTOR_DATA_DIR": str(tmp_path / name),
                "WARRANTOR_CHECK_RATE_LIMIT": str(LIMIT),
                "WARRANTOR_CHECK_RATE_WINDOW_SECONDS": str(window),
            }
            log = (tmp_path / f"{name}.log").open("wb")
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "uvicorn",
                        "warrantor.app:create_app",
                        "--factory",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--log-level",
                        "warning",
                    ],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + START_WITHIN_S
        for base, process in zip(bases, processes, strict=True):
            while True:
                try:
                    if get(f"{base}/health/live")[0] == 200:
                        break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    logs = {p.name: p.read_text() for p in tmp_path.glob("*.log")}
                    raise AssertionError(f"an app process did not start: {logs}")
                time.sleep(0.1)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def test_a_client_limited_through_redis_is_refused_across_both_processes(
    two_apps: list[str], serial: Serial
) -> None:
    a, b = two_apps
    unknown = serial("QNO")
    statuses = [get(f"{base}/api/v1/units/QNAP/{unknown}/coverage")[0] for base in (a, b, a, b, a)]
    assert statuses == [404] * LIMIT
    assert get(f"{b}/api/v1/units/QNAP/{unknown}/coverage")[0] == 429
    assert get(f"{a}/api/v1/units/QNAP/{unknown}/coverage")[0] == 429
    ready = json.loads(get(f"{a}/health/ready")[1])
    assert ready["checks"]["redis"] == {"ok": True, "problem": None}


def issue(topology: Topology, tmp_path: Path, serial: str) -> Certificate:
    """Issue a certificate in this (third) process, on the shared database ring."""
    runtime = topology.runtime(tmp_path / "issuer")
    request = CertificateRequest(
        extension_id=9,
        brand="QNAP",
        model="TS-453 Pro",
        serial=serial,
        extension_years=1,
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        buyer=Buyer("D-7", "Two Hosts Ltd"),
    )
    with runtime.uow_factory() as uow:
        return issue_certificate(uow, runtime.keys, request, datetime.now(UTC))


def on_the_replica(topology: Topology, *numbers: str) -> bool:
    """Whether the session's database on the replica holds these certificate numbers."""
    engine = create_engine(topology.on("replica"))
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT count(*) FROM certificates WHERE number = ANY(:numbers)"),
                {"numbers": list(numbers)},
            ).scalar_one()
        return found == len(numbers)
    finally:
        engine.dispose()


def test_a_certificate_signed_elsewhere_verifies_in_both_processes_across_a_rotation(
    two_apps: list[str], topology: Topology, tmp_path: Path, serial: Serial
) -> None:
    before = issue(topology, tmp_path, serial("QCA"))
    topology.runtime(tmp_path / "operator").keys.rotate()
    after = issue(topology, tmp_path, serial("QCB"))
    assert after.key_id != before.key_id
    wait_for(  # the registry is read on the replica: issued a moment ago, it may not be there yet
        lambda: replayed_everything(topology.primary, topology.replica),
        "the replica replaying the certificates",
    )
    wait_for(  # and the rows themselves, as the apps' replica connections will read them
        lambda: on_the_replica(topology, before.number, after.number),
        "the certificates readable on the replica",
    )
    for base in two_apps:
        for certificate in (before, after):
            verdict = post_file(
                f"{base}/api/v1/certificates/verify", "c.json", export_json(certificate).encode()
            )
            assert verdict["status"] == "valid", verdict
        keys = json.loads(get(f"{base}/api/v1/certificates/keys")[1])
        assert keys["active_key_id"] == after.key_id
        assert {key["kid"] for key in keys["keys"]} >= {before.key_id, after.key_id}
