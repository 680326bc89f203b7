"""``warrantor units transfer`` (issue #23, item 6), through the real command on a real
database of each engine."""

from __future__ import annotations

import json

from test_paging_cli import run, warrantor  # noqa: F401 (a fixture: five QNAP units)
from typer.testing import CliRunner

from warrantor.cli.main import app


def test_units_transfer_moves_the_owner_and_keeps_the_purchase(
    warrantor: CliRunner,  # noqa: F811
) -> None:
    for code in ("CUST-A", "CUST-B"):
        run(warrantor, "accounts", "add", code, "--name", code, "--kind", "customer")
    first = warrantor.invoke(
        app, ["units", "transfer", "Q26PAGE1", "--to", "CUST-A", "--proof", "R-1"]
    )
    assert first.exit_code == 0, first.output
    moved = run(warrantor, "units", "transfer", "Q26PAGE1", "--to", "CUST-B", "--proof", "R-2")
    assert "now belongs to CUST-B" in moved.stdout
    assert "coverage stays with the unit" in moved.stdout
    shown = json.loads(run(warrantor, "units", "show", "Q26PAGE1", "--json").stdout)
    assert (shown["owner"], shown["purchased_on"], shown["proof_of_purchase"]) == (
        "CUST-B", "2026-02-01", "INV-Q26PAGE1",
    )  # fmt: skip
    refused = warrantor.invoke(
        app, ["units", "transfer", "Q26PAGE1", "--to", "NOBODY", "--proof", "R-3"]
    )
    assert refused.exit_code == 2 and "'new_owner'" in refused.output
