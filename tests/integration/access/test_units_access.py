"""Who sees which unit: owners their own, distributors and dealers what the maker invoiced
them, staff all; someone else's unit is 404 with none of its data; the public coverage
answer carries no owner data unless the asker may see the unit."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.http.actor import get_optional_actor
from warrantor.store.accounts import Account

UNITS = [
    {"brand": "QNAP", "serial": "QOWN0001", "model": "TS-453 Pro", "owner": "CUST-A",
     "first_invoiced_to": "DIST-A", "first_invoiced_on": "2025-01-02", "purchased_on": "2025-01-15",
     "proof_of_purchase": "INV-SECRET-A", "country_of_purchase": "US",
     "manufactured_on": "2024-12-01"},
    {"brand": "QNAP", "serial": "QOWN0002", "model": "TS-453 Pro", "owner": "CUST-B",
     "first_invoiced_to": "DEALER-D", "first_invoiced_on": "2025-01-02",
     "purchased_on": "2025-02-15", "proof_of_purchase": "INV-SECRET-B",
     "country_of_purchase": "US", "manufactured_on": "2024-12-01"},
]  # fmt: skip

CUSTOMER_A = Actor(Role.CUSTOMER, "CUST-A", user_id=11, name="a")
CUSTOMER_B = Actor(Role.CUSTOMER, "CUST-B", user_id=12, name="b")
DISTRIBUTOR_A = Actor(Role.DISTRIBUTOR, "DIST-A", user_id=13, name="dist")
DEALER_D = Actor(Role.DEALER, "DEALER-D", user_id=14, name="dealer")
DEALER_X = Actor(Role.DEALER, "DEALER-X", user_id=15, name="indirect dealer")
TECHNICIAN = Actor(Role.TECHNICIAN, "MAKER", user_id=16, name="tech")


@pytest.fixture
def units(runtime: Runtime, add_units: Any) -> None:
    now = runtime.clock.now()
    with runtime.uow_factory() as uow:
        for account in (
            Account("CUST-A", "A", "customer"),
            Account("CUST-B", "B", "customer"),
            Account("DIST-A", "Dist", "distributor", True),
            Account("DEALER-D", "Direct dealer", "dealer", True),
            Account("DEALER-X", "Dealer via distributor", "dealer", False),
        ):
            uow.accounts.upsert(account, now)
    summary = add_units(UNITS)
    assert summary.inserted == len(UNITS)


def as_(client_as: Any, actor: Actor) -> TestClient:
    client: TestClient = client_as(actor)
    client.app.dependency_overrides[get_optional_actor] = lambda: actor  # type: ignore[attr-defined]
    return client


def serials(client: TestClient) -> list[str]:
    response = client.get("/api/v1/units")
    assert response.status_code == 200, response.text
    return [u["serial"] for u in response.json()]


@pytest.mark.usefixtures("units")
def test_each_actor_lists_only_their_units(client_as: Any) -> None:
    assert serials(as_(client_as, CUSTOMER_A)) == ["QOWN0001"]
    assert serials(as_(client_as, CUSTOMER_B)) == ["QOWN0002"]
    assert serials(as_(client_as, DISTRIBUTOR_A)) == ["QOWN0001"]
    assert serials(as_(client_as, DEALER_D)) == ["QOWN0002"]
    assert serials(as_(client_as, TECHNICIAN)) == ["QOWN0001", "QOWN0002"]


@pytest.mark.usefixtures("units")
def test_a_dealer_without_invoices_sees_nothing_and_is_told_why(client_as: Any) -> None:
    response = as_(client_as, DEALER_X).get("/api/v1/units")
    assert response.json() == []
    assert "no record" in response.headers["X-Warrantor-Note"]


@pytest.mark.usefixtures("units")
def test_someone_elses_unit_is_404_like_one_that_does_not_exist(client_as: Any) -> None:
    client = as_(client_as, CUSTOMER_B)
    foreign = client.get("/api/v1/units/QNAP/QOWN0001")
    missing = client.get("/api/v1/units/QNAP/QNONE0001")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json()["error"]["message"] == missing.json()["error"]["message"].replace(
        "QNONE0001", "QOWN0001"
    )
    for secret in ("CUST-A", "DIST-A", "INV-SECRET-A", "TS-453"):
        assert secret not in foreign.text
    assert client.get("/api/v1/units/QNAP/QOWN0002").json()["owner"] == "CUST-B"


@pytest.mark.usefixtures("units")
def test_the_anonymous_coverage_answer_has_no_owner_data(client: TestClient) -> None:
    response = client.get("/api/v1/units/QNAP/QOWN0001/coverage", params={"on": "2025-06-01"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["covered"] is True
    assert body["owner_data"] is None
    for secret in ("CUST-A", "DIST-A", "INV-SECRET-A"):
        assert secret not in response.text
    by_serial = client.get("/api/v1/coverage", params={"serial": "QOWN0001"})
    assert "INV-SECRET-A" not in by_serial.text and "CUST-A" not in by_serial.text
    page = client.get("/check", params={"serial": "QOWN0001", "brand": "QNAP"})
    assert page.status_code == 200
    for secret in ("CUST-A", "DIST-A", "INV-SECRET-A"):
        assert secret not in page.text


@pytest.mark.usefixtures("units")
def test_the_owner_sees_owner_data_another_customer_does_not(client_as: Any) -> None:
    url = "/api/v1/units/QNAP/QOWN0001/coverage"
    mine = as_(client_as, CUSTOMER_A).get(url).json()
    assert mine["owner_data"]["owner"] == "CUST-A"
    assert mine["owner_data"]["proof_of_purchase"] == "INV-SECRET-A"
    theirs = as_(client_as, CUSTOMER_B).get(url)
    assert theirs.status_code == 200
    assert theirs.json()["owner_data"] is None and "INV-SECRET-A" not in theirs.text
    batch = as_(client_as, CUSTOMER_B).post(
        "/api/v1/coverage/batch", json={"items": [{"serial": "QOWN0001"}, {"serial": "QOWN0002"}]}
    )
    lines = batch.json()
    assert [line["answer"]["owner_data"] is not None for line in lines] == [False, True]


@pytest.mark.usefixtures("units")
def test_only_a_warranty_admin_imports_units(client_as: Any, units_csv: Any) -> None:
    rows = [{"brand": "QNAP", "serial": "QIMP0001", "model": "TS-453 Pro"}]
    file = {"file": ("units.csv", units_csv(rows))}
    for actor in (CUSTOMER_A, DISTRIBUTOR_A, TECHNICIAN):
        refused = as_(client_as, actor).post("/api/v1/units/import", files=file)
        assert refused.status_code == 403, actor
    admin = Actor(Role.ADMIN, "MAKER", user_id=1, name="admin")
    accepted = as_(client_as, admin).post("/api/v1/units/import", files=file)
    assert accepted.status_code == 200, accepted.text
    assert "QIMP0001" in serials(as_(client_as, admin))


def test_nobody_signed_in_lists_no_units(client: TestClient) -> None:
    assert client.get("/api/v1/units").status_code == 401
    assert client.get("/api/v1/units/QNAP/QOWN0001").status_code == 401
