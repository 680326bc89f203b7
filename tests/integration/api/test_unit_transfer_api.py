"""A unit changes hands (issue #23, item 6): staff record it with the resale's proof; the
new owner sees the unit, the old one no longer; coverage stays with the unit; audited."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import ANN, BOB, QNAP_SERIAL, seed

from warrantor.domain.actors import Actor, Role

ADMIN = Actor(Role.ADMIN, "MAKER", user_id=1, name="admin")
AGENT = Actor(Role.AGENT, "MAKER", user_id=2, name="Agnes")
URL = f"/api/v1/units/QNAP/{QNAP_SERIAL}/owner"
MOVE = {"new_owner": "CUST-BOB", "resale_proof": "EBAY-4471", "reason": "sold on eBay"}


@pytest.fixture
def seeded(uow_factory: Any, add_units: Any) -> None:
    seed(uow_factory, add_units)  # QNAP_SERIAL is Ann's (CUST-ANN)


def test_the_new_owner_sees_it_the_old_one_no_longer_and_coverage_stays(
    client_as: Any, seeded: None
) -> None:
    ann, bob, agent = client_as(ANN), client_as(BOB), client_as(AGENT)
    before = ann.get(f"/api/v1/units/QNAP/{QNAP_SERIAL}").json()
    covered = ann.get(f"/api/v1/units/QNAP/{QNAP_SERIAL}/coverage").json()
    moved = agent.post(URL, json=MOVE)
    assert moved.status_code == 200, moved.text
    assert moved.json()["unit"]["owner"] == "CUST-BOB"
    assert "coverage stays with the unit" in moved.json()["coverage_note"]
    assert ann.get(f"/api/v1/units/QNAP/{QNAP_SERIAL}").status_code == 404
    assert QNAP_SERIAL not in [u["serial"] for u in ann.get("/api/v1/units").json()]
    after = bob.get(f"/api/v1/units/QNAP/{QNAP_SERIAL}").json()
    assert (after["purchased_on"], after["proof_of_purchase"]) == (
        before["purchased_on"], before["proof_of_purchase"],
    )  # fmt: skip
    still = bob.get(f"/api/v1/units/QNAP/{QNAP_SERIAL}/coverage").json()
    assert (still["outcome"], still.get("covered_until")) == (
        covered["outcome"], covered.get("covered_until"),
    )  # fmt: skip
    trail = (
        client_as(ADMIN)
        .get("/api/v1/audit", params={"kind": "unit", "id": f"QNAP/{QNAP_SERIAL}"})
        .json()["events"]
    )
    latest = trail[0]
    assert latest["action"] == "unit.changed"
    assert (latest["before"]["owner"], latest["after"]["owner"]) == ("CUST-ANN", "CUST-BOB")
    assert "EBAY-4471" in (latest.get("why") or "")


def test_a_transfer_needs_staff_a_customer_account_and_a_proof(
    client_as: Any, seeded: None
) -> None:
    agent = client_as(AGENT)
    assert client_as(ANN).post(URL, json=MOVE).status_code == 403
    nobody = agent.post(URL, json={**MOVE, "new_owner": "DIST-US"})
    assert nobody.status_code == 422
    assert nobody.json()["error"]["problems"][0]["field"] == "new_owner"
    no_proof = agent.post(URL, json={**MOVE, "resale_proof": " "})
    assert no_proof.json()["error"]["problems"][0]["field"] == "resale_proof"
    assert agent.post("/api/v1/units/QNAP/NOSUCH1/owner", json=MOVE).status_code == 404
    assert agent.post(URL, json=MOVE).status_code == 200
    again = agent.post(URL, json=MOVE)
    assert again.status_code == 422  # already Bob's
