"""``--cursor`` and ``--all`` on the listing commands (issue #23, item 1), through the real
command on a real database of each engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from warrantor.cli.main import app

SERIALS = [f"Q26PAGE{n}" for n in range(1, 6)]


@pytest.fixture
def warrantor(empty_database_url: str, tmp_path: Path) -> CliRunner:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    units = tmp_path / "units.csv"
    rows = [f"QNAP,{s},TS-453 Pro,2026-02-01,INV-{s},US" for s in SERIALS]
    header = "brand,serial,model,purchased_on,proof_of_purchase,country_of_purchase"
    units.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    imported = runner.invoke(app, ["units", "import", str(units)])
    assert imported.exit_code == 0, imported.output
    return runner


def run(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def next_cursor(result: Result) -> str | None:
    lines = [line for line in result.stderr.splitlines() if line.startswith("more: --cursor ")]
    return lines[0].removeprefix("more: --cursor ") if lines else None


def test_units_list_pages_with_cursor_and_says_where_the_next_page_starts(
    warrantor: CliRunner,
) -> None:
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        args = ["units", "list", "--limit", "2", "--json"]
        result = run(warrantor, *args, *(["--cursor", cursor] if cursor else []))
        seen += [u["serial"] for u in json.loads(result.stdout)]
        pages += 1
        cursor = next_cursor(result)
        if cursor is None:
            break
    assert (seen, pages) == (SERIALS, 3)
    table = run(warrantor, "units", "list", "--limit", "2")
    assert "Q26PAGE2" in table.stdout and "Q26PAGE3" not in table.stdout
    assert "(2 units; the installed base is not counted)" in table.stdout


def test_all_reads_every_page(warrantor: CliRunner) -> None:
    every = run(warrantor, "units", "list", "--limit", "2", "--all", "--json")
    assert [u["serial"] for u in json.loads(every.stdout)] == SERIALS
    assert next_cursor(every) is None
    table = run(warrantor, "units", "list", "--limit", "2", "--all")
    assert all(serial in table.stdout for serial in SERIALS)
    assert "(5 units;" in table.stdout


def test_a_bad_cursor_exits_2_naming_it(warrantor: CliRunner) -> None:
    result = warrantor.invoke(app, ["units", "list", "--cursor", "nonsense"])
    assert result.exit_code == 2
    assert "'cursor'" in result.output


def test_rma_list_pages_and_counts_the_whole_list(warrantor: CliRunner) -> None:
    for serial in SERIALS[:3]:
        opened = warrantor.invoke(
            app,
            ["rma", "open", serial, "--symptom", "dead", "--name", "Ann",
             "--email", "ann@example.com", "--backup-acknowledged", "--json"],
        )  # fmt: skip
        assert opened.exit_code == 0, opened.output
    first = run(warrantor, "rma", "list", "--limit", "2")
    assert "(2 RMAs of 3 in this list)" in first.stdout
    cursor = next_cursor(first)
    assert cursor is not None
    rest = run(warrantor, "rma", "list", "--limit", "2", "--cursor", cursor)
    assert "(1 RMA of 3 in this list)" in rest.stdout
    assert next_cursor(rest) is None
    every = json.loads(run(warrantor, "rma", "list", "--limit", "1", "--all", "--json").stdout)
    assert [r["serial"] for r in every] == SERIALS[:3]
    late = run(warrantor, "rma", "late", "--limit", "1", "--all")
    assert "(0 RMAs of 0 in this list)" in late.stdout
