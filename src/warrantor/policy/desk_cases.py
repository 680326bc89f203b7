"""Run a policy's desk cases: the desk's questions (``[[desk_cases]]``) against the readers the
desk itself calls (``service_terms``, ``rma_desk``, ``rma_refusals``, ``desk_rules``).

Each case names one step and the answer the text gives; only the keys it
states are compared, and the clauses it expects must be among those the
answer rests on. Pure, like ``cases``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from warrantor.errors import WarrantorError
from warrantor.policy import desk_rules, rma_desk, rma_refusals, service_terms
from warrantor.policy.model import Policy
from warrantor.policy.quote_rules import quote_terms
from warrantor.policy.schema_cases import DeskCase, DeskGiven
from warrantor.policy.schema_vocabulary import ServiceCentre


@dataclass(frozen=True, slots=True)
class DeskAnswer:
    """What the desk's reader answered, in the terms a desk case compares."""

    summary: str
    clause_ids: tuple[str, ...]
    values: dict[str, object]


def _centre(policy: Policy, given: DeskGiven) -> ServiceCentre:
    centre = rma_desk.centre_named(policy, given.centre or "")
    if centre is None:
        raise ValueError(f"step {given.step} needs a service centre of the policy")
    return centre


def _event(given: DeskGiven) -> datetime:
    if given.event_at is None:
        raise ValueError(f"step {given.step} needs event_at")
    return given.event_at


def _rma_number_due(policy: Policy, given: DeskGiven) -> DeskAnswer:
    due = service_terms.rma_number_due(policy, _centre(policy, given), _event(given))
    return DeskAnswer(f"RMA number due on {due.due_on}", due.clause_ids, {"due_on": due.due_on})


def _repair_due(policy: Policy, given: DeskGiven) -> DeskAnswer:
    due = service_terms.repair_due(
        policy, _centre(policy, given), _event(given), warranty_repair=given.warranty_repair
    )
    if due is None:
        return DeskAnswer("no repair-time promise applies", (), {"promised": False})
    values = {"due_on": due.due_on, "promised": True}
    return DeskAnswer(f"repair due on {due.due_on}", due.clause_ids, values)


def _shipping(policy: Policy, given: DeskGiven) -> DeskAnswer:
    inbound, outbound = rma_desk.inbound_payer(policy), rma_desk.outbound_payer(policy)
    clauses = tuple(dict.fromkeys((*inbound.clause_ids, *outbound.clause_ids)))
    return DeskAnswer(
        f"inbound paid by {inbound.payer}, outbound by {outbound.payer}",
        clauses,
        {"inbound": inbound.payer, "outbound": outbound.payer},
    )


def _step(decision: rma_refusals.StepDecision) -> DeskAnswer:
    return DeskAnswer(decision.summary, decision.determining, {"allowed": decision.allowed})


def _first_contact(policy: Policy, given: DeskGiven) -> DeskAnswer:
    found = desk_rules.first_contact(policy)
    first = "troubleshooting first" if found.troubleshooting_first else "no troubleshooting step"
    summary = f"{first}; service through {', '.join(found.channels) or 'unstated'}"
    return DeskAnswer(summary, found.clause_ids, {"allowed": found.troubleshooting_first})


def _charges(policy: Policy, given: DeskGiven) -> DeskAnswer:
    found = desk_rules.charges(policy, given.covered)
    summary = f"{'quoted first' if found.quote else 'no quote'}; free: {', '.join(found.free)}"
    return DeskAnswer(summary, found.clause_ids, {"quote": found.quote, "free": list(found.free)})


def _claim_documents(policy: Policy, given: DeskGiven) -> DeskAnswer:
    found = desk_rules.claim_documents(policy)
    return DeskAnswer(
        f"a claim needs {', '.join(found.requires) or 'nothing stated'}",
        found.clause_ids,
        {"requires": list(found.requires)},
    )


def _extension_quote(policy: Policy, given: DeskGiven) -> DeskAnswer:
    terms = quote_terms(policy)
    if terms is None:
        return DeskAnswer("no extension is sold by quote", (), {"requires": []})
    summary = f"a quote request carries {', '.join(terms.distributor_sends)}; proof after "
    summary += terms.proof_after.replace("_", " ")
    return DeskAnswer(summary, terms.clause_ids, {"requires": list(terms.distributor_sends)})


STEPS: dict[str, Callable[[Policy, DeskGiven], DeskAnswer]] = {
    "rma_number_due": _rma_number_due,
    "repair_due": _repair_due,
    "shipping": _shipping,
    "backup": lambda p, g: _step(rma_refusals.backup_acknowledgement(p, g.acknowledged)),
    "replacement": lambda p, g: _step(rma_refusals.unit_replacement(p, g.condition)),
    "parcel_without_rma": lambda p, g: _step(
        rma_refusals.parcel_without_rma(p, "no RMA number on the parcel")
    ),
    "parcel_disposal": lambda p, g: _step(rma_refusals.parcel_disposal(p)),
    "first_contact": _first_contact,
    "charges": _charges,
    "claim_documents": _claim_documents,
    "extension_quote": _extension_quote,
}
"""Each desk step, and the reader the desk calls for it."""


def desk_answer(policy: Policy, given: DeskGiven) -> DeskAnswer:
    """The desk's answer to one step on ``policy``."""
    return STEPS[given.step](policy, given)


def desk_failures(policy: Policy, case: DeskCase) -> tuple[list[str], DeskAnswer | None]:
    """What differs between a desk case's expectation and the answer (empty: it passed)."""
    try:
        answer = desk_answer(policy, case.given)
    except (WarrantorError, ValueError) as error:
        return [f"cannot answer: {error}"], None
    expect = case.expect
    failures = [
        f"clauses: expected {c} among {', '.join(answer.clause_ids) or 'none'}"
        for c in expect.clauses
        if c not in answer.clause_ids
    ]
    keys = ("due_on", "inbound", "outbound", "allowed", "promised", "quote", "free", "requires")
    for key in keys:
        wanted = getattr(expect, key)
        if wanted is not None and answer.values.get(key, wanted) != wanted:
            failures.append(f"{key}: expected {wanted}, got {answer.values.get(key)}")
        if wanted is not None and key not in answer.values:
            failures.append(f"{key}: step {case.given.step} does not answer it")
    return failures, answer
