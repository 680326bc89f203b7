"""Run the test cases a policy file carries: facts in, expected answer out.

Cases are written by hand from the policy text. ``run_cases`` turns each into
facts, asks the engine (``evaluate`` or ``extension_offer``), and compares only
what the case states; a failure says what was expected and what came back.
Pure: the CLI and the test suite print or assert the results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from warrantor.domain.coverage import Extension, RepairCoverage, UsageReading
from warrantor.domain.units import Unit
from warrantor.policy.decision import Decision
from warrantor.policy.desk_cases import desk_failures
from warrantor.policy.evaluator import evaluate
from warrantor.policy.facts import Facts
from warrantor.policy.model import Policy
from warrantor.policy.offers import OfferDecision, extension_offer
from warrantor.policy.schema_cases import Case, CaseExpect, CaseGiven


@dataclass(frozen=True)
class CaseResult:
    """One case's verdict: what differed (empty when it passed) and the actual answer."""

    policy_id: str
    name: str
    failures: tuple[str, ...] = ()
    actual: str = ""
    actual_clauses: tuple[str, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return not self.failures


def unit_of(policy: Policy, given: CaseGiven) -> Unit:
    """The unit a case describes."""
    return Unit(
        brand=policy.brand,
        serial=given.serial,
        model=given.model,
        product_line=given.product_line,
        manufactured_on=given.manufactured_on,
        first_invoiced_on=given.first_invoiced_on,
        first_invoiced_to=given.first_invoiced_to,
        purchased_on=given.purchased_on,
        proof_of_purchase=given.proof,
        country_of_purchase=given.country_of_purchase,
        voiding_findings=tuple(given.voiding_findings),
    )


def extensions_of(given: CaseGiven) -> tuple[Extension, ...]:
    return tuple(
        Extension(e.years, e.purchased_on, e.certificate, e.certificate_valid)
        for e in given.extensions
    )


def facts_of(policy: Policy, given: CaseGiven) -> Facts:
    """The facts a case describes, as the services would pass them."""
    reading = None
    if given.tb_written is not None:
        reading = UsageReading(
            bytes_written=round(given.tb_written * 10**12),
            read_on=given.read_on or given.on,
            source="case",
        )
    return Facts(
        unit=unit_of(policy, given),
        on=given.on,
        extensions=extensions_of(given),
        repair_coverages=tuple(
            RepairCoverage(r.starts_on, r.ends_on, r.reason) for r in given.repair_coverages
        ),
        reading=reading,
        is_claim=given.claim,
        findings=tuple(given.findings),
        part_claimed=given.part,
        service_country=given.service_country,
        written_permissions=tuple(given.written_permissions),
        special_application=given.special_application,
    )


def run_case(policy: Policy, case: Case) -> CaseResult:
    """Run one case and compare what it states."""
    given, expect = case.given, case.expect
    if expect.offer is not None:
        if given.offer_years is None:
            return CaseResult(policy.id, case.name, ("an offer case needs given.offer_years",))
        offer = extension_offer(
            policy,
            unit_of(policy, given),
            given.on,
            given.offer_years,
            given.buyer_is_direct,
            given.buyer_country,
            extensions_of(given),
        )
        return CaseResult(
            policy.id,
            case.name,
            tuple(_offer_failures(expect, offer)),
            f"{offer.outcome.value}: {offer.summary}",
            offer.clause_ids,
        )
    decision = evaluate(policy, facts_of(policy, given))
    return CaseResult(
        policy.id,
        case.name,
        tuple(_decision_failures(expect, decision)),
        f"{decision.outcome.value}: {decision.summary}",
        decision.clause_ids,
    )


def run_cases(policy: Policy) -> list[CaseResult]:
    """Every case of a policy, in file order: its decision cases, then its desk cases."""
    results = [run_case(policy, case) for case in policy.doc.cases]
    for desk_case in policy.doc.desk_cases:
        failures, answer = desk_failures(policy, desk_case)
        results.append(
            CaseResult(
                policy.id,
                desk_case.name,
                tuple(failures),
                answer.summary if answer else "",
                answer.clause_ids if answer else (),
            )
        )
    return results


def clauses_no_case_expects(policy: Policy) -> list[str]:
    """The policy's clause ids that no case (decision or desk) expects, in file order: what
    ``warrantor policy test --coverage`` lists. A clause no case expects is a rule no one has
    checked against the text."""
    expected = {
        clause
        for case in policy.doc.cases
        for clause in (*case.expect.clauses, *(case.expect.determining or ()))
    }
    expected |= {clause for case in policy.doc.desk_cases for clause in case.expect.clauses}
    return [c.id for c in policy.doc.clauses if c.id not in expected]


def _missing_clauses(expected: list[str], actual: tuple[str, ...]) -> list[str]:
    absent = [c for c in expected if c not in actual]
    if not absent:
        return []
    return [f"clauses: expected {', '.join(absent)} among {', '.join(actual) or 'none'}"]


def _differs(what: str, expected: object, actual: object) -> list[str]:
    if expected is None or expected == actual:
        return []
    return [f"{what}: expected {expected}, got {actual}"]


def _decision_failures(expect: CaseExpect, d: Decision) -> list[str]:
    failures = [f"cannot decide: {e.message}" for e in d.errors]
    failures += _differs("outcome", expect.outcome, d.outcome)
    failures += _missing_clauses(expect.clauses, d.clause_ids)
    if expect.determining is not None:
        failures += _differs("determining", sorted(expect.determining), sorted(d.determining))
    failures += _differs("applies", expect.applies, d.applies.kind if d.applies else None)
    failures += _differs(
        "applies_until", expect.applies_until, d.applies.ends_on if d.applies else None
    )
    if expect.terms is not None:
        wanted = [(t.kind, t.starts_on, t.ends_on) for t in expect.terms]
        got = [(t.kind, t.starts_on, t.ends_on) for t in d.terms]
        failures += _differs("terms", _show_terms(wanted), _show_terms(got))
    if expect.missing is not None:
        failures += _differs("missing", sorted(expect.missing), sorted(m.fact for m in d.missing))
    failures += _differs("voided", expect.voided, d.voided)
    failures += _differs("service_refused", expect.service_refused, d.service_refused)
    if expect.usage is not None:
        if d.usage is None:
            usage = "none"
        elif not d.usage.verified:
            usage = "not_verified"
        else:
            usage = "exhausted" if d.usage.exhausted else "within"
        failures += _differs("usage", expect.usage, usage)
    return failures


def _show_terms(terms: Sequence[tuple[object, object, object]]) -> str:
    return "; ".join(f"{kind} {start}..{end}" for kind, start, end in terms) or "none"


def _offer_failures(expect: CaseExpect, offer: OfferDecision) -> list[str]:
    failures = _differs("offer", expect.offer, offer.outcome.value)
    failures += _missing_clauses(expect.clauses, offer.clause_ids)
    failures += _differs("offer_ends_on", expect.offer_ends_on, offer.term and offer.term.ends_on)
    failures += _differs("last_day_to_buy", expect.last_day_to_buy, offer.last_day_to_buy)
    if expect.missing is not None:
        actual = sorted(m.fact for m in offer.missing)
        failures += _differs("missing", sorted(expect.missing), actual)
    return failures
