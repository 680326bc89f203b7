"""`warrantor rma inspect|smart|decide|quote-*|repair|replace|finish|workshop|history`.

The CLI builds its own engine from WARRANTOR_DATABASE_URL, so these tests use
a fresh database (``empty_database_url``), seeded through the services, and
the real clock: the units' dates are relative to today.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result
from workshop_support import FIXTURES, open_rma

from warrantor.cli.main import app
from warrantor.policy.book import PolicyBook
from warrantor.services.clock import SystemClock
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.uow import uow_factory_for
from warrantor.store.accounts import Account
from warrantor.store.engine import create_db_engine
from warrantor.store.migrate import upgrade

POLICIES = Path(__file__).resolve().parents[3] / "policies"


@pytest.fixture
def seeded(empty_database_url: str, tmp_path: Path) -> tuple[CliRunner, dict[str, str]]:
    """A migrated database with a QNAP and a Netac unit, each with a received RMA."""
    upgrade(empty_database_url)
    engine = create_db_engine(empty_database_url)
    now = datetime.now(UTC)
    bought = (now.date() - timedelta(days=200)).isoformat()
    try:
        factory = uow_factory_for(engine)
        with factory() as uow:
            uow.accounts.upsert(Account(code="CUST-A", name="A", kind="customer"), now)
        csv = (
            "brand,serial,model,purchased_on,proof_of_purchase,country_of_purchase,owner\n"
            f"QNAP,QCLI0001,TS-453 Pro,{bought},INV-9,US,CUST-A\n"
            f"Netac,NCLI0001,NV3000 1TB,{bought},INV-8,CN,CUST-A\n"
        )
        summary = import_units(
            factory,
            io.BytesIO(csv.encode()),
            PolicyBook.from_dir(POLICIES),
            now=SystemClock().now(),
        )
        assert summary.rejected == 0
        qnap = open_rma(factory, now, "QNAP", "QCLI0001")
        netac = open_rma(factory, now, "Netac", "NCLI0001", service_country="CN")
    finally:
        engine.dispose()
    runner = CliRunner(
        env={"WARRANTOR_DATABASE_URL": empty_database_url, "WARRANTOR_DATA_DIR": str(tmp_path)}
    )
    assert qnap.number and netac.number
    return runner, {"qnap": qnap.number, "netac": netac.number}


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args))


def test_every_workshop_command_has_help_text() -> None:
    runner = CliRunner()
    names = ["inspect", "smart", "certificate", "decide", "quote-accept", "quote-decline"]
    names += ["repair", "replace", "finish", "workshop", "history"]
    for name in names:
        result = run(runner, "rma", name, "--help")
        assert result.exit_code == 0, (name, result.output)
        assert len(result.output.split("Usage:")[1].strip()) > 40, name


def test_inspect_decide_repair_replace_finish_and_history(
    seeded: tuple[CliRunner, dict[str, str]],
) -> None:
    runner, numbers = seeded
    qnap = numbers["qnap"]

    inspected = run(runner, "rma", "inspect", qnap, "--finding", "human_error")
    assert inspected.exit_code == 0, inspected.output
    assert "human_error" in inspected.output

    decided = run(runner, "rma", "decide", qnap, "--part", "fan", "--json")
    assert decided.exit_code == 0, decided.output
    body = json.loads(decided.output)
    assert (body["state"], body["decision"]["outcome"]) == ("repairing", "covered")

    repaired = run(runner, "rma", "repair", qnap, "--part", "fan:1:FAN-92")
    assert repaired.exit_code == 0, repaired.output
    assert "removed part to the maker" in repaired.output

    replaced = run(runner, "rma", "replace", qnap, "QCLI0002", "--condition", "reconditioned")
    assert replaced.exit_code == 0, replaced.output
    assert "QCLI0001" in replaced.output and "QCLI0002" in replaced.output

    finished = run(runner, "rma", "finish", qnap)
    assert finished.exit_code == 0, finished.output
    assert "state: Ready to ship back" in finished.output
    assert "repair cover: QCLI0002" in finished.output

    history = run(runner, "rma", "history", "QCLI0002", "--json")
    assert history.exit_code == 0, history.output
    found = json.loads(history.output)
    assert found["serials"] == ["QCLI0001", "QCLI0002"]
    assert [r["rma"]["number"] for r in found["rmas"]] == [qnap]

    text = run(runner, "rma", "history", "QCLI0001")
    assert "QCLI0001 -> QCLI0002" in text.output
    assert ": Ready to ship back (" in text.output and "ready_to_ship" not in text.output


def test_smart_upload_and_a_paid_quote_declined(seeded: tuple[CliRunner, dict[str, str]]) -> None:
    runner, numbers = seeded
    netac = numbers["netac"]

    bad = run(runner, "rma", "smart", netac, str(FIXTURES / "EXPECTED.md"))
    assert bad.exit_code == 2
    assert "flagged for a person" in bad.output
    shown = run(runner, "rma", "workshop", netac)
    assert "flagged for a person" in shown.output

    good = run(runner, "rma", "smart", netac, str(FIXTURES / "scrutiny__smart-nvme.json"))
    assert good.exit_code == 0, good.output
    assert "3.980 TB" in good.output
    assert "DOES NOT MATCH" in good.output


def test_a_not_covered_claim_needs_a_quote_then_the_customer_declines(
    seeded: tuple[CliRunner, dict[str, str]],
) -> None:
    runner, numbers = seeded
    qnap = numbers["qnap"]
    run(runner, "rma", "inspect", qnap, "-f", "mishandled")

    without = run(runner, "rma", "decide", qnap)
    assert without.exit_code == 2
    assert "quote" in without.output

    cents = run(runner, "rma", "decide", qnap, "--quote", "129.001", "--currency", "USD")
    assert cents.exit_code == 2 and "--quote" in cents.output, cents.output
    quoted = run(runner, "rma", "decide", qnap, "--quote", "129.00", "--currency", "USD")
    assert quoted.exit_code == 0, quoted.output
    assert "quote: USD 129.00" in quoted.output
    decided_by = quoted.output.index("  decided by:\n    [qnap.void.mishandled]")
    assert decided_by < quoted.output.index("  supported by:")

    declined = run(runner, "rma", "quote-decline", qnap)
    assert declined.exit_code == 0, declined.output
    assert "state: Ready to ship back" in declined.output
