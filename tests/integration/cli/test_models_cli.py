"""`warrantor models assign` and `list` (issue 19, item 1) through the real command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from warrantor.cli.main import app

HEADER = "brand,serial,model,purchased_on,proof_of_purchase,country_of_purchase"
ROW = "QNAP,QCLI0001,TS-h973AX,2025-01-15,INV-1,US"


@pytest.fixture
def warrantor(empty_database_url: str) -> CliRunner:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return runner


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args))


def test_assign_then_import_the_model_it_refused(warrantor: CliRunner, tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
    refused = run(warrantor, "units", "import", str(units))
    assert refused.exit_code != 0
    assert "warrantor models assign --brand QNAP --model 'TS-h973AX'" in refused.output

    assigned = run(
        warrantor, "models", "assign", "--brand", "QNAP", "--model", "TS-h973AX",
        "--line", "TS-x53", "--reason", "nearest series", "--json",
    )  # fmt: skip
    assert assigned.exit_code == 0, assigned.output
    assert json.loads(assigned.output)["version"] == 1

    imported = run(warrantor, "units", "import", str(units))
    assert imported.exit_code == 0, imported.output
    shown = run(warrantor, "units", "show", "QCLI0001", "--json")
    assert json.loads(shown.output)["product_line"] == "TS-x53"

    listed = run(warrantor, "models", "list")
    assert "QNAP 'TS-h973AX' -> TS-x53  v1" in listed.output
    trail = run(warrantor, "audit", "object", "model", "QNAP/TS-h973AX")
    assert "model.assigned" in trail.output
    assert "nearest series" in trail.output


def test_a_model_the_policy_places_is_refused(warrantor: CliRunner) -> None:
    refused = run(
        warrantor, "models", "assign", "--brand", "QNAP", "--model", "TS-453B mini",
        "--line", "TS-x70", "--reason", "wrong",
    )  # fmt: skip
    assert refused.exit_code != 0
    assert "places 'TS-453B mini' in TS-x53 itself" in refused.output


def test_the_assignments_in_force_list_a_page_at_a_time(warrantor: CliRunner) -> None:
    for model in ("ZZ-2", "ZZ-1", "ZZ-3"):
        placed = run(warrantor, "models", "assign", "--brand", "QNAP", "--model", model,
                     "--line", "TS-x53", "--reason", "nearest")  # fmt: skip
        assert placed.exit_code == 0, placed.output

    first = run(warrantor, "models", "list", "--limit", "2")
    [more] = [line for line in first.stderr.splitlines() if line.startswith("more: ")]
    rest = run(warrantor, "models", "list", "--limit", "2", "--cursor", more.split()[-1])
    every = run(warrantor, "models", "list", "--limit", "1", "--all", "--json")
    bad = run(warrantor, "models", "list", "--cursor", "not-a-cursor")

    assert [line.split()[1] for line in first.stdout.splitlines()[:2]] == ["'ZZ-1'", "'ZZ-2'"]
    assert "(2 model assignments; the list is not counted)" in first.stdout
    assert "'ZZ-3'" in rest.stdout and "'ZZ-1'" not in rest.stdout and "more:" not in rest.stderr
    assert [a["model"] for a in json.loads(every.stdout)] == ["ZZ-1", "ZZ-2", "ZZ-3"]
    assert bad.exit_code == 2 and "cursor" in bad.output
