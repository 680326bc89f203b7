"""A decision, written out clause by clause for a person to read.

Pure text rendering shared by ``warrantor policy explain`` and anything else
that wants the long form; the one-line form is ``Decision.summary``.
"""

from __future__ import annotations

from warrantor.policy.decision import Decision, Outcome
from warrantor.policy.offers import OfferDecision, OfferOutcome

OUTCOME_NAMES = {
    Outcome.COVERED: "Covered",
    Outcome.NOT_COVERED: "Not covered",
    Outcome.NEEDS_INFORMATION: "Needs information",
}
"""A decision's outcome by its name, as a person reads it (issue #25, item 2): "Outcome:
Not covered", not ``not_covered``; the code stays in the answers machines read."""

OFFER_OUTCOME_NAMES = {
    OfferOutcome.ALLOWED: "may be sold",
    OfferOutcome.REFUSED: "refused",
    OfferOutcome.NEEDS_INFORMATION: "needs information",
}
"""An extension offer's outcome by its name ("Offer of 1 years: needs information")."""


def explain(decision: Decision) -> list[str]:
    """The decision as lines of text: outcome, terms, usage, clauses, facts, what is missing."""
    out = [
        f"{decision.brand} policy {decision.policy_id} version {decision.policy_version}, "
        f"on {decision.on.isoformat()}",
        f"Outcome: {OUTCOME_NAMES[decision.outcome]}",
        decision.summary,
    ]
    if decision.terms:
        out.append("Coverage:")
        for term in decision.terms:
            mark = "  *" if decision.applies == term else "   "
            note = f" ({term.note})" if term.note else ""
            out.append(
                f"{mark} {term.kind.value.replace('_', ' ')}: {term.starts_on.isoformat()} to "
                f"{term.ends_on.isoformat()}{note}"
            )
    if decision.usage is not None:
        usage = decision.usage
        limit = usage.limit_bytes / 10**12
        if usage.verified and usage.used_bytes is not None:
            used = usage.used_bytes / 10**12
            state = "exhausted" if usage.exhausted else "within the limit"
            out.append(f"Usage: {used:g} TB written of {limit:g} TB ({state})")
        else:
            out.append(f"Usage: limit {limit:g} TB written, not verified (no reading)")
    if decision.voided:
        out.append("The unit's warranty is void.")
    if decision.missing:
        out.append("Missing:")
        out += [f"  - {m.fact}: {m.why}" for m in decision.missing]
    if decision.errors:
        out.append("Cannot decide on:")
        out += [f"  - {e.fact}: {e.message}" for e in decision.errors]
    for heading, group in (
        ("Decided by:", decision.determining),
        ("Supported by:", decision.supporting),
    ):
        cited = [c for c in decision.citations if c.clause_id in group]
        if cited:
            out.append(heading)
        for citation in cited:
            out.append(f"  [{citation.clause_id}] {citation.text}")
            if citation.inferred:
                out.append(f"      inferred: {citation.inferred}")
    if decision.facts_used:
        out.append("Facts used:")
        out += [f"  {key}: {value}" for key, value in sorted(decision.facts_used.items())]
    return out


def explain_offer(offer: OfferDecision) -> list[str]:
    """An extension sale decision as lines of text, refusal by refusal."""
    out = [f"Offer of {offer.years} years: {OFFER_OUTCOME_NAMES[offer.outcome]}", offer.summary]
    if offer.last_day_to_buy:
        out.append(f"Last day to buy: {offer.last_day_to_buy.isoformat()}")
    if offer.term:
        out.append(
            f"Would cover: {offer.term.starts_on.isoformat()} to {offer.term.ends_on.isoformat()}"
        )
    if offer.citations:
        out.append("Clauses:")
        out += [f"  [{c.clause_id}] {c.text}" for c in offer.citations]
    return out
