"""``warrantor rma assign``, ``rma workload`` and a person's queue (``rma list --assignee``),
and ``rma search``, through the real command on a real database of each engine (issue #23,
items 4 and 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from warrantor.cli.main import app

SERIALS = ("Q26ASG1", "Q26ASG2")


@pytest.fixture
def warrantor(empty_database_url: str, tmp_path: Path) -> CliRunner:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})
    run(runner, "db", "upgrade")
    run(runner, "accounts", "add", "MAKER", "--name", "The maker", "--kind", "agent")
    for email, name, role in (("agnes@maker.example", "Agnes", "agent"),
                              ("theo@maker.example", "Theo", "technician")):  # fmt: skip
        args = ["users", "create", "--email", email, "--name", name, "--role", role]
        password = "correct horse battery\n"
        result = runner.invoke(app, [*args, "--account", "MAKER"], input=password * 2)
        assert result.exit_code == 0, result.output
    units = tmp_path / "units.csv"
    header = "brand,serial,model,purchased_on,proof_of_purchase,country_of_purchase"
    rows = [f"QNAP,{s},TS-453 Pro,2026-02-01,INV-{s},US" for s in SERIALS]
    units.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    run(runner, "units", "import", str(units))
    for serial in SERIALS:
        run(runner, "rma", "open", serial, "--symptom", "dead", "--name", "Ann",
            "--email", "ann@example.com", "--backup-acknowledged")  # fmt: skip
    return runner


def run(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_assign_reassign_and_each_persons_queue(warrantor: CliRunner) -> None:
    assigned = run(warrantor, "rma", "assign", "1", "--to", "agnes@maker.example", "--reason", "x")
    assert "assigned to Agnes" in assigned.stdout
    queue = json.loads(
        run(warrantor, "rma", "list", "--assignee", "agnes@maker.example", "--json").stdout
    )
    assert [r["id"] for r in queue] == [1]
    unassigned = json.loads(run(warrantor, "rma", "list", "--unassigned", "--json").stdout)
    assert [r["id"] for r in unassigned] == [2]
    run(warrantor, "rma", "assign", "1", "--to", "theo@maker.example", "--reason", "workshop")
    load = run(warrantor, "rma", "workload").stdout.splitlines()
    assert [line.split(maxsplit=1) for line in load] == [
        ["1", "Theo"],
        ["1", "unassigned at QNAP RMA, USA (qnap-us)"],  # the centre by its name
    ]
    shown = run(warrantor, "rma", "show", "1").stdout
    assert "assign: requested -> requested  by cli (admin)  (to Theo: workshop)" in shown
    back = run(warrantor, "rma", "assign", "1", "--unassign")
    assert "assigned to" not in back.stdout


def test_assign_needs_one_of_to_or_unassign_and_a_known_person(warrantor: CliRunner) -> None:
    neither = warrantor.invoke(app, ["rma", "assign", "1"])
    assert neither.exit_code == 2
    assert "--to EMAIL or --unassign" in neither.output
    nobody = warrantor.invoke(app, ["rma", "assign", "1", "--to", "nobody@maker.example"])
    assert nobody.exit_code == 2
    assert "'assignee'" in nobody.output


def test_rma_search_finds_by_serial_then_by_name(warrantor: CliRunner) -> None:
    by_serial = run(warrantor, "rma", "search", "q26asg2").stdout
    assert by_serial.splitlines()[0].split()[:3] == ["exact", "serial", "#2"]
    by_name = json.loads(run(warrantor, "rma", "search", "ann@", "--json").stdout)
    assert [(h["tier"], h["matched"]) for h in by_name] == [("prefix", "contact_email")] * 2
