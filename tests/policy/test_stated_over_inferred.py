"""Issue 19, item 3: where a stated clause and an inferred one agree, the stated one decides
and the inferred one supports; an inference decides only where the text is silent.

Over both seed policies: every case they carry, and a sweep of checks and claims (each line's
examples, bought and serviced in and out of the regions, with and without an extension, at
points through the terms). For every decision that cites an inferred clause, the determining
clauses are never a mix of stated and inferred ones.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product
from pathlib import Path

import pytest

from warrantor.domain.coverage import Extension, UsageReading
from warrantor.domain.units import Unit
from warrantor.policy.cases import facts_of
from warrantor.policy.decision import Decision
from warrantor.policy.evaluator import evaluate
from warrantor.policy.facts import Facts
from warrantor.policy.loader import load_policy
from warrantor.policy.model import Policy

POLICIES = Path(__file__).resolve().parents[2] / "policies"
SEEDS = {name: load_policy(POLICIES / f"{name}.toml") for name in ("qnap", "netac")}


def _sweep(policy: Policy) -> list[Facts]:
    bought = date(2021, 3, 1)
    facts: list[Facts] = []
    models = [m for line in policy.doc.lines for m in line.examples]
    for model, country, place, days, claim, extended in product(
        models, ("US", "DE"), ("US", "CA", "DE", None), (30, 700, 1200, 1800), (False, True),
        (False, True),
    ):  # fmt: skip
        unit = Unit(
            brand=policy.brand,
            serial="SWEEP",
            model=model,
            purchased_on=bought,
            proof_of_purchase="INV-1",
            manufactured_on=bought - timedelta(days=60),
            first_invoiced_on=bought - timedelta(days=20),
            country_of_purchase=country,
        )
        on = bought + timedelta(days=days)
        extensions = (
            (Extension(years=1, purchased_on=bought + timedelta(days=10), certificate_valid=True),)
            if extended
            else ()
        )
        facts.append(
            Facts(
                unit=unit,
                on=on,
                extensions=extensions,
                is_claim=claim,
                service_country=place if claim else None,
                reading=UsageReading(10**13, on) if claim else None,
            )
        )
    return facts


def _decisions(policy: Policy) -> list[Decision]:
    cases = [c for c in policy.doc.cases if c.given.offer_years is None]
    found = [evaluate(policy, facts_of(policy, case.given)) for case in cases]
    return found + [evaluate(policy, facts) for facts in _sweep(policy)]


def _inferred(policy: Policy, clause_id: str) -> bool:
    return policy.clause(clause_id).inferred is not None


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_a_stated_clause_decides_where_an_inferred_one_agrees(name: str) -> None:
    policy = SEEDS[name]
    citing = [d for d in _decisions(policy) if any(_inferred(policy, c) for c in d.clause_ids)]
    assert citing, "the sweep must reach decisions that cite an inferred clause"
    for decision in citing:
        kinds = {_inferred(policy, c) for c in decision.determining}
        assert kinds != {True, False}, (decision.summary, decision.determining)


def test_the_extension_abroad_is_refused_by_the_stated_clause_in_words_too() -> None:
    """The issue's case: bought in the USA, an extension claimed in Germany."""
    policy = SEEDS["qnap"]
    (case,) = [c for c in policy.doc.cases if "decided by the stated clause" in c.name]
    decision = evaluate(policy, facts_of(policy, case.given))
    assert decision.determining == ("qnap.ext.usa-canada",)
    assert "qnap.global-footnote" in decision.supporting
    assert "valid only for service in US, CA" in decision.summary
    assert decision.citations[0].clause_id == "qnap.ext.usa-canada"
