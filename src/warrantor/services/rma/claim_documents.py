"""What an RMA still lacks of the documents its brand's policy says a claim needs (issue 19).

Netac: "a proof of purchase, product model number and serial number (if
applicable) with a detailed failure description is required". The desk is
shown what the claim needs and what is missing before it validates the
documents (``desk_panel``), and validation refuses while anything is missing
(``documents.validate_documents``, through ``policy.rma_refusals``); the
policy's words come from ``desk_rules``.
"""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.domain.rma import Rma
from warrantor.policy.desk_rules import claim_documents
from warrantor.policy.model import Policy


@dataclass(frozen=True, slots=True)
class ClaimDocumentsStatus:
    """The documents the policy asks for, those the RMA lacks, and the clauses."""

    required: tuple[str, ...]
    missing: tuple[str, ...]
    clause_ids: tuple[str, ...]


def claim_documents_status(policy: Policy, rma: Rma) -> ClaimDocumentsStatus:
    """Each document the policy names, checked against what the RMA carries; a name the desk
    can't check on the RMA counts as missing until someone looks."""
    found = claim_documents(policy)
    have = {
        "proof_of_purchase": rma.has_proof_of_purchase(),
        "model": bool(rma.model.strip()),
        "serial": bool(rma.serial.strip()),
        "failure_description": bool(rma.symptom.strip()),
    }
    missing = tuple(d for d in found.requires if not have.get(d, False))
    return ClaimDocumentsStatus(found.requires, missing, found.clause_ids)
