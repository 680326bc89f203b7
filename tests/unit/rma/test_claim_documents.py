"""Issue 19, item 5: the policy's claim documents decide what the desk asks for before it
validates an RMA's documents (shown on the RMA panel)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from test_rma_machine import rma

from warrantor.policy.loader import load_policy
from warrantor.services.rma.claim_documents import claim_documents_status

POLICIES = Path(__file__).resolve().parents[3] / "policies"
NETAC = load_policy(POLICIES / "netac.toml")


def test_netac_asks_for_proof_model_serial_and_a_failure_description() -> None:
    netac_rma = replace(rma(), brand="Netac", proof_of_purchase=None, symptom=" ")
    status = claim_documents_status(NETAC, netac_rma)
    assert status.required == ("proof_of_purchase", "model", "serial", "failure_description")
    assert status.missing == ("proof_of_purchase", "failure_description")
    assert status.clause_ids == ("netac.terms.documents",)
    complete = replace(netac_rma, proof_of_purchase="INV-1", symptom="not detected")
    assert claim_documents_status(NETAC, complete).missing == ()


def test_a_policy_without_the_rule_asks_for_nothing_more() -> None:
    qnap = load_policy(POLICIES / "qnap.toml")
    assert claim_documents_status(qnap, rma()).required == ()
