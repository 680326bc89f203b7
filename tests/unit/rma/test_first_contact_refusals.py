"""Issue 19, item 5: the policy's first contact and claim documents decide whether an RMA's
documents may be validated (``policy.rma_refusals``)."""

from __future__ import annotations

from pathlib import Path

from warrantor.policy.loader import load_policy
from warrantor.policy.rma_refusals import (
    claim_documents_complete,
    troubleshooting_first,
    troubleshooting_skip,
)

POLICIES = Path(__file__).resolve().parents[3] / "policies"
QNAP = load_policy(POLICIES / "qnap.toml")
NETAC = load_policy(POLICIES / "netac.toml")


def test_qnap_validates_a_requested_rma_only_once_troubleshooting_is_skipped() -> None:
    refused = troubleshooting_first(QNAP, "requested", skipped=False)
    assert not refused.allowed
    assert "qnap.first-contact-support" in refused.determining
    assert "skip it with a reason" in refused.summary
    assert troubleshooting_first(QNAP, "requested", skipped=True).allowed
    assert troubleshooting_first(QNAP, "troubleshooting", skipped=False).allowed


def test_netac_has_no_troubleshooting_step_to_wait_for_or_skip() -> None:
    assert troubleshooting_first(NETAC, "requested", skipped=False).allowed
    assert troubleshooting_skip(QNAP).allowed
    refused = troubleshooting_skip(NETAC)
    assert not refused.allowed
    assert refused.determining == ("netac.terms.method", "netac.terms.return-policy")


def test_a_missing_claim_document_is_named_with_the_clause() -> None:
    refused = claim_documents_complete(NETAC, ("proof_of_purchase", "failure_description"))
    assert not refused.allowed
    assert refused.determining == ("netac.terms.documents",)
    assert "proof of purchase, failure description" in refused.summary
    assert claim_documents_complete(NETAC, ()).allowed
