"""Report pages: a chart with a text alternative, the figures as a table, the same rows as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from portal_support import ADMIN, AGENT, ANN, DIST, add_accounts

UNITS = [
    {"brand": "QNAP", "serial": "QSOON1", "model": "TS-453 Pro", "purchased_on": "2024-12-20",
     "proof_of_purchase": "R1", "country_of_purchase": "US"},
    {"brand": "QNAP", "serial": "QSOON2", "model": "TS-453 Pro", "purchased_on": "2025-01-05",
     "proof_of_purchase": "R2", "country_of_purchase": "US", "owner": "CUST-ANN"},
    {"brand": "QNAP", "serial": "QLATER", "model": "TS-453 Pro", "purchased_on": "2025-06-01",
     "proof_of_purchase": "R3", "country_of_purchase": "US"},
]  # fmt: skip


def test_the_expiring_report_charts_and_lists_the_units_and_exports_the_same_rows(
    client_as: Any, add_units: Any, uow_factory: Any
) -> None:
    add_accounts(uow_factory)
    add_units(UNITS)
    admin = client_as(ADMIN)
    page = admin.get("/reports/expiring")
    assert page.status_code == 200
    assert 'role="img"' in page.text and "<desc" in page.text
    assert "2 units&#39; coverage ends in the next 90 days" in page.text
    assert "QSOON1" in page.text and "QSOON2" in page.text and "QLATER" not in page.text
    export = admin.get("/reports/expiring.csv")
    assert export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert [(r["serial"], r["ends_on"]) for r in rows] == [
        ("QSOON1", "2026-12-19"),
        ("QSOON2", "2027-01-04"),
    ]
    assert {(r["product_line"], r["product_line_name"]) for r in rows} == {
        ("TS-x53", "TS-x53 NAS Series")
    }  # the name beside the code
    assert [(r["owner"], r["owner_name"]) for r in rows] == [("", ""), ("CUST-ANN", "Ann Smith")]
    assert "TS-x53 NAS Series" in page.text
    assert '<td data-label="owner name">Ann Smith</td>' in page.text


@pytest.mark.parametrize("name", ["rmas-per-line", "sla", "expiring", "attach"])
def test_every_report_renders_for_staff_with_its_csv_header(client_as: Any, name: str) -> None:
    agent = client_as(AGENT)
    page = agent.get(f"/reports/{name}")
    assert page.status_code == 200
    assert "<svg" in page.text and "<caption>" in page.text
    header = agent.get(f"/reports/{name}.csv").text.splitlines()[0]
    assert "," in header


def test_reports_are_closed_to_customers_and_distributors(client_as: Any) -> None:
    assert client_as(ANN).get("/reports").status_code == 403
    assert client_as(DIST).get("/reports/sla").status_code == 403
    assert client_as(DIST).get("/reports/sla.csv").status_code == 403


def test_a_bad_period_is_named_and_an_unknown_report_is_not_found(client_as: Any) -> None:
    admin = client_as(ADMIN)
    bad = admin.get("/reports/expiring", params={"days": "900"})
    assert bad.status_code == 422
    assert "days must be a whole number from 1 to 366" in bad.text
    assert admin.get("/reports/nosuch").status_code == 404
