"""First contact and claim documents over the API (issue 19, item 5).

QNAP's policy makes technical support the first contact: an RMA's documents are validated
only after troubleshooting, or once an agent skipped it with a reason (on the timeline and
in the audit). Netac's policy names the documents a claim needs: validation refuses while
one is missing, naming it and citing the clause.
"""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import ADMIN, AGENT, ANN, DEALER, NETAC_SERIAL, seed

from warrantor.services.uow import UnitOfWorkFactory

OPEN = {
    "serial": "Q26DESK001",
    "brand": "QNAP",
    "symptom": "fan noise, then dead",
    "contact_name": "Ann Smith",
    "contact_email": "ann@example.com",
    "backup_acknowledged": True,
}
FIRST_CONTACT = [
    "qnap.benefit.manufacturer",
    "qnap.rma.contact-directly",
    "qnap.first-contact-support",
]


@pytest.fixture
def seeded(uow_factory: UnitOfWorkFactory, add_units: Any) -> None:
    seed(uow_factory, add_units)


def test_qnap_documents_wait_for_troubleshooting_unless_an_agent_skips_it(
    client_as: Any, seeded: None
) -> None:
    agent = client_as(AGENT)
    rma_id = client_as(ANN).post("/api/v1/rmas", json=OPEN).json()["id"]

    early = agent.post(f"/api/v1/rmas/{rma_id}/validate-documents", json={})
    assert early.status_code == 422, early.text
    assert early.json()["error"]["clause_ids"] == FIRST_CONTACT
    assert "start troubleshooting first" in early.json()["error"]["message"]
    no_reason = agent.post(f"/api/v1/rmas/{rma_id}/events/skip_troubleshooting", json={})
    assert no_reason.status_code == 422
    assert no_reason.json()["error"]["problems"][0]["field"] == "reason"
    assert client_as(ANN).get(f"/api/v1/rmas/{rma_id}").json()["rma"]["state"] == "requested"

    skipped = agent.post(
        f"/api/v1/rmas/{rma_id}/events/skip_troubleshooting",
        json={"reason": "the customer already ran QNAP's diagnostics with support"},
    )
    assert skipped.status_code == 200, skipped.text
    assert skipped.json()["state"] == "requested"
    line = agent.get(f"/api/v1/rmas/{rma_id}").json()["timeline"][-1]
    assert (line["event"], line["from_state"], line["to_state"]) == (
        "skip_troubleshooting",
        "requested",
        "requested",
    )
    assert line["reason"] == "the customer already ran QNAP's diagnostics with support"
    trail = client_as(ADMIN).get("/api/v1/audit", params={"kind": "rma", "id": str(rma_id)})
    rows = trail.json()["events"]
    assert [r["action"] for r in rows] == ["rma.troubleshooting_skipped"]

    validated = agent.post(f"/api/v1/rmas/{rma_id}/validate-documents", json={})
    assert validated.status_code == 200, validated.text
    assert validated.json()["state"] == "documents_validated"


def test_qnap_documents_are_validated_after_troubleshooting(client_as: Any, seeded: None) -> None:
    agent = client_as(AGENT)
    rma_id = client_as(ANN).post("/api/v1/rmas", json=OPEN).json()["id"]
    agent.post(f"/api/v1/rmas/{rma_id}/events/start_troubleshooting", json={})

    validated = agent.post(f"/api/v1/rmas/{rma_id}/validate-documents", json={})

    assert validated.json()["state"] == "documents_validated"


def test_netac_documents_are_refused_while_a_claim_document_is_missing(
    client_as: Any, seeded: None
) -> None:
    agent = client_as(AGENT)
    opened = client_as(DEALER).post(
        "/api/v1/rmas", json={**OPEN, "serial": NETAC_SERIAL, "brand": "Netac"}
    )
    assert opened.status_code == 201, opened.text
    rma_id = opened.json()["id"]

    no_step = agent.post(
        f"/api/v1/rmas/{rma_id}/events/skip_troubleshooting", json={"reason": "not needed"}
    )
    assert no_step.status_code == 422  # Netac's customer goes straight to the point of sale
    assert "no troubleshooting step to skip" in no_step.json()["error"]["message"]
    assert no_step.json()["error"]["clause_ids"] == [
        "netac.terms.method",
        "netac.terms.return-policy",
    ]
    refused = agent.post(f"/api/v1/rmas/{rma_id}/validate-documents", json={})
    assert refused.status_code == 422
    assert refused.json()["error"]["clause_ids"] == ["netac.terms.documents"]
    assert "proof of purchase" in refused.json()["error"]["message"]
    assert agent.get(f"/api/v1/rmas/{rma_id}").json()["rma"]["state"] == "requested"

    given = agent.post(
        f"/api/v1/rmas/{rma_id}/validate-documents", json={"proof_of_purchase": "JD-7781"}
    )
    assert given.status_code == 200, given.text
    assert given.json()["state"] == "documents_validated"
