"""Failover by promoting the replica (issue #22, docs/scaling.md), tried on a topology of
its own (.ci/topology with another state folder and ports, so the shared one is untouched):
an app process configured as compose.yaml configures it (writes through PgBouncer, reads
on the replica, limits in Redis) keeps answering checks while the primary is down, and its
writes come back once the replica is promoted and PgBouncer points at it.

The steps are the runbook's (docs/scaling.md, "Failover"): stop the primary (here: an
immediate stop, as a crash), promote the replica (``pg_ctl promote``), point PgBouncer's
``[databases]`` at it and reload it. What this measured is printed at the end (``-s``)."""

from __future__ import annotations

import io
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from topology_support import (
    MASTER_SECRET,
    TOPOLOGY_SCRIPT,
    Topology,
    free_port,
    replayed_everything,
    wait_for,
)

from warrantor.bootstrap import build_runtime
from warrantor.domain.actors import Actor, Role
from warrantor.services.access.tokens import create_token
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.installed_base.unit_import import import_units
from warrantor.settings import Settings
from warrantor.store.accounts import Account
from warrantor.store.migrate import upgrade

pytestmark = pytest.mark.topology

PGBIN = Path(os.environ.get("WARRANTOR_TOPOLOGY_PGBIN", "/usr/lib/postgresql/15/bin"))
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
CSV = (
    "brand,serial,model,manufactured_on,first_invoiced_on,purchased_on,proof_of_purchase,"
    "country_of_purchase,channel\n"
    "QNAP,Q21FAIL01,TS-453 Pro,2024-03-01,2024-04-10,2024-05-02,INV-F-1,US,retail\n"
)
CHECK = "/api/v1/units/QNAP/Q21FAIL01/coverage?on=2026-05-01"


def call(url: str, *, token: str | None = None, body: dict[str, object] | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0  # no answer at all


@dataclass
class Own:
    """A topology of this test's own: its folder, its ports, the exported URLs."""

    folder: Path
    env: dict[str, str]
    urls: dict[str, str] = field(default_factory=dict)

    def script(self, *args: str) -> str:
        run = subprocess.run(
            [str(TOPOLOGY_SCRIPT), *args], env=self.env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        return run.stdout

    def as_postgres(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        run = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stdout + run.stderr


@pytest.fixture
def own(topology: Topology) -> Iterator[Own]:
    """Start a second topology (sharing the machine's Redis); destroy it afterwards."""
    folder = Path(f"/tmp/warrantor-failover-{secrets.token_hex(4)}")
    env = {
        **os.environ,
        "WARRANTOR_TOPOLOGY_DIR": str(folder),
        "WARRANTOR_TOPOLOGY_PRIMARY_PORT": str(free_port()),
        "WARRANTOR_TOPOLOGY_REPLICA_PORT": str(free_port()),
        "WARRANTOR_TOPOLOGY_PGBOUNCER_PORT": str(free_port()),
        "WARRANTOR_TOPOLOGY_REDIS_PORT": str(make_url(topology.redis).port or 6379),
    }
    mine = Own(folder, env)
    try:
        for line in mine.script("start").splitlines():
            name, _, value = line.removeprefix("export ").partition("=")
            mine.urls[name] = value
        yield mine
    finally:
        subprocess.run([str(TOPOLOGY_SCRIPT), "destroy"], env=env, capture_output=True)


@dataclass
class Watch:
    """Checks asked every 50 ms from a thread while the failover happens."""

    url: str
    answers: list[tuple[float, int]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            self.answers.append((time.monotonic(), call(self.url)))
            self.stop.wait(0.05)


def test_the_app_keeps_answering_while_the_replica_is_promoted(
    own: Own, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = f"warrantor_failover_{secrets.token_hex(4)}"
    primary_admin = own.urls["WARRANTOR_TEST_PRIMARY_URL"]
    replica_admin = own.urls["WARRANTOR_TEST_REPLICA_URL"]
    admin = create_engine(primary_admin, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()

    def on(variable: str) -> str:
        url = make_url(own.urls[variable]).set(database=database)
        return url.render_as_string(hide_password=False)

    upgrade(on("WARRANTOR_TEST_PRIMARY_URL"))
    settings = Settings(
        database_url=on("WARRANTOR_TEST_PRIMARY_URL"),
        data_dir=tmp_path / "seed",
        keys_master_secret=MASTER_SECRET,
    )
    runtime = build_runtime(settings)
    import_units(runtime.uow_factory, io.BytesIO(CSV.encode()), runtime.book, now=NOW)
    with runtime.uow_factory() as uow:
        uow.accounts.upsert(Account("MAKER", "The maker", "admin"), NOW)
    user = create_user(
        runtime.uow_factory,
        Actor.operator(),
        NewUser("ops@maker.example", "Ops", "admin", "MAKER", "a long password"),
        NOW,
    )
    owner = Actor(role=Role.ADMIN, account_code="MAKER", user_id=user.id, name=user.name)
    token = create_token(runtime.uow_factory, owner, "failover", NOW).secret
    wait_for(lambda: replayed_everything(primary_admin, replica_admin), "the replica catching up")

    port = free_port()
    app_env = {key: value for key, value in os.environ.items() if not key.startswith("WARRANTOR_")}
    app_env.update(
        WARRANTOR_DATABASE_URL=on("WARRANTOR_TEST_PGBOUNCER_URL"),
        WARRANTOR_PREPARE_THRESHOLD="off",
        WARRANTOR_REPLICA_URL=on("WARRANTOR_TEST_REPLICA_URL"),
        WARRANTOR_REDIS_URL=own.urls["WARRANTOR_TEST_REDIS_URL"],
        WARRANTOR_KEYS_MASTER_SECRET=MASTER_SECRET,
        WARRANTOR_DATA_DIR=str(tmp_path / "app"),
        WARRANTOR_CHECK_RATE_LIMIT="1000000",
        WARRANTOR_CHECK_RATE_WINDOW_SECONDS=str(random.randint(1000, 9999)),
        WARRANTOR_LOG_FORMAT="json",
    )
    log = (tmp_path / "app.log").open("wb")
    app = subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "warrantor.app:create_app", "--factory"),
            *("--host", "127.0.0.1", "--port", str(port), "--no-access-log"),
        ],
        env=app_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    watch = Watch(base + CHECK)
    watcher = threading.Thread(target=watch.run, daemon=True)
    folder = own.folder
    try:
        wait_for(
            lambda: app.poll() is not None or call(f"{base}/health/live") == 200,
            "the app starting",
            60,
        )
        assert app.poll() is None, (tmp_path / "app.log").read_text(errors="replace")
        assert call(base + CHECK) == 200
        assert call(f"{base}/api/v1/tokens", token=token, body={"name": "before"}) == 201
        watcher.start()

        crashed_at = time.monotonic()
        pg_ctl = str(PGBIN / "pg_ctl")
        own.as_postgres(pg_ctl, "-D", str(folder / "primary"), "stop", "-m", "immediate")
        wait_for(lambda: call(f"{base}/health/ready") == 503, "ready naming the primary", 30)
        during = call(f"{base}/api/v1/tokens", token=token, body={"name": "during"})

        promoted_at = time.monotonic()
        own.as_postgres(pg_ctl, "-D", str(folder / "replica"), "promote", "-w")
        ini = folder / "pgbouncer" / "pgbouncer.ini"
        primary_port = own.env["WARRANTOR_TOPOLOGY_PRIMARY_PORT"]
        replica_port = own.env["WARRANTOR_TOPOLOGY_REPLICA_PORT"]
        ini.write_text(
            ini.read_text().replace(f"port={primary_port}", f"port={replica_port}"),
            encoding="utf-8",
        )
        bouncer = int((folder / "pgbouncer" / "pgbouncer.pid").read_text().strip())
        os.kill(bouncer, signal.SIGHUP)  # PgBouncer reloads its configuration
        wait_for(
            lambda: call(f"{base}/api/v1/tokens", token=token, body={"name": "after"}) == 201,
            "a write through PgBouncer to the promoted replica",
            60,
        )
        writes_back_s = time.monotonic() - promoted_at
        wait_for(lambda: call(f"{base}/health/ready") == 200, "ready again", 30)
        time.sleep(0.5)  # a few more checks after the switch (the watch asks every 50 ms)
    finally:
        watch.stop.set()
        if watcher.is_alive():
            watcher.join(timeout=15)
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            app.kill()
        log.close()

    answered = [status for at, status in watch.answers if at >= crashed_at]
    failed = [status for status in answered if status != 200]
    assert during >= 500  # the primary was down: no write was accepted
    assert len(answered) > 20
    assert not failed, f"checks not answered 200 during the failover: {failed}"
    with capsys.disabled():
        print(
            f"\nfailover: {len(answered)} checks during it, {len(failed)} failed; writes back "
            f"{writes_back_s:.2f} s after 'pg_ctl promote' (promote, repoint PgBouncer, reload)"
        )
