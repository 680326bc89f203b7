"""The decision: facts in, a ``Decision`` out, with the clauses it rests on.

Pure: no I/O, no clock (the day is in the facts), no framework. The work is an
ordered list of small steps; each looks at the facts and the policy and may
add a *denial* (a clause that says no), a *missing* fact (something a rule
needs that nobody told us), an *error* (a fact the policy can't judge by), or
the clauses it relied on. Then one short rule combines them (``_combine``):

1. an error beats everything: nothing is decided on facts the policy doesn't
   know (an unknown finding, a component given as a finding);
2. then a denial; the steps run exclusions before coverage, so an exclusion
   beats coverage, and no coverage in force is a denial;
3. otherwise, a missing fact is asked for, never guessed;
4. otherwise, the unit is covered.

The clauses of whatever decided are the decision's ``determining`` ones; every
other clause a step relied on is ``supporting``. Where a stated clause and an
inferred one agree, the stated one is determining and the inferred one
supporting (``_stated_first``): an inference decides only where the text is silent.
"""

from __future__ import annotations

from collections.abc import Callable

from warrantor.errors import Said, said_together
from warrantor.policy import decision_words as said
from warrantor.policy.claim_steps import (
    certificate,
    exclusions,
    outside_scope,
    part_claimed,
    reading_needed,
    service_place,
    special_application,
)
from warrantor.policy.coverage_steps import (
    coverage_in_force,
    facts_outside_policy,
    product_line,
    start_and_terms,
    usage_against_limit,
    usage_exhausted,
    voiding_findings,
)
from warrantor.policy.decision import Decision, Outcome
from warrantor.policy.decision_wording import covered_summary
from warrantor.policy.facts import Facts
from warrantor.policy.judgement import Judgement
from warrantor.policy.model import Policy


def evaluate(policy: Policy, facts: Facts) -> Decision:
    """Judge ``facts`` by ``policy``; deterministic, and explains itself in ``summary``."""
    judgement = Judgement(policy, facts)
    for step in STEPS:
        step(judgement)
    return _combine(judgement)


def _combine(j: Judgement) -> Decision:
    """The combining rule: an error, then a denial, then a missing fact, then coverage."""
    summary: str
    match j.errors, j.denials, j.missing:
        # facts the policy can't judge by: decide nothing until they are put right
        case [_, *_], _, _:
            outcome, determining = Outcome.NEEDS_INFORMATION, []
            summary = Said(said.CANNOT_DECIDE, wrong=said_together([e.message for e in j.errors]))
        # a denial beats coverage (exclusions ran first); its clauses decided, and the
        # first denial a stated clause makes is the one the summary gives
        case [], [first, *_], _:
            stated = [d for d in j.denials if any(_stated(j, c) for c in d.clause_ids)]
            outcome, summary = Outcome.NOT_COVERED, (stated or [first])[0].summary
            determining = [c for d in j.denials for c in d.clause_ids]
        # nothing denies, but a rule needs a fact nobody gave: ask, never guess
        case [], [], [_, *_]:
            outcome = Outcome.NEEDS_INFORMATION
            summary = Said(said.NEED_MORE, asked=said_together([m.why for m in j.missing]))
            determining = [m.clause_id for m in j.missing if m.clause_id]
        # nothing against, nothing missing: the coverage in force decided
        case _:
            outcome, summary = Outcome.COVERED, _covered_summary(j)
            determining = list(j.term.clause_ids) if j.term else []
    determining, agreeing = _stated_first(j, list(dict.fromkeys(determining)))
    supporting = [c for c in dict.fromkeys([*agreeing, *j.basis]) if c not in determining]
    return Decision(
        outcome=outcome,
        brand=j.policy.brand,
        policy_id=j.policy.id,
        policy_version=j.policy.version,
        on=j.facts.on,
        summary=summary,
        terms=tuple(j.terms.all) if j.terms else (),
        applies=j.term,
        usage=j.usage,
        voided=j.voided,
        citations=tuple(j.policy.citation(c) for c in [*determining, *supporting]),
        determining=tuple(determining),
        supporting=tuple(supporting),
        errors=tuple(j.errors),
        facts_used=dict(j.facts_used),
        missing=tuple(j.missing),
        notes=tuple(j.notes),
        service_refused=outcome is Outcome.NOT_COVERED and bool(j.service_refused_by),
    )


def _stated(j: Judgement, clause_id: str) -> bool:
    return j.policy.clause(clause_id).inferred is None


def _stated_first(j: Judgement, determining: list[str]) -> tuple[list[str], list[str]]:
    """Where stated and inferred clauses agree on the outcome, the stated ones decide and the
    inferred ones support (issue 19): an inference never outranks what the text says.
    Inferred clauses decide only when no stated clause does. Returns (determining, agreeing
    inferred clauses moved to supporting)."""
    stated = [c for c in determining if _stated(j, c)]
    if not stated:
        return determining, []
    return stated, [c for c in determining if c not in stated]


def _covered_summary(j: Judgement) -> str:
    term, usage, limit = j.term, j.usage, j.limit
    assert term is not None
    applies = usage is not None and limit is not None and term.kind.value in limit.rule.scope
    return covered_summary(term, usage if applies else None, is_claim=j.facts.is_claim)


STEPS: tuple[Callable[[Judgement], None], ...] = (
    facts_outside_policy,
    product_line,
    voiding_findings,
    start_and_terms,
    usage_against_limit,
    exclusions,
    outside_scope,
    coverage_in_force,
    usage_exhausted,
    part_claimed,
    service_place,
    certificate,
    special_application,
    reading_needed,
)
"""Every step, in the order their denials rank: voiding and exclusions before coverage."""
