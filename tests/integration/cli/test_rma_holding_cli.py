"""`warrantor rma holding` and a disposal refused before the holding period ends, through
the real command on a real database (issue #25, item 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from warrantor.cli.main import app


@pytest.fixture
def warrantor(empty_database_url: str, tmp_path: Path) -> CliRunner:
    runner = CliRunner(env={"WARRANTOR_DATABASE_URL": empty_database_url})
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    return runner


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, ["rma", *args])


def test_a_centre_holds_unauthorized_returns_for_the_days_an_admin_sets(
    warrantor: CliRunner,
) -> None:
    listed = run(warrantor, "holding")
    assert listed.exit_code == 0, listed.output
    assert "QNAP RMA, Canada (QNAP, qnap-ca): disposal at once" in listed.output

    set_ = run(warrantor, "holding", "QNAP", "qnap-ca", "--days", "5")
    assert set_.exit_code == 0, set_.output
    assert "QNAP RMA, Canada (QNAP, qnap-ca): 5 days" in set_.output
    shown = json.loads(run(warrantor, "holding", "--json").output)
    assert {"brand": "QNAP", "centre": "qnap-ca", "name": "QNAP RMA, Canada", "days": 5} in shown

    held = run(warrantor, "receive", "--brand", "QNAP", "--service-centre", "qnap-ca", "--json")
    assert held.exit_code == 0, held.output
    parcel = json.loads(held.output)["parcel"]
    assert parcel["service_centre"] == "qnap-ca"

    refused = run(warrantor, "unauthorized", "dispose", str(parcel["id"]))
    assert refused.exit_code != 0
    assert "may be disposed of from" in refused.output
    assert "(qnap-ca) holds unauthorized returns 5 days" in refused.output

    at_once = run(warrantor, "receive", "--brand", "QNAP", "--json")  # qnap-us: 0 days
    parcel_id = str(json.loads(at_once.output)["parcel"]["id"])
    disposed = run(warrantor, "unauthorized", "dispose", parcel_id)
    assert disposed.exit_code == 0, disposed.output
    assert "received at: QNAP RMA, USA (qnap-us)" in disposed.output


def test_setting_a_holding_period_needs_brand_centre_and_days(warrantor: CliRunner) -> None:
    missing = run(warrantor, "holding", "QNAP", "qnap-ca")
    assert missing.exit_code != 0
    assert "BRAND CENTRE --days N" in missing.output
    unknown = run(warrantor, "holding", "QNAP", "qnap-de", "--days", "2")
    assert unknown.exit_code != 0
    assert "no service centre 'qnap-de'" in unknown.output
