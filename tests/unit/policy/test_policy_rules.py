"""One behaviour per rule kind, on the small Acme policy (2 years, +1/+2 up to 4, 100 TB)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from policy_samples import BASE

from warrantor.domain.coverage import Extension, RepairCoverage, UsageReading
from warrantor.domain.units import Unit
from warrantor.errors import InvalidInput
from warrantor.policy.decision import CoverageKind, Outcome
from warrantor.policy.evaluator import evaluate
from warrantor.policy.facts import Facts
from warrantor.policy.loader import load_policy
from warrantor.policy.model import Policy
from warrantor.policy.offers import OfferOutcome, Refusal, extension_offer

TB = 10**12
UNIT = Unit(
    brand="Acme",
    serial="S1",
    model="W-100",
    purchased_on=date(2020, 5, 1),
    proof_of_purchase="R1",
    first_invoiced_on=date(2020, 4, 20),
    country_of_purchase="FR",
)


@pytest.fixture
def acme(write_policy) -> Policy:  # type: ignore[no-untyped-def]
    return load_policy(write_policy())


def _claim(**changes: object) -> Facts:
    base = Facts(
        unit=UNIT,
        on=date(2021, 1, 1),
        is_claim=True,
        service_country="FR",
        reading=UsageReading(10 * TB, date(2021, 1, 1)),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_product_line_unknown_model_is_not_covered(acme: Policy) -> None:
    decision = evaluate(acme, Facts(unit=replace(UNIT, model="Z-1"), on=date(2021, 1, 1)))
    assert decision.outcome is Outcome.NOT_COVERED
    assert "Z-1" in decision.summary


def test_start_date_needs_a_proof_when_the_rule_says_so(acme: Policy) -> None:
    unit = replace(UNIT, proof_of_purchase=None)
    decision = evaluate(acme, Facts(unit=unit, on=date(2021, 1, 1)))
    assert decision.outcome is Outcome.NEEDS_INFORMATION
    assert [m.fact for m in decision.missing] == ["proof_of_purchase"]


def test_start_date_falls_back_in_the_declared_order(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace(
        'order = ["purchase_date"]', 'order = ["purchase_date", "manufacture_date"]'
    )
    policy = load_policy(write_policy(text))
    unit = replace(UNIT, proof_of_purchase=None, manufactured_on=date(2020, 1, 1))
    decision = evaluate(policy, Facts(unit=unit, on=date(2021, 12, 31)))
    assert decision.outcome is Outcome.COVERED
    assert decision.terms[0].starts_on == date(2020, 1, 1)
    assert decision.facts_used["start_source"] == "manufacture_date"


def test_standard_term_runs_to_the_eve_of_the_anniversary(acme: Policy) -> None:
    last = evaluate(acme, Facts(unit=UNIT, on=date(2022, 4, 30)))
    after = evaluate(acme, Facts(unit=UNIT, on=date(2022, 5, 1)))
    assert (last.outcome, after.outcome) == (Outcome.COVERED, Outcome.NOT_COVERED)


def test_a_check_before_the_start_is_not_covered(acme: Policy) -> None:
    decision = evaluate(acme, Facts(unit=UNIT, on=date(2020, 4, 30)))
    assert decision.outcome is Outcome.NOT_COVERED
    assert "starts on 2020-05-01" in decision.summary


def test_extension_term_follows_the_standard_and_stops_at_the_maximum(acme: Policy) -> None:
    extensions = (Extension(2, date(2020, 5, 2), "C1", True), Extension(2, date(2020, 5, 3)))
    decision = evaluate(acme, Facts(unit=UNIT, on=date(2023, 1, 1), extensions=extensions))
    assert [(t.kind, t.starts_on, t.ends_on) for t in decision.terms] == [
        (CoverageKind.STANDARD, date(2020, 5, 1), date(2022, 4, 30)),
        (CoverageKind.EXTENDED, date(2022, 5, 1), date(2024, 4, 30)),
    ]


def test_usage_limit_unverified_on_a_check_and_required_on_a_claim(acme: Policy) -> None:
    check = evaluate(acme, Facts(unit=UNIT, on=date(2021, 1, 1)))
    assert check.outcome is Outcome.COVERED
    assert check.usage is not None and not check.usage.verified
    assert "not verified" in check.summary
    claim = evaluate(acme, _claim(reading=None))
    assert claim.outcome is Outcome.NEEDS_INFORMATION
    assert [m.fact for m in claim.missing] == ["bytes_written"]


def test_usage_limit_reached_is_not_covered(acme: Policy) -> None:
    decision = evaluate(acme, _claim(reading=UsageReading(100 * TB, date(2021, 1, 1))))
    assert decision.outcome is Outcome.NOT_COVERED
    assert "acme.tbw" in decision.clause_ids


def test_exclusion_denies_the_claim_but_does_not_void_the_unit(acme: Policy) -> None:
    decision = evaluate(acme, _claim(findings=("dropped",)))
    assert decision.outcome is Outcome.NOT_COVERED
    assert decision.clause_ids[0] == "acme.dropped"
    assert not decision.voided


def test_exclusion_yields_to_written_permission_only_when_declared(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace(
        'findings = ["dropped"]', 'findings = ["dropped"]\nyields_to_written_permission = true'
    )
    yielding = load_policy(write_policy(text))
    facts = _claim(findings=("dropped",), written_permissions=("dropped",))
    assert evaluate(yielding, facts).outcome is Outcome.COVERED
    strict = load_policy(write_policy(BASE, name="strict.toml"))
    assert evaluate(strict, facts).outcome is Outcome.NOT_COVERED


def test_a_voiding_finding_on_the_unit_shows_on_every_check(acme: Policy) -> None:
    unit = replace(UNIT, voiding_findings=("label_removed",))
    decision = evaluate(acme, Facts(unit=unit, on=date(2021, 1, 1)))
    assert decision.outcome is Outcome.NOT_COVERED
    assert decision.voided
    assert decision.clause_ids[0] == "acme.label"


def test_an_unknown_finding_is_returned_as_an_error_and_decides_nothing(acme: Policy) -> None:
    decision = evaluate(acme, _claim(findings=("exploded", "dropped")))

    assert [(e.fact, e.value) for e in decision.errors] == [("findings", "exploded")]
    assert "known: dropped, label_removed" in decision.errors[0].message
    assert decision.outcome is Outcome.NEEDS_INFORMATION
    assert decision.determining == ()
    with pytest.raises(InvalidInput) as raised:
        decision.require_valid_facts()
    assert raised.value.problems[0].field == "findings"


def test_a_component_given_as_a_finding_is_a_fact_of_the_wrong_kind(acme: Policy) -> None:
    decision = evaluate(acme, _claim(findings=("cable",)))

    assert [(e.fact, e.value) for e in decision.errors] == [("findings", "cable")]
    assert "is a component, not an inspection finding" in decision.errors[0].message


def test_an_unknown_written_permission_is_an_error(acme: Policy) -> None:
    decision = evaluate(acme, _claim(written_permissions=("opened",)))

    assert [(e.fact, e.value) for e in decision.errors] == [("written_permissions", "opened")]


def test_components_exclude_a_part(acme: Policy) -> None:
    assert evaluate(acme, _claim(part_claimed="cable")).outcome is Outcome.NOT_COVERED
    assert evaluate(acme, _claim(part_claimed="widget")).outcome is Outcome.COVERED
    unknown = evaluate(acme, _claim(part_claimed="antenna"))
    assert [(e.fact, e.value) for e in unknown.errors] == [("part_claimed", "antenna")]
    assert unknown.outcome is Outcome.NEEDS_INFORMATION
    wrong_kind = evaluate(acme, _claim(part_claimed="dropped"))
    assert "is an inspection finding, not a component" in wrong_kind.errors[0].message


def test_a_denial_determines_and_the_term_it_is_measured_against_supports(acme: Policy) -> None:
    decision = evaluate(acme, _claim(findings=("dropped",)))

    assert decision.determining == ("acme.dropped",)
    assert "acme.term" in decision.supporting
    assert "acme.dropped" not in decision.supporting
    assert decision.clause_ids == (*decision.determining, *decision.supporting)
    assert [c.clause_id for c in decision.citations] == list(decision.clause_ids)


def test_coverage_is_determined_by_the_term_in_force_and_supported_by_conditions_met(
    acme: Policy,
) -> None:
    decision = evaluate(acme, _claim())

    assert decision.outcome is Outcome.COVERED
    assert decision.determining == ("acme.term",)
    assert {"acme.tbw", "acme.local"} <= set(decision.supporting)
    assert decision.errors == ()


def test_a_missing_fact_is_determined_by_the_clause_that_needs_it(acme: Policy) -> None:
    decision = evaluate(acme, _claim(reading=None))

    assert decision.outcome is Outcome.NEEDS_INFORMATION
    assert decision.determining == ("acme.tbw",)


def test_service_area_is_the_country_of_purchase(acme: Policy) -> None:
    assert evaluate(acme, _claim(service_country="DE")).outcome is Outcome.NOT_COVERED
    missing = evaluate(acme, _claim(service_country=None))
    assert [m.fact for m in missing.missing] == ["service_country"]


def test_service_countries_and_claim_proof_apply_to_the_extension(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE + (
        '\n[[rules]]\nkind = "claim_proof"\nscope = ["extended"]\nclauses = ["acme.extension"]\n'
    )
    policy = load_policy(write_policy(text))
    extended_day = date(2023, 1, 1)
    valid = (Extension(2, date(2020, 5, 2), "C1", True),)
    assert evaluate(policy, _claim(on=extended_day, extensions=valid)).outcome is Outcome.COVERED
    unit_de = replace(UNIT, country_of_purchase="DE")
    abroad = _claim(unit=unit_de, on=extended_day, extensions=valid, service_country="DE")
    assert evaluate(policy, abroad).clause_ids[0] == "acme.france"
    unshown = (Extension(2, date(2020, 5, 2)),)
    asked = evaluate(policy, _claim(on=extended_day, extensions=unshown))
    assert [m.fact for m in asked.missing] == ["extension_certificate"]


def test_repair_coverage_is_its_own_kind_outside_the_maximum(acme: Policy) -> None:
    repair = (RepairCoverage(date(2024, 3, 1), date(2024, 12, 31), "RMA 7"),)
    facts = Facts(unit=UNIT, on=date(2024, 12, 31), repair_coverages=repair)
    decision = evaluate(acme, facts)
    assert decision.outcome is Outcome.COVERED
    assert decision.applies is not None and decision.applies.kind is CoverageKind.REPAIR


def test_special_application_goes_to_a_person(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE + (
        '\n[[rules]]\nkind = "special_application"\ncontact = "email"\nclauses = ["acme.tbw"]\n'
    )
    policy = load_policy(write_policy(text))
    decision = evaluate(policy, _claim(special_application=True))
    assert decision.outcome is Outcome.NEEDS_INFORMATION
    assert decision.missing[0].fact == "special_application_review"
    assert evaluate(policy, _claim(special_application=False)).outcome is Outcome.COVERED


def test_decisions_are_deterministic(acme: Policy) -> None:
    facts = _claim(findings=("dropped",))
    assert evaluate(acme, facts) == evaluate(acme, facts)


def test_offer_within_window_to_a_direct_customer_in_a_valid_country(acme: Policy) -> None:
    offer = extension_offer(acme, UNIT, date(2020, 5, 20), 2, True, "FR")
    assert offer.outcome is OfferOutcome.ALLOWED
    assert offer.last_day_to_buy == date(2020, 5, 20)
    assert offer.term is not None and offer.term.ends_on == date(2024, 4, 30)


@pytest.mark.parametrize(
    ("on", "years", "direct", "country", "refusal"),
    [
        (date(2020, 5, 21), 1, True, "FR", Refusal.OUTSIDE_WINDOW),
        (date(2020, 4, 19), 1, True, "FR", Refusal.OUTSIDE_WINDOW),
        (date(2020, 5, 1), 1, False, "FR", Refusal.NOT_DIRECT_CUSTOMER),
        (date(2020, 5, 1), 1, True, "DE", Refusal.OUTSIDE_COUNTRIES),
        (date(2020, 5, 1), 3, True, "FR", Refusal.OVER_MAXIMUM),
    ],
)
def test_offer_refusals_cite_their_clause(
    acme: Policy, on: date, years: int, direct: bool, country: str, refusal: Refusal
) -> None:
    offer = extension_offer(acme, UNIT, on, years, direct, country)
    assert offer.outcome is OfferOutcome.REFUSED
    assert offer.refusals == (refusal,)
    assert offer.citations


def test_offer_when_the_unit_is_already_at_the_maximum(acme: Policy) -> None:
    held = (Extension(2, date(2020, 5, 2)),)
    offer = extension_offer(acme, UNIT, date(2020, 5, 3), 1, True, "FR", held)
    assert offer.refusals == (Refusal.AT_MAXIMUM,)
    assert offer.clause_ids == ("acme.max",)


def test_repair_coverage_is_the_rest_or_three_months_whichever_is_longer() -> None:
    from pathlib import Path

    from warrantor.policy.evaluator_terms import repair_coverage_for

    qnap = load_policy(Path(__file__).resolve().parents[3] / "policies" / "qnap.toml")
    late = repair_coverage_for(qnap, date(2023, 2, 1), date(2023, 3, 9))
    early = repair_coverage_for(qnap, date(2021, 2, 1), date(2023, 3, 9))
    assert late is not None and late.ends_on == date(2023, 4, 30)
    assert early is not None and early.ends_on == date(2023, 3, 9)
