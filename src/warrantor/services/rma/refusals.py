"""Acting on the policy's answer to a desk step (``policy.rma_refusals``).

One place turns a refusal into what the caller gets: the policy's no is
``Refused`` citing the clauses that decided it (none where the policy is
silent and the desk's own rule refuses); a refusal no clause decided that is
about one input (``StepDecision.field``) is ``InvalidInput`` naming it.
"""

from __future__ import annotations

from warrantor.errors import InvalidInput, Problem, Refused
from warrantor.policy.rma_refusals import StepDecision


def enforce(decision: StepDecision) -> StepDecision:
    """Return an allowed decision (its clauses may be cited); raise a refused one."""
    if decision.allowed:
        return decision
    if decision.determining or decision.field is None:
        raise Refused(decision.summary, list(decision.determining))
    raise InvalidInput(decision.summary, [Problem(decision.summary, decision.field)])
