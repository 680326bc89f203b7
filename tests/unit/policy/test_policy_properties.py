"""Invariants of the decision, over generated units, days, extensions and readings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from warrantor.domain.coverage import Extension, UsageReading
from warrantor.domain.terms import term_end
from warrantor.domain.units import Unit
from warrantor.policy.decision import CoverageKind, Outcome
from warrantor.policy.evaluator import evaluate
from warrantor.policy.facts import Facts
from warrantor.policy.loader import load_policy

POLICIES = Path(__file__).resolve().parents[3] / "policies"
QNAP = load_policy(POLICIES / "qnap.toml")
NETAC = load_policy(POLICIES / "netac.toml")
TB = 10**12

qnap_models = st.sampled_from([e for line in QNAP.doc.lines for e in line.examples])
netac_models = st.sampled_from(["NV7000 2TB", "NV3000 1TB", "N600S 256GB", "SA500 512GB"])
starts = st.dates(date(2015, 1, 1), date(2030, 12, 31))
extensions = st.lists(
    st.builds(
        Extension,
        years=st.integers(1, 3),
        purchased_on=st.dates(date(2015, 1, 1), date(2031, 1, 1)),
        certificate_valid=st.just(True),
    ),
    max_size=3,
).map(tuple)


def _qnap_facts(model: str, start: date, on: date, exts: tuple[Extension, ...]) -> Facts:
    unit = Unit(
        brand="QNAP",
        serial="P",
        model=model,
        purchased_on=start,
        proof_of_purchase="R",
        country_of_purchase="US",
    )
    return Facts(unit=unit, on=on, extensions=exts)


@settings(max_examples=300, deadline=None)
@given(qnap_models, starts, extensions)
def test_no_coverage_ends_after_the_maximum_total_term(
    model: str, start: date, exts: tuple[Extension, ...]
) -> None:
    decision = evaluate(QNAP, _qnap_facts(model, start, start, exts))
    for term in decision.terms:
        if term.kind is not CoverageKind.REPAIR:
            assert term.ends_on <= term_end(start, 5)


@settings(max_examples=300, deadline=None)
@given(qnap_models, starts, extensions, st.integers(0, 4000), st.integers(1, 4000))
def test_a_later_day_never_turns_an_expired_coverage_back_on(
    model: str, start: date, exts: tuple[Extension, ...], offset: int, later: int
) -> None:
    day = start + timedelta(days=offset)
    first = evaluate(QNAP, _qnap_facts(model, start, day, exts))
    if first.outcome is Outcome.NOT_COVERED and day > start:
        then = evaluate(QNAP, _qnap_facts(model, start, day + timedelta(days=later), exts))
        assert then.outcome is Outcome.NOT_COVERED


finding_ids = st.sampled_from([f.id for f in NETAC.doc.findings])


@settings(max_examples=300, deadline=None)
@given(netac_models, starts, st.integers(0, 3000), finding_ids, st.integers(0, 3000))
def test_an_exclusion_finding_always_wins(
    model: str, start: date, offset: int, finding: str, tb: int
) -> None:
    unit = Unit(brand="Netac", serial="N", model=model, purchased_on=start, proof_of_purchase="R")
    day = start + timedelta(days=offset)
    facts = Facts(
        unit=unit,
        on=day,
        is_claim=True,
        findings=(finding,),
        reading=UsageReading(tb * TB, day),
    )
    decision = evaluate(NETAC, facts)
    assert decision.outcome is Outcome.NOT_COVERED


@settings(max_examples=300, deadline=None)
@given(netac_models, starts, st.integers(0, 3000), st.integers(0, 3000), st.integers(0, 3000))
def test_writing_more_bytes_never_extends_coverage(
    model: str, start: date, offset: int, tb: int, more: int
) -> None:
    unit = Unit(brand="Netac", serial="N", model=model, purchased_on=start, proof_of_purchase="R")
    day = start + timedelta(days=offset)
    facts = Facts(unit=unit, on=day, is_claim=True, reading=UsageReading(tb * TB, day))
    fewer = evaluate(NETAC, facts)
    heavier = evaluate(NETAC, replace(facts, reading=UsageReading((tb + more) * TB, day)))
    if fewer.outcome is Outcome.NOT_COVERED:
        assert heavier.outcome is Outcome.NOT_COVERED
