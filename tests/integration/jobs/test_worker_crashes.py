"""Workers killed with SIGKILL mid-task (issue #20, item 2): real processes, real SMTP.

The mail: a worker hands a message to the SMTP server and is killed before it
hears back. Another worker takes the message over once the lease
(``WARRANTOR_WORKER_LEASE_S``, 2 s here) runs out and sends it again: the
server has it twice with one Message-ID, the outbox records it sent once, and
``warrantor worker --status`` counts one possible duplicate. On both engines
(Procrastinate's worker on PostgreSQL, the polling loop on SQLite).

A job (PostgreSQL): a task commits its effect with an idempotency key, then
blocks on a file the test controls; its worker is killed. Another worker puts
the silent worker's job back in line and runs it again: the task runs twice,
its effect happens once.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from crash_app import TASK, crash_app
from holding_smtp import HoldFirstReply
from smtp_server import LoopbackSmtpServer
from sqlalchemy import Engine, func, select, text
from typer.testing import CliRunner
from worker_processes import WARRANTOR, kill_hard, running, wait_for, worker_env

from warrantor.bootstrap import build_runtime
from warrantor.cli.main import app as cli
from warrantor.jobs.duties import DutyContext
from warrantor.mail.outgoing import message_id
from warrantor.services.outbox.mail import queue_rma_notice
from warrantor.services.uow import uow_factory_for
from warrantor.settings import Settings
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade
from warrantor.store.tables_jobs import effects_done
from warrantor.store.tables_outbox import outbox

FROM = "Netac Service <rma@netac.example>"


@pytest.fixture
def database(empty_database_url: str) -> Iterator[tuple[str, Engine]]:
    """A migrated database the worker processes share with the test, and an engine on it."""
    upgrade(empty_database_url)
    engine = create_db_engine(empty_database_url)
    yield empty_database_url, engine
    engine.dispose()


def queue_notice(engine: Engine) -> int:
    with uow_factory_for(engine)() as uow:
        return queue_rma_notice(
            uow,
            notice="received",
            to="li@example.com",
            rma_number="NETAC-2026-000042",
            brand="Netac",
            serial="NT01SSD0042",
            details={},
            now=datetime.now(UTC) - timedelta(minutes=1),
        )


def outbox_row(engine: Engine, row_id: int) -> dict[str, object]:
    with engine.connect() as connection:
        return dict(connection.execute(select(outbox).where(outbox.c.id == row_id)).one()._mapping)


def test_a_worker_killed_mid_send_is_taken_over_and_the_mail_goes_again_with_one_message_id(
    database: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = database
    queued = queue_notice(engine)
    handler = HoldFirstReply()
    with LoopbackSmtpServer(handler) as smtp:
        env = worker_env(
            url,
            tmp_path / "data",
            WARRANTOR_SMTP_HOST=smtp.host,
            WARRANTOR_SMTP_PORT=str(smtp.port),
        )
        command = [str(WARRANTOR), "worker", "--interval", "0.2"]
        first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
        with running(command, env, first_log) as first:
            wait_for(
                lambda: len(handler.deliveries) == 1,
                "the first worker to hand the mail over",
                worker=first,
                log=first_log,
            )
            kill_hard(first)
        handler.release.set()
        with running(command, env, second_log) as second:
            wait_for(
                lambda: outbox_row(engine, queued)["status"] == "sent",
                "the second worker to send the message again",
                worker=second,
                log=second_log,
            )
        status = CliRunner(env=env).invoke(cli, ["worker", "--status", "--json"])

    first_copy, second_copy = [delivery.message for delivery in handler.deliveries]
    assert first_copy["Message-ID"] == second_copy["Message-ID"] == message_id(queued, FROM)
    row = outbox_row(engine, queued)
    assert (row["attempts"], row["takeovers"]) == (2, 1)
    assert status.exit_code == 0, status.output
    assert json.loads(status.output)["possible_duplicates"] == 1


@pytest.mark.postgres
def test_a_job_killed_mid_task_runs_again_on_another_worker_and_its_effect_happens_once(
    new_postgres_database: Callable[[], str], tmp_path: Path
) -> None:
    url = new_postgres_database()
    upgrade(url)
    engine = create_db_engine(url)
    env = worker_env(url, tmp_path / "data", WARRANTOR_SMTP_PORT="1")
    context = DutyContext(build_runtime(Settings(database_url=url, data_dir=tmp_path / "data")))
    app = crash_app(context, tmp_path)
    with app.open():
        job_id = app.tasks[TASK].defer(key="effect-1")
    command = [sys.executable, str(Path(__file__).with_name("crash_app.py")), str(tmp_path)]

    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    with running([*command, "first"], env, first_log) as first:
        wait_for(
            (tmp_path / "committed").exists,
            "the task to commit its effect",
            worker=first,
            log=first_log,
        )
        kill_hard(first)
    (tmp_path / "release").touch()
    with running([*command, "second"], env, second_log) as second:
        wait_for(
            lambda: job_state(engine, job_id) is None,
            "another worker to run the job to the end (a succeeded job is deleted)",
            worker=second,
            log=second_log,
        )

    assert (tmp_path / "runs").read_text().splitlines() == ["run", "run"]
    with engine.connect() as connection:
        keys = connection.execute(
            select(func.count()).where(effects_done.c.key == "effect-1")
        ).scalar_one()
        mails = connection.execute(
            select(func.count()).where(outbox.c.reference == "effect-1")
        ).scalar_one()
    engine.dispose()
    assert (keys, mails) == (1, 1)


def job_state(engine: Engine, job_id: int) -> str | None:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT status::text FROM procrastinate_jobs WHERE id = :id"), {"id": job_id}
        ).scalar_one_or_none()
