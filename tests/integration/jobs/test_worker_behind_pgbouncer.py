"""The PostgreSQL worker behind PgBouncer in transaction mode (issue #20, item 1): it polls
(no LISTEN through a transaction pooler), prepares no statements, and sends the outbox.

Needs the test topology: ``eval "$(.ci/topology start)"`` exports
``WARRANTOR_TEST_PGBOUNCER_URL`` (PgBouncer in front of the topology's primary).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from smtp_server import LoopbackSmtpServer
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from worker_processes import WARRANTOR, running, wait_for, worker_env

from warrantor.services.outbox.mail import queue_mail
from warrantor.services.uow import uow_factory_for
from warrantor.settings import Settings
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade

PGBOUNCER_ENV = "WARRANTOR_TEST_PGBOUNCER_URL"
PRIMARY_ENV = "WARRANTOR_TEST_PRIMARY_URL"
HOW_TO_PROVIDE = 'start the test topology: eval "$(.ci/topology start)" (docs/topology.md)'


@pytest.fixture
def through_pgbouncer(require_part: object) -> Iterator[tuple[str, str]]:
    """(URL through PgBouncer, URL on the primary) of a new migrated database."""
    bouncer, primary = os.environ.get(PGBOUNCER_ENV, ""), os.environ.get(PRIMARY_ENV, "")
    problem = None if bouncer and primary else f"{PGBOUNCER_ENV} or {PRIMARY_ENV} is not set"
    require_part("pgbouncer", HOW_TO_PROVIDE, problem)  # type: ignore[operator]
    name = f"warrantor_jobs_{os.getpid()}"
    admin = create_engine(primary, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    on_primary = make_url(primary).set(database=name).render_as_string(hide_password=False)
    upgrade(on_primary)
    yield make_url(bouncer).set(database=name).render_as_string(hide_password=False), on_primary
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_worker_behind_pgbouncer_polls_and_sends_the_outbox(
    through_pgbouncer: tuple[str, str], tmp_path: Path
) -> None:
    bouncer_url, primary_url = through_pgbouncer
    engine = create_db_engine(primary_url)
    with uow_factory_for(engine)() as uow:
        queued = queue_mail(
            uow,
            to="li@example.com",
            subject="Through the pooler",
            body="Sent by a worker behind PgBouncer.",
            now=datetime.now(UTC) - timedelta(minutes=1),
            topic="test.pgbouncer",
            reference="PGB-1",
        )
    settings = Settings(database_url=bouncer_url, prepare_threshold="off")  # type: ignore[arg-type]
    with LoopbackSmtpServer() as smtp:
        env = worker_env(
            bouncer_url,
            tmp_path / "data",
            WARRANTOR_PREPARE_THRESHOLD="off",
            WARRANTOR_SMTP_HOST=smtp.host,
            WARRANTOR_SMTP_PORT=str(smtp.port),
        )
        log = tmp_path / "worker.log"
        with running([str(WARRANTOR), "worker"], env, log) as worker:
            wait_for(
                lambda: status_of(engine, queued) == "sent",
                "the worker to send it",
                worker=worker,
                log=log,
            )
    engine.dispose()

    assert settings.worker_listens is False
    assert "(polling)" in (tmp_path / "worker.log").read_text()
    assert [m["Subject"] for m in smtp.messages] == ["Through the pooler"]


def status_of(engine: Engine, message_id: int) -> str:
    with engine.connect() as connection:
        return str(
            connection.execute(
                text("SELECT status FROM outbox WHERE id = :id"), {"id": message_id}
            ).scalar_one()
        )
