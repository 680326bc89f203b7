"""Each application service of compose.yaml runs its command natively on the topology
.ci/topology starts (issue #22): the one-shot migration on a new database, the app as
compose starts it (several uvicorn workers, through PgBouncer, reading the replica,
limits in Redis) answering ready, checks and /metrics, and a job worker running duties.

There is no Docker here: the commands and their environment are compose.yaml's, with the
service names (primary, replica, pgbouncer, redis) pointed at the topology's loopback
ports. The database services themselves are checked against .ci/topology's settings in
tests/unit/deploy."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from topology_support import MASTER_SECRET, Topology, free_port, get, replayed_everything, wait_for

from compose_file import compose, interpolated

pytestmark = pytest.mark.topology

BIN = Path(sys.executable).parent
START_WITHIN_S = 120.0  # two server processes importing the app on a busy machine
DUTY_WITHIN_S = 60.0
ASKED = 10


@pytest.fixture
def database(topology: Topology) -> Iterator[str]:
    """A new, empty database on the primary (what the migration service meets first)."""
    name = f"warrantor_compose_{secrets.token_hex(4)}"
    admin = create_engine(topology.primary, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def service_env(topology: Topology, service: str, database: str, tmp_path: Path) -> dict[str, str]:
    """The service's environment from compose.yaml, on the topology's addresses."""
    values = {
        "POSTGRES_USER": "postgres",
        "POSTGRES_PASSWORD": "unused-trust-auth",
        "POSTGRES_DB": database,
        "WARRANTOR_KEYS_MASTER_SECRET": MASTER_SECRET,
        "WARRANTOR_PUBLIC_BASE_URL": "https://warranty.example.com",
    }
    hosts = {
        "primary:5432": _address(topology.primary),
        "replica:5432": _address(topology.replica),
        "pgbouncer:6432": _address(topology.pgbouncer),
        "redis:6379": _address(topology.redis),
    }
    env = {key: value for key, value in os.environ.items() if not key.startswith("WARRANTOR_")}
    for key, value in compose()["services"][service]["environment"].items():
        text_value = interpolated(str(value), values)
        for name, address in hosts.items():
            text_value = text_value.replace(f"@{name}/", f"@{address}/")
            text_value = text_value.replace(f"//{name}/", f"//{address}/")
        env[key] = text_value
    env["WARRANTOR_DATA_DIR"] = str(tmp_path / service)  # the image's /srv/warrantor/data
    env["WARRANTOR_ATTACHMENTS_DIR"] = str(tmp_path / "attachments")  # the shared volume
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def _address(url: str) -> str:
    parsed = make_url(url)
    return f"{parsed.host}:{parsed.port}"


def command(service: str, values: dict[str, str] | None = None) -> list[str]:
    return [interpolated(part, values or {}) for part in compose()["services"][service]["command"]]


def test_the_migration_the_app_and_a_worker_run_as_compose_starts_them(
    topology: Topology, database: str, tmp_path: Path
) -> None:
    migrate = subprocess.run(
        command("migrate"),
        env=service_env(topology, "migrate", database, tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    admin_on = make_url(topology.primary).set(database=database)
    replica_on = make_url(topology.replica).set(database=database)
    wait_for(
        lambda: replayed_everything(
            admin_on.render_as_string(False), replica_on.render_as_string(False)
        ),
        "the replica replaying the migration",
    )

    port = free_port()
    app_env = service_env(topology, "app", database, tmp_path)
    app_env.update(WARRANTOR_HOST="127.0.0.1", WARRANTOR_PORT=str(port))
    app_command = command("app", {"WARRANTOR_WEB_WORKERS": "2"})
    assert app_command == ["warrantor", "serve", "--workers", "2"]
    app_log = (tmp_path / "app.log").open("wb")
    worker_log = (tmp_path / "worker.log").open("wb")
    app = subprocess.Popen(app_command, env=app_env, stdout=app_log, stderr=subprocess.STDOUT)
    worker = subprocess.Popen(
        command("worker"),
        env=service_env(topology, "worker", database, tmp_path),
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_WITHIN_S
        while True:
            try:
                if get(f"{base}/health/live")[0] == 200:
                    break
            except OSError:
                pass
            logs = (tmp_path / "app.log").read_text(errors="replace")
            assert app.poll() is None and time.monotonic() < deadline, logs
            time.sleep(0.2)

        status, body = get(f"{base}/health/ready")
        ready = json.loads(body)
        assert status == 200, ready
        assert set(ready["checks"]) == {"primary", "replica", "redis"}
        assert ready["checks"]["primary"]["ok"] and ready["checks"]["redis"]["ok"]
        for n in range(ASKED):  # each a new connection: the processes share them out
            status, _ = get(f"{base}/api/v1/units/QNAP/NO-SUCH-{n}/coverage")
            assert status == 404
        status, metrics = get(f"{base}/metrics")
        assert status == 200
        counted = (
            b'warrantor_http_request_duration_seconds_count{method="GET",'
            b'route="/api/v1/units/{brand}/{serial}/coverage",status="404"} '
            + str(float(ASKED)).encode()
        )
        assert counted in metrics  # whichever process answered the scrape: all counts summed
        assert (tmp_path / "app" / "prometheus").is_dir()  # the workers' shared metrics

        engine = create_engine(admin_on.render_as_string(False))
        try:

            def duty_ran() -> bool:
                with engine.connect() as connection:
                    return bool(
                        connection.execute(
                            text("SELECT count(*) FROM duty_runs WHERE outcome = 'ok'")
                        ).scalar_one()
                    )

            wait_for(duty_ran, "a duty run by the compose worker", DUTY_WITHIN_S)
        finally:
            engine.dispose()
    finally:
        for process in (app, worker):
            process.send_signal(signal.SIGTERM)
        for process in (app, worker):
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        app_log.close()
        worker_log.close()

    lines = [
        json.loads(line)
        for line in (tmp_path / "app.log").read_text().splitlines()
        if line.startswith("{")
    ]
    assert any(line.get("event") == "request" and line["status"] == 404 for line in lines), lines
    worker_lines = [
        json.loads(line)
        for line in (tmp_path / "worker.log").read_text().splitlines()
        if line.startswith("{")
    ]
    assert any(line.get("event") == "task" and line["status"] == "ok" for line in worker_lines)
