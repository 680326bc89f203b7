"""/api/v1/units: list with filters, show one, upload a units file (as a warranty admin).

Who sees which unit is tested in tests/integration/access/.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from warrantor.domain.actors import Actor, Role

ROWS = [
    {"brand": "QNAP", "serial": "QAPI0001", "model": "TS-453 Pro", "country_of_purchase": "US",
     "purchased_on": "2025-01-15", "proof_of_purchase": "INV-1", "manufactured_on": "2024-12-01"},
    {"brand": "QNAP", "serial": "QAPI0002", "model": "TS-879 Pro", "country_of_purchase": "CA",
     "purchased_on": "2023-06-30", "proof_of_purchase": "INV-2", "manufactured_on": "2023-05-01"},
    {"brand": "QNAP", "serial": "QAPI0003", "model": "TS-853U-RP", "country_of_purchase": "US",
     "purchased_on": "2022-02-01", "proof_of_purchase": "INV-3", "manufactured_on": "2022-01-01"},
]  # fmt: skip


@pytest.fixture
def client(client_as: Any) -> TestClient:
    """The app with a warranty admin signed in (staff see every unit; only admins import)."""
    admin: TestClient = client_as(Actor(Role.ADMIN, "MAKER", user_id=1, name="admin"))
    return admin


def test_units_are_filtered_by_line_country_and_purchase_days(
    client: TestClient, add_units: Any
) -> None:
    add_units(ROWS)
    by_line = client.get("/api/v1/units", params={"line": "TS-x53"}).json()
    assert [u["serial"] for u in by_line] == ["QAPI0001", "QAPI0003"]
    by_country = client.get("/api/v1/units", params={"country": "ca"}).json()
    assert [u["serial"] for u in by_country] == ["QAPI0002"]
    since = client.get("/api/v1/units", params={"purchased_from": "2023-01-01"}).json()
    assert [u["serial"] for u in since] == ["QAPI0001", "QAPI0002"]
    limited = client.get("/api/v1/units", params={"brand": "QNAP", "limit": 1}).json()
    assert len(limited) == 1


def test_a_bad_filter_is_422_naming_it(client: TestClient) -> None:
    response = client.get("/api/v1/units", params={"purchased_from": "someday"})
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["error"]["problems"]] == ["purchased_from"]


def test_one_unit_shows_its_dates_and_line(client: TestClient, add_units: Any) -> None:
    add_units(ROWS)
    unit = client.get("/api/v1/units/QNAP/qapi0002").json()
    assert unit["model"] == "TS-879 Pro"
    assert unit["product_line"] == "TS-x79"
    assert unit["purchased_on"] == "2023-06-30"
    assert client.get("/api/v1/units/QNAP/QAPI9999").status_code == 404


def test_an_upload_imports_the_file(client: TestClient, units_csv: Any) -> None:
    response = client.post("/api/v1/units/import", files={"file": ("units.csv", units_csv(ROWS))})
    assert response.status_code == 200, response.text
    assert response.json()["inserted"] == 3
    assert len(client.get("/api/v1/units").json()) == 3


def test_an_upload_with_a_bad_row_writes_nothing_and_names_row_and_column(
    client: TestClient, units_csv: Any
) -> None:
    bad = [*ROWS, {"brand": "QNAP", "serial": "QAPI0004", "model": "TS-9999 Turbo"}]
    response = client.post("/api/v1/units/import", files={"file": ("units.csv", units_csv(bad))})
    assert response.status_code == 422
    problems = response.json()["error"]["problems"]
    assert [(p["row"], p["field"]) for p in problems] == [(5, "model")]
    assert client.get("/api/v1/units").json() == []


def test_an_upload_skipping_invalid_rows_returns_the_rejects(
    client: TestClient, units_csv: Any
) -> None:
    bad = [*ROWS, {"brand": "QNAP", "serial": "QAPI0004", "model": "TS-453 Pro",
                   "purchased_on": "2025-02-30"}]  # fmt: skip
    response = client.post(
        "/api/v1/units/import",
        params={"skip_invalid": "true"},
        files={"file": ("units.csv", units_csv(bad))},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["inserted"], body["rejected"]) == (3, 1)
    assert body["rejects"][0]["row"] == 5
    assert "purchased_on" in body["rejects"][0]["reasons"]


def test_an_upload_that_is_not_utf8_is_refused(client: TestClient) -> None:
    latin1 = "brand,serial,model\nQNAP,QAPI0009,TS-453 Pro Caf\xe9\n".encode("latin-1")
    response = client.post("/api/v1/units/import", files={"file": ("units.csv", latin1)})
    assert response.status_code == 422
    assert "UTF-8" in response.json()["error"]["message"]
