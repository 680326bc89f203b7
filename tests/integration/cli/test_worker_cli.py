"""`warrantor worker` through the real command: sends over SMTP, shows and retries failures.

The CLI builds its own engine and reads the system clock, so these tests use
a fresh database (``empty_database_url``) and queue messages due a minute ago.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from smtp_server import LoopbackSmtpServer
from typer.testing import CliRunner, Result

from warrantor.cli.main import app
from warrantor.services.outbox.mail import queue_rma_notice
from warrantor.services.uow import uow_factory_for
from warrantor.store.engine import create_db_engine


@pytest.fixture
def smtp_server() -> Iterator[LoopbackSmtpServer]:
    with LoopbackSmtpServer() as server:
        yield server


@pytest.fixture
def warrantor(empty_database_url: str, smtp_server: LoopbackSmtpServer) -> CliRunner:
    runner = CliRunner(
        env={
            "WARRANTOR_DATABASE_URL": empty_database_url,
            "WARRANTOR_SMTP_HOST": smtp_server.host,
            "WARRANTOR_SMTP_PORT": str(smtp_server.port),
            "WARRANTOR_MAIL_FROM": "Netac Service <rma@netac.example>",
        }
    )
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return runner


def queue_received(database_url: str, *, to: str = "li@example.com") -> int:
    engine = create_db_engine(database_url)
    try:
        with uow_factory_for(engine)() as uow:
            return queue_rma_notice(
                uow,
                notice="received",
                to=to,
                rma_number="NETAC-2026-000007",
                brand="Netac",
                serial="NT01SSD0007",
                details={"received_on": "2026-11-23"},
                now=datetime.now(UTC) - timedelta(minutes=1),
            )
    finally:
        engine.dispose()


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, ["worker", *args])


def test_worker_once_sends_the_pending_notice_over_smtp(
    warrantor: CliRunner, empty_database_url: str, smtp_server: LoopbackSmtpServer
) -> None:
    message_id = queue_received(empty_database_url)

    result = run(warrantor, "--once", "--json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["sent"] == [message_id]
    [received] = smtp_server.messages
    assert received["From"] == "Netac Service <rma@netac.example>"
    assert received["Subject"] == "Netac RMA NETAC-2026-000007: we received your unit"
    plain = received.get_body(("plain",))
    assert plain is not None and "on 2026-11-23." in plain.get_content()


def test_status_lists_a_failed_message_and_retry_puts_it_back_in_line(
    warrantor: CliRunner, empty_database_url: str, smtp_server: LoopbackSmtpServer
) -> None:
    message_id = queue_received(empty_database_url)
    # A temporary refusal, out of attempts: a permanent one (5xx to RCPT) would mark the
    # address failing, and a retry would not send it (test_mail_bounces).
    smtp_server.handler.refuse_data.append("451 4.3.0 Try again later")

    failed = run(warrantor, "--once", "--max-attempts", "1")
    status = run(warrantor, "--status")
    status_json = json.loads(run(warrantor, "--status", "--json").output)
    retried = run(warrantor, "--retry", str(message_id))
    sent = run(warrantor, "--once")

    assert failed.exit_code == 0, failed.output
    assert failed.output.splitlines()[0] == "sent 0, to retry 0, failed 1"
    assert "failed: 1" in status.output
    assert "queue depth: 0" in status.output
    assert f"#{message_id} rma.received NETAC-2026-000007 to li@example.com" in status.output
    assert "451 4.3.0 Try again later" in status.output
    assert status_json["counts"]["failed"] == 1
    assert [m["id"] for m in status_json["failed"]] == [message_id]
    assert retried.exit_code == 0, retried.output
    assert f"1 message(s) due again: {message_id}" in retried.output
    assert sent.output.splitlines()[0] == "sent 1, to retry 0, failed 0"
    assert len(smtp_server.messages) == 1


def test_retrying_a_message_that_did_not_fail_is_an_error_naming_it(
    warrantor: CliRunner, empty_database_url: str
) -> None:
    message_id = queue_received(empty_database_url)

    result = run(warrantor, "--retry", str(message_id))

    assert result.exit_code == 2
    assert f"message {message_id} is not a failed message" in result.output


def test_worker_has_help_for_every_option(warrantor: CliRunner) -> None:
    result = run(warrantor, "--help")

    assert result.exit_code == 0
    for option in ("--once", "--interval", "--batch", "--status", "--retry", "--max-attempts"):
        assert option in result.output
