"""`warrantor db`, `accounts` and `units` through the real command, on a real database.

The CLI builds its own engine from WARRANTOR_DATABASE_URL, so these tests use
a fresh database each (``empty_database_url``) rather than the rolled-back
test connection.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from warrantor.cli.main import app

HEADER = "brand,serial,model,first_invoiced_to,purchased_on,country_of_purchase"


@pytest.fixture
def warrantor(empty_database_url: str) -> CliRunner:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return runner


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args))


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_commands_refuse_a_database_that_was_never_migrated(empty_database_url: str) -> None:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})

    result = run(runner, "units", "list")

    assert result.exit_code == 2
    assert "warrantor db upgrade" in result.output


def test_import_then_list_and_show(warrantor: CliRunner, tmp_path: Path) -> None:
    added = run(
        warrantor,
        "accounts",
        "add",
        "DIST-US",
        "--name",
        "US Dist",
        "--kind",
        "distributor",
        "--direct",
    )
    assert added.exit_code == 0, added.output
    file = write_csv(
        tmp_path / "units.csv",
        "QNAP,Q1,TS-453 Pro,DIST-US,2024-03-15,US",
        "Netac,N1,NV7000 2TB,,2024-04-01,CN",
    )

    imported = run(warrantor, "units", "import", str(file))
    assert imported.exit_code == 0, imported.output
    assert "2 rows read, 2 inserted" in imported.output

    listed = run(warrantor, "units", "list", "--country", "us", "--json")
    assert listed.exit_code == 0, listed.output
    assert [u["serial"] for u in json.loads(listed.output)] == ["Q1"]
    assert json.loads(listed.output)[0]["product_line"] == "TS-x53"  # --json keeps the id
    text = run(warrantor, "units", "list", "--country", "us")
    assert "TS-x53 NAS Series (TS-x53)" in text.output, text.output

    shown = run(warrantor, "units", "show", "q1", "--json")
    assert shown.exit_code == 0, shown.output
    unit = json.loads(shown.output)
    assert (unit["brand"], unit["first_invoiced_to"], unit["purchased_on"]) == (
        "QNAP",
        "DIST-US",
        "2024-03-15",
    )

    again = run(warrantor, "units", "import", str(file))
    assert "0 inserted, 0 updated, 2 unchanged" in again.output


def test_a_bad_file_exits_2_naming_row_and_column_and_writes_nothing(
    warrantor: CliRunner, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "units.csv",
        "QNAP,Q1,TS-453 Pro,,2024-03-15,US",
        "QNAP,Q2,TS-999 Imaginary,,2024-03-15,US",
    )

    result = run(warrantor, "units", "import", str(file))

    assert result.exit_code == 2
    assert "row 3, 'model'" in result.output
    assert "TS-999 Imaginary" in result.output
    listed = run(warrantor, "units", "list", "--json")
    assert json.loads(listed.output) == []


def test_skip_invalid_writes_good_rows_and_reports_the_rejects_file(
    warrantor: CliRunner, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "units.csv",
        "QNAP,Q1,TS-453 Pro,,2024-03-15,US",
        "QNAP,Q2,TS-453 Pro,,15/03/2024,US",
    )

    result = run(warrantor, "units", "import", str(file), "--skip-invalid")

    assert result.exit_code == 0, result.output
    rejects = tmp_path / "units.rejects.csv"
    assert f"rejected rows written to {rejects}" in result.output.replace("\n", "")
    lines = rejects.read_text(encoding="utf-8").splitlines()
    assert lines[0] == HEADER + ",row,reasons"
    assert lines[1].startswith("QNAP,Q2,TS-453 Pro,,15/03/2024,US,3,")


def test_show_an_ambiguous_serial_lists_the_brands(warrantor: CliRunner, tmp_path: Path) -> None:
    file = write_csv(tmp_path / "units.csv", "QNAP,SAME,TS-453 Pro,,,", "Netac,SAME,NV7000 2TB,,,")
    assert run(warrantor, "units", "import", str(file)).exit_code == 0

    result = run(warrantor, "units", "show", "SAME")

    assert result.exit_code == 2
    assert "choose one of: Netac, QNAP" in result.output
    assert run(warrantor, "units", "show", "SAME", "--brand", "netac").exit_code == 0


def test_show_an_unknown_serial_names_it(warrantor: CliRunner) -> None:
    result = run(warrantor, "units", "show", "NOPE-9")

    assert result.exit_code == 2
    assert "NOPE-9" in result.output


def test_every_command_has_help_text() -> None:
    runner = CliRunner()
    for group in ("db", "units", "accounts"):
        result = runner.invoke(app, [group, "--help"])
        assert result.exit_code == 0
        assert "Usage" in result.output
    for command in (["units", "import"], ["units", "list"], ["units", "show"], ["db", "upgrade"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, result.output
