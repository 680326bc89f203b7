"""`warrantor rma ...` through the real command on a real database (issue #5)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner, Result

from warrantor.cli import rma as rma_cli
from warrantor.cli.main import app

UNITS = (
    "brand,serial,model,purchased_on,proof_of_purchase,country_of_purchase\n"
    "QNAP,Q26CLI001,TS-453 Pro,2026-02-01,INV-CLI-1,US\n"
)
YEAR = datetime.now(UTC).year  # the CLI runs on the system clock


@pytest.fixture
def warrantor(empty_database_url: str, tmp_path: Path) -> CliRunner:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    units = tmp_path / "units.csv"
    units.write_text(UNITS, encoding="utf-8")
    imported = runner.invoke(app, ["units", "import", str(units)])
    assert imported.exit_code == 0, imported.output
    return runner


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, ["rma", *args])


def test_the_desk_path_on_the_command_line(warrantor: CliRunner) -> None:
    opened = run(
        warrantor,
        "open",
        "Q26CLI001",
        "--symptom",
        "no power",
        "--name",
        "Ann",
        "--email",
        "ann@example.com",
        "--backup-acknowledged",
        "--json",
    )
    assert opened.exit_code == 0, opened.output
    rma_id = str(json.loads(opened.output)["id"])
    assert run(warrantor, "troubleshoot", rma_id).exit_code == 0
    assert run(warrantor, "note", rma_id, "PSU swapped remotely, no luck").exit_code == 0
    validated = run(warrantor, "validate", rma_id)
    assert "RMA number due:" in validated.output
    assert "qnap.rma.number-two-days" in validated.output
    issued = run(warrantor, "issue", rma_id)
    number = f"QNAP-{YEAR}-000001"
    assert number in issued.output
    assert "qnap.ext.delivery-cost" in issued.output
    received = run(warrantor, "receive", "--number", number, "--carrier", "UPS")
    assert received.exit_code == 0, received.output
    assert "received" in received.output
    assert "qnap.ext.repair-7-days" in received.output

    shown = run(warrantor, "show", number)
    assert shown.exit_code == 0
    assert "validate_documents: troubleshooting -> documents_validated" in shown.output
    assert "PSU swapped remotely" in shown.output
    assert f"{number}  Unit received  QNAP Q26CLI001  at QNAP RMA, USA" in shown.output
    listed = run(warrantor, "list", "--state", "received", "--json")
    assert [r["number"] for r in json.loads(listed.output)] == [number]


def test_an_illegal_step_exits_with_the_conflict_and_changes_nothing(
    warrantor: CliRunner,
) -> None:
    opened = run(
        warrantor,
        "open",
        "Q26CLI001",
        "--symptom",
        "x",
        "--name",
        "Ann",
        "--email",
        "ann@example.com",
        "--backup-acknowledged",
        "--json",
    )
    rma_id = str(json.loads(opened.output)["id"])

    refused = run(warrantor, "ship", rma_id, "--carrier", "UPS", "--tracking", "1")

    assert refused.exit_code != 0
    assert "ship is not possible" in refused.output
    assert json.loads(run(warrantor, "show", rma_id, "--json").output)["rma"]["state"] == (
        "requested"
    )


def test_refusing_the_backup_acknowledgement_cites_the_clause(warrantor: CliRunner) -> None:
    refused = run(
        warrantor, "open", "Q26CLI001", "--symptom", "x", "--name", "A", "--email", "a@b.co"
    )
    assert refused.exit_code != 0
    assert "qnap.data-backup" in refused.output


def test_troubleshooting_comes_first_unless_skipped_with_a_reason(warrantor: CliRunner) -> None:
    opened = run(warrantor, "open", "Q26CLI001", "--symptom", "x", "--name", "A",
                 "--email", "a@b.co", "--backup-acknowledged", "--json")  # fmt: skip
    rma_id = str(json.loads(opened.output)["id"])

    early = run(warrantor, "validate", rma_id)
    assert early.exit_code != 0
    assert "qnap.first-contact-support" in early.output
    assert run(warrantor, "skip-troubleshooting", rma_id).exit_code != 0  # --reason is needed
    skipped = run(warrantor, "skip-troubleshooting", rma_id, "--reason", "support saw the logs")
    assert skipped.exit_code == 0, skipped.output
    assert run(warrantor, "validate", rma_id).exit_code == 0
    shown = run(warrantor, "show", rma_id)
    assert "skip_troubleshooting: requested -> requested" in shown.output
    assert "support saw the logs" in shown.output


def test_an_unauthorized_return_is_held_charged_and_returned(warrantor: CliRunner) -> None:
    held = run(warrantor, "receive", "--brand", "QNAP", "--sender", "Carl", "--json")
    assert held.exit_code == 0, held.output
    parcel_id = str(json.loads(held.output)["parcel"]["id"])

    charged = run(
        warrantor,
        "unauthorized",
        "cost",
        parcel_id,
        "--what",
        "handling",
        "--amount",
        "15.00",
        "--currency",
        "usd",
    )
    assert "charged to the sender: USD 15.00" in charged.output
    for bad, why in (
        ("15.001", "at most 2 decimals"),
        ("-1", "must not be negative"),
        ("fifteen", "an amount of USD like 129.00"),
    ):
        refused = run(
            warrantor,
            "unauthorized",
            "cost",
            parcel_id,
            "--what",
            "storage",
            "--amount",
            bad,
            "--currency",
            "USD",
        )
        assert refused.exit_code == 2
        assert "--amount" in refused.output and why in refused.output, refused.output
    assert "qnap.rma.without-number" in run(warrantor, "unauthorized", "list").output
    returned = run(
        warrantor, "unauthorized", "return", parcel_id, "--carrier", "UPS", "--tracking", "1Z"
    )
    assert "returned" in returned.output
    assert (
        "(0 unauthorized returns of 0 in this list)"
        in run(warrantor, "unauthorized", "list").output
    )


def test_every_rma_command_has_help_text() -> None:
    group = get_command(rma_cli.app)
    assert isinstance(group, typer.core.TyperGroup)

    def walk(command: object, path: str) -> list[str]:
        missing = [] if getattr(command, "help", None) else [path]
        for name, sub in getattr(command, "commands", {}).items():
            missing += walk(sub, f"{path} {name}")
        return missing

    assert walk(group, "rma") == []
