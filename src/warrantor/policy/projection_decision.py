"""The engine's whole ``Decision`` for one day, rebuilt from a stored projection.

When and why: the single check shows everything a decision holds, and it is
the request answered most; a current projection with its details
(``policy.projection_details``) holds all of it for every day, so the check
rebuilds the ``Decision`` here (lookups, and each cited clause's sentence
from the policy) instead of reading ten tables and asking the engine. The
property tests hold ``decision_on`` equal to ``PolicyBook.evaluate`` of a check.
"""

from __future__ import annotations

from datetime import date

from warrantor.policy.decision import Decision
from warrantor.policy.model import Policy
from warrantor.policy.projection import CoverageProjection, usage_in


def decision_on(policy: Policy, projection: CoverageProjection, day: date) -> Decision | None:
    """What ``PolicyBook.evaluate`` of a check on ``day`` gives, from the projection and its
    details, with the clauses' sentences from ``policy`` (the version the projection was
    made by); ``None`` when the projection holds no details."""
    details = projection.details
    if details is None:
        return None
    stretch = projection.stretch_at(day)
    held = details.stretch_at(day)
    cited = (*stretch.determining, *held.supporting)
    return Decision(
        outcome=stretch.outcome,
        brand=policy.brand,
        policy_id=projection.policy_id,
        policy_version=projection.policy_version,
        on=day,
        summary=held.summary,
        terms=details.terms,
        applies=None if stretch.applies is None else details.terms[stretch.applies],
        usage=usage_in(projection, stretch),
        voided=projection.voided,
        citations=tuple(policy.citation(c) for c in cited),
        determining=stretch.determining,
        supporting=held.supporting,
        errors=details.errors,
        facts_used=dict(details.facts_used),
        missing=held.missing,
        notes=details.notes,
        service_refused=held.service_refused,
    )
