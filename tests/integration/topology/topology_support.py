"""Helpers of the topology tests (``conftest.py`` holds the fixtures).

The engine topology operators run, for real: a PostgreSQL primary with a streaming
replica, PgBouncer in transaction mode in front of the primary, and Redis.

``.ci/topology start`` (docs/topology.md) starts them on loopback and exports
their URLs; these tests skip without them (and fail under
``WARRANTOR_REQUIRE_ALL_PARTS=1``), naming how to provide them. The session
creates one database on the primary and migrates it (the replica receives it
by streaming); tests commit for real there, each with serials of its own.
A test that stops or pauses the replica does it through ``replica_control``,
which starts and resumes it again when the test ends, whatever happened.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from warrantor.bootstrap import Runtime, build_runtime
from warrantor.settings import Settings

ROOT = Path(__file__).resolve().parents[3]
TOPOLOGY_SCRIPT = ROOT / ".ci" / "topology"
HOW_TO_PROVIDE = (
    'run `eval "$(.ci/topology start)"` (docs/topology.md): it starts a PostgreSQL primary and '
    "streaming replica, PgBouncer in transaction mode and checks Redis on loopback, and exports "
    "WARRANTOR_TEST_PRIMARY_URL, WARRANTOR_TEST_REPLICA_URL, WARRANTOR_TEST_PGBOUNCER_URL and "
    "WARRANTOR_TEST_REDIS_URL"
)
VARIABLES = {
    "primary": "WARRANTOR_TEST_PRIMARY_URL",
    "replica": "WARRANTOR_TEST_REPLICA_URL",
    "pgbouncer": "WARRANTOR_TEST_PGBOUNCER_URL",
    "redis": "WARRANTOR_TEST_REDIS_URL",
}
MASTER_SECRET = "topology-tests-master-secret-32-characters-long"
CAUGHT_UP_WITHIN_S = 60.0
Serial = Callable[[str], str]


@dataclass(frozen=True)
class Topology:
    """The URLs of the parts, for this session's database (``database``)."""

    primary: str
    replica: str
    pgbouncer: str
    redis: str
    database: str

    def on(self, part: str) -> str:
        """The URL of ``part`` (primary, replica, pgbouncer) for the session's database."""
        url = make_url(getattr(self, part)).set(database=self.database)
        return url.render_as_string(hide_password=False)

    def settings(self, tmp_path: Path, **changes: object) -> Settings:
        """Settings of an app host on this topology (primary + replica, its own data dir)."""
        values: dict[str, object] = {
            "database_url": self.on("primary"),
            "replica_url": self.on("replica"),
            "data_dir": tmp_path / "data",
            "keys_dir": tmp_path / "own-empty-keys",
            "keys_master_secret": MASTER_SECRET,
        }
        values.update(changes)
        return Settings(**values)  # type: ignore[arg-type]

    def runtime(self, tmp_path: Path, **changes: object) -> Runtime:
        return build_runtime(self.settings(tmp_path, **changes))


def reachable(name: str, url: str) -> str | None:
    """None when ``url`` answers, else what is wrong."""
    try:
        if name == "redis":
            import redis

            redis.Redis.from_url(url, socket_connect_timeout=3).ping()
            return None
        engine = create_engine(url, connect_args={"connect_timeout": 3, "prepare_threshold": None})
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        finally:
            engine.dispose()
    except Exception as error:  # any failure to reach a part means the part is missing
        first = str(error).strip().splitlines()
        return f"{name} at {url} is unreachable ({first[0] if first else type(error).__name__})"
    return None


def _replica_reached(primary_admin: str, replica_admin: str, replica_lsn: str) -> bool:
    """Whether the replica's ``replica_lsn()`` has reached all the WAL the primary wrote."""
    primary = create_engine(primary_admin, isolation_level="AUTOCOMMIT")
    replica = create_engine(replica_admin, isolation_level="AUTOCOMMIT")
    try:
        with primary.connect() as connection:
            written = connection.execute(text("SELECT pg_current_wal_lsn()")).scalar_one()
        with replica.connect() as connection:
            behind = connection.execute(
                text(f"SELECT {replica_lsn}() < CAST(:lsn AS pg_lsn)"), {"lsn": written}
            ).scalar_one()
        return not behind
    finally:
        primary.dispose()
        replica.dispose()


def replayed_everything(primary_admin: str, replica_admin: str) -> bool:
    """Whether the replica has replayed all the WAL the primary has written so far."""
    return _replica_reached(primary_admin, replica_admin, "pg_last_wal_replay_lsn")


def received_everything(primary_admin: str, replica_admin: str) -> bool:
    """Whether the replica has received (not necessarily replayed) all the primary's WAL."""
    return _replica_reached(primary_admin, replica_admin, "pg_last_wal_receive_lsn")


def wait_for(
    condition: Callable[[], bool], what: str, within_s: float = CAUGHT_UP_WITHIN_S
) -> None:
    """Poll ``condition`` until it holds (a deadline, not a timing assumption)."""
    deadline = time.monotonic() + within_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {within_s:.0f} s")
        time.sleep(0.05)


class ReplicaControl:
    """``.ci/topology replica stop|start|pause|resume``, undone when the test ends."""

    def __init__(self, topology: Topology) -> None:
        self.topology = topology
        self.touched = False

    def __call__(self, action: str) -> None:
        self.touched = True
        subprocess.run(
            [str(TOPOLOGY_SCRIPT), "replica", action],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def wait_received(self) -> None:
        wait_for(
            lambda: received_everything(self.topology.primary, self.topology.replica),
            "the paused replica receiving the primary's WAL",
        )

    def wait_replayed(self) -> None:
        wait_for(
            lambda: replayed_everything(self.topology.primary, self.topology.replica),
            "the replica replaying the primary's WAL",
        )


def free_port() -> int:
    """A loopback port nothing listens on now, for an app process of a test."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    """GET ``url``: its status and body, also for an error status."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
