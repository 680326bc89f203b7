"""`warrantor rma ask-documents` and `warrantor rma mail-corrected` on a real database
(issue #24)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner, Result

from warrantor.cli.main import app
from warrantor.services.uow import uow_factory_for

UNITS = (
    "brand,serial,model,purchased_on,proof_of_purchase,country_of_purchase\n"
    "QNAP,Q26MAIL01,TS-453 Pro,2026-02-01,INV-MAIL-1,US\n"
)


@pytest.fixture
def warrantor(empty_database_url: str, tmp_path: Path) -> CliRunner:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    units = tmp_path / "units.csv"
    units.write_text(UNITS, encoding="utf-8")
    assert runner.invoke(app, ["units", "import", str(units)]).exit_code == 0
    return runner


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, ["rma", *args])


def opened(runner: CliRunner) -> str:
    answer = run(runner, "open", "Q26MAIL01", "--symptom", "no power", "--name", "Ann",
                 "--email", "ann@example.com", "--backup-acknowledged", "--json")  # fmt: skip
    assert answer.exit_code == 0, answer.output
    return str(json.loads(answer.output)["id"])


def test_asking_for_documents_mails_the_customer(
    warrantor: CliRunner, empty_database_url: str
) -> None:
    rma_id = opened(warrantor)

    asked = run(warrantor, "ask-documents", rma_id, "a photo of the serial label")

    assert asked.exit_code == 0, asked.output
    assert asked.output == "asked ann@example.com for: a photo of the serial label\n"
    engine = create_engine(empty_database_url)
    try:
        with uow_factory_for(engine)(read_only=True) as uow:
            [told] = [m for m in uow.outbox.find() if m.topic == "rma.documents_requested"]
    finally:
        engine.dispose()
    assert f"/my/rmas/{rma_id}" in told.body
    assert "  a photo of the serial label" in told.body


def test_a_bouncing_address_is_marked_corrected(
    warrantor: CliRunner, empty_database_url: str
) -> None:
    rma_id = opened(warrantor)
    engine = create_engine(empty_database_url)
    try:
        with uow_factory_for(engine)() as uow:
            uow.failing_addresses.mark(
                "ann@example.com", reason="550 5.1.1 No such user",
                at=datetime(2026, 11, 23, tzinfo=UTC), outbox_id=1,
            )  # fmt: skip
        corrected = run(warrantor, "mail-corrected", rma_id)
        again = run(warrantor, "mail-corrected", rma_id)
        with uow_factory_for(engine)(read_only=True) as uow:
            failing = uow.failing_addresses.get("ann@example.com")
    finally:
        engine.dispose()

    assert corrected.exit_code == 0, corrected.output
    assert "mail goes to ann@example.com again" in corrected.output
    assert "550 5.1.1 No such user" in corrected.output
    assert failing is None
    assert again.exit_code != 0
    assert "not marked failing" in again.output
