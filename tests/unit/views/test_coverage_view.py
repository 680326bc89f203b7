"""The coverage answer every entry point shows, built from a decision."""

from __future__ import annotations

from datetime import date

from warrantor.domain.units import Unit
from warrantor.policy.decision import (
    Citation,
    CoverageKind,
    CoverageTerm,
    Decision,
    FactError,
    Outcome,
    UsageStatus,
)
from warrantor.views.coverage import coverage_answer

UNIT = Unit(brand="Netac", serial="NT1", model="NV7000 2TB", product_line="NV7000")
STANDARD = CoverageTerm(CoverageKind.STANDARD, date(2024, 1, 10), date(2029, 1, 9), ("N-1",))


def decision(**overrides: object) -> Decision:
    fields: dict[str, object] = {
        "outcome": Outcome.COVERED,
        "brand": "Netac",
        "policy_id": "netac",
        "policy_version": "1",
        "on": date(2026, 11, 23),
        "summary": "Covered.",
        "terms": (STANDARD,),
        "applies": STANDARD,
        "citations": (Citation("N-1", "The warranty period ... starts from the date of purchase"),),
    }
    fields.update(overrides)
    return Decision(**fields)  # type: ignore[arg-type]


def test_a_covered_unit_is_covered_until_the_end_of_its_last_term() -> None:
    answer = coverage_answer(UNIT, decision())
    assert answer.covered is True
    assert answer.covered_until == date(2029, 1, 9)
    assert answer.applies is not None and answer.applies.kind == "standard"
    assert [c.in_force for c in answer.coverages] == [True]
    assert [r.clause_id for r in answer.reasons] == ["N-1"]


def test_an_uncovered_unit_has_no_covered_until_date() -> None:
    answer = coverage_answer(UNIT, decision(outcome=Outcome.NOT_COVERED, applies=None))
    assert answer.covered is False
    assert answer.covered_until is None
    assert answer.applies is None


def test_a_usage_limit_without_a_reading_is_not_verified() -> None:
    usage = UsageStatus(limit_bytes=1_200 * 10**12, used_bytes=None, verified=False)
    answer = coverage_answer(UNIT, decision(usage=usage))
    assert answer.usage is not None
    assert answer.usage.status == "not verified"
    assert answer.usage.limit_tb == 1200
    assert answer.usage.remaining_tb is None


def test_remaining_terabytes_are_decimal() -> None:
    usage = UsageStatus(limit_bytes=600 * 10**12, used_bytes=150 * 10**12, verified=True)
    answer = coverage_answer(UNIT, decision(usage=usage))
    assert answer.usage is not None
    assert answer.usage.status == "within limit"
    assert answer.usage.remaining_bytes == 450 * 10**12
    assert answer.usage.remaining_tb == 450


def test_a_reading_at_the_limit_reaches_it() -> None:
    usage = UsageStatus(limit_bytes=600 * 10**12, used_bytes=600 * 10**12, verified=True)
    answer = coverage_answer(UNIT, decision(usage=usage, outcome=Outcome.NOT_COVERED))
    assert answer.usage is not None and answer.usage.status == "limit reached"
    assert answer.usage.remaining_bytes == 0


def test_the_answer_shows_the_determining_and_supporting_clauses_apart() -> None:
    cited = (Citation("N-2", "Not covered when dropped."), Citation("N-1", "Two years."))
    answer = coverage_answer(
        UNIT,
        decision(
            outcome=Outcome.NOT_COVERED,
            citations=cited,
            determining=("N-2",),
            supporting=("N-1",),
        ),
    )
    assert (answer.determining, answer.supporting) == (["N-2"], ["N-1"])
    assert [(r.clause_id, r.role) for r in answer.reasons] == [
        ("N-2", "determining"),
        ("N-1", "supporting"),
    ]


def test_a_fact_the_policy_cannot_judge_by_is_shown_as_an_error() -> None:
    wrong = FactError("voiding_findings", "melted", "unknown inspection finding 'melted'")
    answer = coverage_answer(
        UNIT, decision(outcome=Outcome.NEEDS_INFORMATION, applies=None, errors=(wrong,))
    )
    assert [(e.fact, e.value) for e in answer.errors] == [("voiding_findings", "melted")]
    assert answer.covered is False
