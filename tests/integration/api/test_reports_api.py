"""The reports in the API (issue #23, item 3), on both engines: each filter changes the
figures, a wrong one is a 422 naming its field, the expiring report pages by cursor and its
CSV (``format=csv`` or ``Accept: text/csv``) holds every row beyond a page, and a customer,
a distributor or nobody signed in is refused."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Any

import pytest

from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import opening_step
from warrantor.store.rmas import NewRma

ANN = Actor(role=Role.CUSTOMER, account_code="CUST-ANN", user_id=1, name="Ann")
DIST = Actor(role=Role.DISTRIBUTOR, account_code="DIST-US", user_id=3, name="Dana")
ADMIN = Actor(role=Role.ADMIN, account_code="MAKER", user_id=6, name="Ada")
ROUTES = ["rmas-per-line", "sla", "attach", "expiring"]


def _units(count: int, country: str, prefix: str) -> list[dict[str, str]]:
    """QNAP units bought on 20 December 2024: their 2 years end on 19 December 2026."""
    return [{"brand": "QNAP", "serial": f"{prefix}{n:04d}", "model": "TS-453 Pro",
             "purchased_on": "2024-12-20", "proof_of_purchase": f"R{prefix}{n}",
             "country_of_purchase": country, "first_invoiced_on": "2024-12-01"}
            for n in range(count)]  # fmt: skip


def _rma(uow_factory: Any, serial: str, day: str, country: str, centre: str) -> int:
    opened = datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC)
    with uow_factory() as uow:
        unit = uow.units.get("QNAP", serial)
        new = NewRma(
            unit_id=uow.units.id_of("QNAP", serial), brand="QNAP", serial=serial,
            model=unit.model, customer_account_id=None, opened_by_account_id=None,
            opened_by_label="test", contact_name="Cy", contact_email="cy@example.com",
            symptom="dead", backup_acknowledged_at=opened, proof_of_purchase=None,
            service_country=country, service_point=centre,
        )  # fmt: skip
        return uow.rmas.add(new, opening_step(), opened)


def _csv(answer: Any) -> list[dict[str, str]]:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(answer.text)))


def test_the_expiring_report_pages_by_cursor_and_its_csv_holds_every_filtered_row(
    client_as: Any, add_units: Any
) -> None:
    add_units(_units(130, "US", "QU") + _units(3, "CA", "QC"))
    admin = client_as(ADMIN)

    first = admin.get("/api/v1/reports/expiring", params={"country": "us", "limit": 100})
    link = first.headers["link"]
    second = admin.get(link[1 : link.index(">")])
    every = _csv(admin.get("/api/v1/reports/expiring", params={"country": "us", "format": "csv"}))
    canada = _csv(
        admin.get(
            "/api/v1/reports/expiring", params={"country": "CA"}, headers={"Accept": "text/csv"}
        )
    )

    assert first.status_code == 200 and len(first.json()) == 100
    assert first.headers["x-total-count"] == "130"  # the window's units, filtered
    assert "country=us" in link
    assert second.status_code == 200 and "link" not in second.headers
    serials = [row["serial"] for row in first.json() + second.json()]
    assert len(serials) == len(set(serials)) == 130 and {s[:2] for s in serials} == {"QU"}
    assert sorted(row["serial"] for row in every) == sorted(serials)
    assert [row["serial"] for row in canada] == ["QC0000", "QC0001", "QC0002"]
    assert canada[0]["product_line_name"] and canada[0]["ends_on"] == "2026-12-19"


def test_filters_change_the_rma_counts_and_the_sla_clocks(
    client_as: Any, add_units: Any, uow_factory: Any
) -> None:
    add_units(_units(1, "US", "QU") + _units(1, "CA", "QC"))
    _rma(uow_factory, "QU0000", "2026-10-03", "US", "qnap-us")
    _rma(uow_factory, "QU0000", "2026-11-02", "US", "qnap-us")
    _rma(uow_factory, "QC0000", "2026-11-05", "CA", "qnap-ca")
    admin = client_as(ADMIN)

    def rmas(**params: str) -> int:
        answer = admin.get("/api/v1/reports/rmas-per-line", params=params)
        assert answer.status_code == 200, answer.text
        return sum(row["rmas"] for row in answer.json())

    assert rmas() == 3
    assert rmas(country="CA") == 1
    assert rmas(service_centre="qnap-us") == 2
    assert rmas(start="2026-11-01", end="2026-11-30") == 2
    assert rmas(brand="Netac") == 0
    per_line = _csv(admin.get("/api/v1/reports/rmas-per-line", params={"format": "csv"}))
    assert sum(int(row["rmas"]) for row in per_line) == 3
    sla = admin.get("/api/v1/reports/sla", params={"service_centre": "qnap-ca"})
    assert sla.status_code == 200, sla.text
    assert all(set(row) == {"clock", "month_due", "kept", "late", "open"} for row in sla.json())


def test_filters_change_the_attach_rate(client_as: Any, add_units: Any) -> None:
    add_units(_units(2, "US", "QU") + _units(1, "CA", "QC"))
    admin = client_as(ADMIN)
    period = {"start": "2024-01-01", "end": "2025-12-31"}

    every = admin.get("/api/v1/reports/attach", params=period)
    canada = admin.get("/api/v1/reports/attach", params={**period, "country": "CA"})
    as_csv = _csv(admin.get("/api/v1/reports/attach", params={**period, "format": "csv"}))

    assert [row["units_invoiced"] for row in every.json()] == [3]
    assert [row["units_invoiced"] for row in canada.json()] == [1]
    assert [row["units_invoiced"] for row in as_csv] == ["3"]


@pytest.mark.parametrize(
    ("route", "params", "field"),
    [
        ("rmas-per-line", {"brand": "Acme"}, "brand"),
        ("sla", {"country": "USA"}, "country"),
        ("attach", {"service_centre": "qnap-us"}, "service_centre"),
        ("expiring", {"product_line": "toasters", "format": "csv"}, "product_line"),
        ("expiring", {"start": "2026-01-01"}, "start"),
        ("rmas-per-line", {"start": "2026-11-30", "end": "2026-11-01"}, "start"),
        ("sla", {"end": "2026-13-01"}, "end"),
    ],
)
def test_a_wrong_filter_is_a_422_naming_the_field(
    client_as: Any, route: str, params: dict[str, str], field: str
) -> None:
    answer = client_as(ADMIN).get(f"/api/v1/reports/{route}", params=params)

    assert answer.status_code == 422, answer.text
    assert [p["field"] for p in answer.json()["error"]["problems"]] == [field]


@pytest.mark.parametrize("route", ROUTES)
def test_customers_distributors_and_strangers_are_refused(
    client_as: Any, client: Any, route: str
) -> None:
    url = f"/api/v1/reports/{route}"
    assert client_as(ANN).get(url).status_code == 403
    assert client_as(DIST).get(url, params={"format": "csv"}).status_code == 403
    assert client.get(url).status_code == 401
