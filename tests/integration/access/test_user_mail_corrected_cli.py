"""`warrantor users mail-corrected` (issue #24): a user's sign-in address a mail server
refused works again, through the real command on a real database, audited on the user."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from warrantor.cli.main import app
from warrantor.services.uow import uow_factory_for
from warrantor.store.tables_audit import audit_events

REFUSED = "550 5.1.1 No such user"


@pytest.fixture
def warrantor(empty_database_url: str) -> CliRunner:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    added = runner.invoke(
        app, ["accounts", "add", "MAKER", "--name", "The maker", "--kind", "admin"]
    )
    assert added.exit_code == 0, added.output
    args = ["users", "create", "--email", "Ada@Example.com", "--name", "Ada", "--role", "admin"]
    made = runner.invoke(
        app, [*args, "--account", "MAKER", "--password-stdin"], input="long enough pw\n"
    )
    assert made.exit_code == 0, made.output
    return runner


def test_a_users_failing_address_is_corrected_and_audited(
    warrantor: CliRunner, empty_database_url: str
) -> None:
    engine = create_engine(empty_database_url)
    try:
        with uow_factory_for(engine)() as uow:
            uow.failing_addresses.mark(
                "ada@example.com", reason=REFUSED, at=datetime(2026, 11, 23, tzinfo=UTC),
                outbox_id=1,
            )  # fmt: skip
        corrected = warrantor.invoke(
            app, ["users", "mail-corrected", "ADA@example.com", "--reason", "checked by phone"]
        )
        again = warrantor.invoke(app, ["users", "mail-corrected", "ada@example.com"])
        nobody = warrantor.invoke(app, ["users", "mail-corrected", "nobody@example.com"])
        with uow_factory_for(engine)(read_only=True) as uow:
            failing = uow.failing_addresses.get("ada@example.com")
            rows = uow.connection.execute(
                select(audit_events).where(audit_events.c.action == "user.mail_corrected")
            ).all()
    finally:
        engine.dispose()

    assert corrected.exit_code == 0, corrected.output
    assert corrected.output == f"mail goes to ada@example.com again (it was refused: {REFUSED})\n"
    assert failing is None
    [row] = rows  # one entry: the refused second try and the unknown user write none
    [ada] = json.loads(warrantor.invoke(app, ["users", "list", "--json"]).output)
    assert (row.subject_kind, row.subject_id) == ("user", str(ada["id"]))
    assert row.before_values["mail_failing"] is True and row.after_values == {"mail_failing": False}
    assert row.why_value_id is not None
    assert again.exit_code != 0 and "ada@example.com is not marked failing" in again.output
    assert nobody.exit_code != 0 and "no user with email nobody@example.com" in nobody.output
