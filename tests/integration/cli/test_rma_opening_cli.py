"""`warrantor rma open` for a unit whose coverage has ended says so at once and offers a
paid repair (issue #25, item 4), through the real command on a real database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warrantor.cli.main import app

UNITS = (
    "brand,serial,model,purchased_on,proof_of_purchase,country_of_purchase\n"
    "QNAP,QOLDCLI1,TS-453 Pro,2019-02-01,INV-OLD-1,US\n"
    "QNAP,QOLDCLI2,TS-453 Pro,2019-02-01,INV-OLD-2,US\n"
)
OPEN = ["--symptom", "no power", "--name", "Ann", "--email", "ann@example.com",
        "--backup-acknowledged"]  # fmt: skip


@pytest.fixture
def warrantor(empty_database_url: str, tmp_path: Path) -> CliRunner:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    units = tmp_path / "units.csv"
    units.write_text(UNITS, encoding="utf-8")
    assert runner.invoke(app, ["units", "import", str(units)]).exit_code == 0
    return runner


def test_opening_an_rma_for_an_expired_unit_warns_and_offers_a_paid_repair(
    warrantor: CliRunner,
) -> None:
    opened = warrantor.invoke(app, ["rma", "open", "QOLDCLI1", *OPEN])

    assert opened.exit_code == 0, opened.output
    assert "Requested" in opened.output  # the state by its name
    assert "Not covered today: Not covered on " in opened.output
    assert "the standard warranty ended on 31 January 2021" in opened.output
    assert "It is paid: after the unit is inspected you get a quote" in opened.output

    as_json = warrantor.invoke(app, ["rma", "open", "QOLDCLI2", *OPEN, "--json"])
    answer = json.loads(as_json.output)
    assert answer["state"] == "requested"
    assert answer["not_covered"]["outcome"] == "not_covered"
    assert answer["not_covered"]["determining"]
