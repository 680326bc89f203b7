"""Service centres' holding periods over HTTP, and a disposal refused before one ends
(issue #25, item 4)."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import ADMIN, ANN, TECH, seed

from warrantor.services.uow import UnitOfWorkFactory


@pytest.fixture
def seeded(uow_factory: UnitOfWorkFactory, add_units: Any) -> None:
    seed(uow_factory, add_units)


def test_an_admin_sets_a_holding_period_and_disposal_waits_for_it(
    client_as: Any, seeded: None
) -> None:
    admin, tech = client_as(ADMIN), client_as(TECH)

    listed = tech.get("/api/v1/service-centres")
    assert listed.status_code == 200
    assert {"brand": "QNAP", "centre": "qnap-ca", "name": "QNAP RMA, Canada", "days": 0} in (
        listed.json()
    )
    put = admin.put("/api/v1/service-centres/qnap/qnap-us/holding-period", json={"days": 10})
    assert put.status_code == 200, put.text
    assert put.json() == {"brand": "QNAP", "centre": "qnap-us", "name": "QNAP RMA, USA", "days": 10}

    received = tech.post(
        "/api/v1/parcels", json={"brand": "QNAP", "sender_name": "Carl", "serial": "X1"}
    ).json()
    assert received["parcel"]["service_centre"] == "qnap-us"
    parcel_id = received["parcel"]["id"]
    # The tests' clock: Monday 23 November 2026; held 10 days: from 3 December.
    early = tech.post(f"/api/v1/unauthorized-returns/{parcel_id}/dispose", json={})
    assert early.status_code == 409
    assert "may be disposed of from 2026-12-03, not before" in early.json()["error"]["message"]

    toronto = tech.post(
        "/api/v1/parcels",
        json={"brand": "QNAP", "sender_name": "Dee", "service_centre": "qnap-ca"},
    ).json()["parcel"]
    assert toronto["service_centre"] == "qnap-ca"
    at_once = tech.post(f"/api/v1/unauthorized-returns/{toronto['id']}/dispose", json={})
    assert at_once.json()["status"] == "disposed"


def test_holding_periods_are_refused_to_the_wrong_people_and_bad_values(
    client_as: Any, seeded: None
) -> None:
    admin = client_as(ADMIN)
    url = "/api/v1/service-centres/qnap/qnap-us/holding-period"

    assert client_as(TECH).put(url, json={"days": 3}).status_code == 403
    assert client_as(ANN).get("/api/v1/service-centres").status_code == 403
    negative = admin.put(url, json={"days": -1})
    assert negative.status_code == 422
    assert negative.json()["error"]["problems"][0]["field"] == "days"
    unknown = admin.put("/api/v1/service-centres/qnap/qnap-de/holding-period", json={"days": 1})
    assert unknown.status_code == 404
    assert "its centres: qnap-us, qnap-ca" in unknown.json()["error"]["message"]
    wrong = client_as(TECH).post(
        "/api/v1/parcels", json={"brand": "QNAP", "sender_name": "Eve", "service_centre": "x"}
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["problems"][0]["field"] == "service_centre"
