"""`warrantor check --file` (compact by default, --full on request) and
`warrantor coverage recompute`, through the real commands on each engine."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from test_check_cli import cli_env  # noqa: F401 (a fixture: a database with a few units)
from typer.testing import CliRunner

from warrantor.cli.main import app


def test_the_batch_csv_is_compact_and_says_it_came_from_the_projection(
    cli_env: Path,  # noqa: F811
) -> None:
    batch = cli_env / "serials.csv"
    batch.write_text("serial,brand\nQCLI0001,\nNCLI0001,Netac\n")

    result = CliRunner().invoke(app, ["check", "--file", str(batch), "--on", "2025-07-01"])

    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["outcome"], r["applies"], r["answered_from"]) for r in rows] == [
        ("covered", "standard 2023-02-01..2026-01-31", "projection"),
        ("covered", "standard 2025-06-01..2030-05-31", "projection"),
    ]
    assert rows[0]["policy_version"].startswith("qnap ")


def test_the_full_batch_gives_what_a_single_check_gives(cli_env: Path) -> None:  # noqa: F811
    batch = cli_env / "serials.csv"
    batch.write_text("serial\nQCLI0001\n")
    single = CliRunner().invoke(app, ["check", "QCLI0001", "--on", "2025-07-01", "--json"])

    result = CliRunner().invoke(
        app, ["check", "--file", str(batch), "--format", "jsonl", "--full", "--on", "2025-07-01"]
    )

    assert result.exit_code == 0, result.output
    (line,) = [json.loads(text) for text in result.output.splitlines()]
    assert line["answer"] == json.loads(single.output)


def test_recompute_reports_its_progress_and_is_resumable(cli_env: Path) -> None:  # noqa: F811
    everything = CliRunner().invoke(app, ["coverage", "recompute", "--all", "--chunk", "2"])
    assert everything.exit_code == 0, everything.output
    assert "4 units examined, 4 projections recomputed" in everything.stdout
    assert "resume with --after" in everything.stderr

    nothing_behind = CliRunner().invoke(app, ["coverage", "recompute", "--quiet"])
    assert "4 units examined, 0 projections recomputed" in nothing_behind.stdout
    assert nothing_behind.stderr == ""

    resumed = CliRunner().invoke(app, ["coverage", "recompute", "--after", "999999"])
    assert "nothing to recompute" in resumed.stdout
