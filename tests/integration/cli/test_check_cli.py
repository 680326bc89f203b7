"""`warrantor check` through the real command, on a real database of each engine."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from warrantor.cli.main import app

ROWS = [
    "brand,serial,model,manufactured_on,purchased_on,proof_of_purchase,country_of_purchase",
    "QNAP,QCLI0001,TS-879 Pro,2023-01-10,2023-02-01,INV-1,US",
    "Netac,NCLI0001,NV7000 2TB,2025-06-01,,,CN",
    "Netac,SHARED01,NV7000 2TB,2025-06-01,,,CN",
    "QNAP,SHARED01,TS-251+,2025-06-01,2025-06-20,INV-2,DE",
]


@pytest.fixture
def cli_env(empty_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated database with a few units, named by WARRANTOR_DATABASE_URL."""
    monkeypatch.setenv("WARRANTOR_DATABASE_URL", empty_database_url)
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    units = tmp_path / "units.csv"
    units.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["units", "import", str(units)])
    assert result.exit_code == 0, result.output
    return tmp_path


def test_check_prints_the_answer_and_the_clauses(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["check", "QCLI0001", "--on", "2025-06-01"])
    assert result.exit_code == 0, result.output
    assert "COVERED on 2025-06-01 until 2026-01-31" in result.output
    assert "· TS-x79 NAS Series (TS-x79)" in result.output  # the line's name, its id a hint
    assert "Why (" in result.output
    assert " Decided by:\n  qnap.table.3-year:" in result.output


def test_check_text_puts_what_decided_before_what_supports(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["check", "QCLI0001", "--on", "2026-02-01"])

    assert "NOT COVERED on 2026-02-01" in result.output
    assert result.output.index(" Decided by:") < result.output.index(" Supported by:")
    assert "  standard warranty  2023-02-01 .. 2026-01-31  Ended 31 January 2026\n" in (
        result.output
    )  # the coverage by its name, and why it doesn't count


def test_check_json_names_the_determining_and_supporting_clauses(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["check", "QCLI0001", "--on", "2026-02-01", "--json"])

    body = json.loads(result.output)
    assert body["outcome"] == "not_covered" and body["determining"]
    assert body["supporting"] and not set(body["supporting"]) & set(body["determining"])
    assert [r["clause_id"] for r in body["reasons"]] == body["determining"] + body["supporting"]
    assert body["errors"] == []


def test_check_json_has_the_coverages_and_reasons(cli_env: Path) -> None:
    result = CliRunner().invoke(
        app, ["check", "--brand", "qnap", "qcli0001", "--on", "2026-02-01", "--json"]
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["covered"] is False
    assert body["coverages"][0] == {
        "kind": "standard",
        "starts_on": "2023-02-01",
        "ends_on": "2026-01-31",
        "in_force": False,
        "clause_ids": body["coverages"][0]["clause_ids"],
        "note": body["coverages"][0]["note"],
    }
    assert body["reasons"]


def test_the_operator_at_the_cli_sees_the_owner_data_the_public_answer_hides(
    cli_env: Path,
) -> None:
    result = CliRunner().invoke(app, ["check", "--brand", "QNAP", "QCLI0001", "--json"])

    assert result.exit_code == 0, result.output
    owner_data = json.loads(result.output)["owner_data"]
    assert owner_data["proof_of_purchase"] == "INV-1"
    assert owner_data["country_of_purchase"] == "US"


def test_an_ambiguous_serial_is_an_error_listing_the_brands(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["check", "SHARED01"])
    assert result.exit_code == 2
    assert "Netac, QNAP" in result.output


def test_an_unknown_serial_is_an_error_naming_it(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["check", "NOSUCH99"])
    assert result.exit_code == 2
    assert "NOSUCH99" in result.output


def test_a_bad_date_is_an_error_naming_the_option(cli_env: Path) -> None:
    result = CliRunner().invoke(app, ["check", "QCLI0001", "--on", "31/12/2026"])
    assert result.exit_code == 2
    assert "--on" in result.output


def test_a_batch_file_gets_one_csv_answer_per_row(cli_env: Path) -> None:
    batch = cli_env / "serials.csv"
    batch.write_text("serial,brand\nQCLI0001,\nNCLI0001,Netac\nSHARED01,\nnot a serial!,\n")
    result = CliRunner().invoke(app, ["check", "--file", str(batch), "--on", "2025-07-01"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["row"] for r in rows] == ["2", "3", "4", "5"]
    assert rows[0]["outcome"] == "covered" and rows[0]["covered_until"] == "2026-01-31"
    assert rows[0]["determining"].split() == ["qnap.table.3-year"]  # stated over inferred
    assert rows[1]["outcome"] == "covered" and rows[1]["usage"] == "not verified"
    assert "QNAP" in rows[2]["error"] or "several brands" in rows[2]["error"]
    assert "not allowed" in rows[3]["error"]


def test_a_batch_file_as_json_lines(cli_env: Path) -> None:
    batch = cli_env / "serials.csv"
    batch.write_text("serial\nQCLI0001\n")
    result = CliRunner().invoke(
        app, ["check", "--file", str(batch), "--format", "jsonl", "--on", "2025-07-01"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines[0]["answer"]["covered"] is True


def test_a_batch_file_without_a_serial_column_is_refused(cli_env: Path) -> None:
    batch = cli_env / "serials.csv"
    batch.write_text("sn\nQCLI0001\n")
    result = CliRunner().invoke(app, ["check", "--file", str(batch)])
    assert result.exit_code == 2
    assert "'serial'" in result.output
