"""`warrantor reports ...` (issue #23, item 3), through the real commands on each engine:
filters narrow the rows, the expiring report pages (``more: --cursor``) and ``--all
--csv`` prints every row beyond a page, and a wrong filter stops with exit code 2 naming
its option."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from warrantor.cli.main import app
from warrantor.services.clock import SystemClock


@pytest.fixture
def warrantor(empty_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> date:
    """A migrated database with 5 QNAP units bought in the US and 2 in Canada, each one's
    two years ending within the next 90 days (the CLI reads the machine's clock); returns
    the day they were bought."""
    monkeypatch.setenv("WARRANTOR_DATABASE_URL", empty_database_url)
    assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0
    bought = SystemClock().today() - timedelta(days=700)
    rows = ["brand,serial,model,purchased_on,proof_of_purchase,country_of_purchase,"
            "first_invoiced_on"]  # fmt: skip
    rows += [f"QNAP,QU{n},TS-453 Pro,{bought},R{n},US,{bought}" for n in range(5)]
    rows += [f"QNAP,QC{n},TS-453 Pro,{bought},S{n},CA,{bought}" for n in range(2)]
    units = tmp_path / "units.csv"
    units.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["units", "import", str(units)])
    assert result.exit_code == 0, result.output
    return bought


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["reports", *args])


@pytest.mark.usefixtures("warrantor")
def test_expiring_pages_and_all_prints_every_filtered_row_as_csv() -> None:
    page = run("expiring", "--country", "us", "--limit", "2", "--json")
    every = run("expiring", "--country", "US", "--limit", "2", "--all", "--csv")
    canada = run("expiring", "--country", "CA", "--json")

    assert page.exit_code == 0, page.output
    assert len(json.loads(page.stdout)) == 2 and "more: --cursor " in page.stderr
    cursor = page.stderr.split("more: --cursor ")[1].split()[0]
    after = run("expiring", "--country", "us", "--limit", "2", "--json", "--cursor", cursor)
    assert {r["serial"] for r in json.loads(after.stdout)}.isdisjoint(
        r["serial"] for r in json.loads(page.stdout)
    )
    assert every.exit_code == 0, every.output
    rows = list(csv.DictReader(io.StringIO(every.stdout)))
    assert sorted(r["serial"] for r in rows) == [f"QU{n}" for n in range(5)]
    assert "more:" not in every.stderr
    assert [r["serial"] for r in json.loads(canada.stdout)] == ["QC0", "QC1"]


def test_the_attach_rate_is_narrowed_by_country_and_prints_as_text(warrantor: date) -> None:
    every = run("attach", "--from", str(warrantor), "--json")
    canada = run("attach", "--from", str(warrantor), "--country", "CA")
    last_year = run("attach", "--json")
    rmas = run("rmas-per-line", "--brand", "qnap", "--csv")
    sla = run("sla", "--centre", "qnap-us", "--json")

    assert [r["units_invoiced"] for r in json.loads(every.stdout)] == [7]
    assert canada.exit_code == 0 and "units_invoiced=2 " in canada.stdout
    assert json.loads(last_year.stdout) == []  # bought 700 days ago: not in the last year
    assert rmas.exit_code == 0 and rmas.stdout.startswith("month,brand,product_line,")
    assert sla.exit_code == 0 and json.loads(sla.stdout) == []


@pytest.mark.usefixtures("warrantor")
@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["rmas-per-line", "--brand", "Acme"], "--brand"),
        (["sla", "--country", "USA"], "--country"),
        (["attach", "--centre", "qnap-us"], "--centre"),
        (["expiring", "--line", "toasters"], "--line"),
        (["expiring", "--from", "2026-01-01"], "--from"),
        (["rmas-per-line", "--from", "2026-13-01"], "--from"),
        (["expiring", "--csv", "--json"], "--csv"),
    ],
)
def test_a_wrong_filter_exits_2_naming_the_option(args: list[str], option: str) -> None:
    result = run(*args)

    assert result.exit_code == 2, result.output
    assert f"'{option}': " in result.stderr, result.stderr
    assert result.stdout == ""
