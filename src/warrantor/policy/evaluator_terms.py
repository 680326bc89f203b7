"""The coverage a unit holds: its start day, its terms with dates, its usage limit.

Pure functions of a ``Policy`` and facts; the evaluator combines them into a
decision. Date arithmetic is in ``warrantor.domain.terms``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from warrantor.domain.coverage import Extension, RepairCoverage, UsageReading
from warrantor.domain.terms import extension_span, repair_cover_end, term_end
from warrantor.domain.units import Unit
from warrantor.errors import Said
from warrantor.policy import decision_words as said
from warrantor.policy import missing_words as words
from warrantor.policy.decision import CoverageKind, CoverageTerm, Missing, UsageStatus
from warrantor.policy.model import CatalogueMatch, Policy
from warrantor.policy.schema_rules import (
    ExtensionOfferRule,
    ExtensionTermRule,
    MaximumTermRule,
    RepairCoverageRule,
    ServiceAreaRule,
    StartDateRule,
    UsageLimitRule,
)
from warrantor.policy.schema_vocabulary import ProductLine


@dataclass(frozen=True)
class Start:
    """The day coverage starts and which date gave it, or what is missing to know it."""

    day: date | None
    source: str | None
    clause_ids: tuple[str, ...]
    missing: tuple[Missing, ...] = ()


def coverage_start(policy: Policy, unit: Unit) -> Start:
    """The first date the policy's start rule accepts, in its order; never a guess."""
    rule = policy.rule(StartDateRule)
    if rule is None:  # the loader refuses such a policy; kept for type narrowing
        return Start(None, None, (), (Missing("start_rule", words.NO_START_RULE),))
    clauses = tuple(rule.clauses)
    missing: list[Missing] = []
    for source in rule.order:
        if source == "purchase_date":
            has_proof = unit.proof_of_purchase is not None or not rule.purchase_needs_proof
            if unit.purchased_on is not None and has_proof:
                return Start(unit.purchased_on, source, clauses)
            missing.append(Missing("proof_of_purchase", words.PROOF_OF_PURCHASE, clauses[0]))
        elif source == "manufacture_date":
            if unit.manufactured_on is not None:
                return Start(unit.manufactured_on, source, clauses)
            missing.append(Missing("manufactured_on", words.MANUFACTURED_ON, clauses[0]))
        elif source == "first_invoice_date":
            if unit.first_invoiced_on is not None:
                return Start(unit.first_invoiced_on, source, clauses)
            missing.append(Missing("first_invoiced_on", words.FIRST_INVOICED_ON, clauses[0]))
    return Start(None, None, clauses, tuple(missing))


def standard_years(line: ProductLine, match: CatalogueMatch | None) -> int | None:
    """The standard term in years: the catalogue's for the model, else the line's."""
    if match is not None:
        return match.entry.years
    return line.standard_years


def extension_offers(policy: Policy, line_id: str) -> list[ExtensionOfferRule]:
    """The extension offers that name this line."""
    return [rule for rule in policy.rules(ExtensionOfferRule) if line_id in rule.lines]


def maximum_years(policy: Policy) -> int | None:
    rule = policy.rule(MaximumTermRule)
    return rule.years if rule else None


def global_years(policy: Policy, line_id: str) -> tuple[int, ServiceAreaRule] | None:
    """Years of global service for the line, and the rule that grants them."""
    for rule in policy.rules(ServiceAreaRule):
        if line_id in rule.global_lines and rule.global_years is not None:
            return rule.global_years, rule
    return None


@dataclass
class Terms:
    """Every coverage a unit holds, in order, and the extension behind each extended term."""

    standard: CoverageTerm
    all: list[CoverageTerm] = field(default_factory=list)
    extension_of: dict[int, Extension] = field(default_factory=dict)
    """Index into ``all`` -> the extension bought for that term."""
    notes: list[str] = field(default_factory=list)


def build_terms(
    policy: Policy,
    line: ProductLine,
    years: int,
    start: Start,
    match: CatalogueMatch | None,
    extensions: tuple[Extension, ...],
    repairs: tuple[RepairCoverage, ...],
) -> Terms:
    """Standard, global service, extended and repair terms, each with its dates and clauses."""
    assert start.day is not None
    day = start.day
    std_clauses = (*line.clauses, *(match.entry.clauses if match else ()), *start.clause_ids)
    standard = CoverageTerm(CoverageKind.STANDARD, day, term_end(day, years), std_clauses)
    terms = Terms(standard=standard, all=[standard])

    granted = global_years(policy, line.id)
    if granted is not None:
        g_years, g_rule = granted
        ends = term_end(day, min(g_years, years))
        note = "service may be asked anywhere"
        terms.all.append(
            CoverageTerm(
                CoverageKind.GLOBAL_SERVICE, day, ends, (*g_rule.clauses, *line.clauses), note
            )
        )

    offers = extension_offers(policy, line.id)
    limit = maximum_years(policy)
    ext_clauses = tuple(
        c
        for rule in [*offers, *policy.rules(ExtensionTermRule), *policy.rules(MaximumTermRule)]
        for c in rule.clauses
    )
    total, previous_end = years, standard.ends_on
    for extension in sorted(extensions, key=lambda e: e.purchased_on):
        if not offers:
            terms.notes.append(Said(said.NOT_OFFERED, years=extension.years, line=line.name))
            continue
        total += extension.years
        span = extension_span(day, previous_end, total, limit)
        if span is None:
            terms.notes.append(Said(said.ADDS_NOTHING, years=extension.years))
            continue
        terms.extension_of[len(terms.all)] = extension
        terms.all.append(CoverageTerm(CoverageKind.EXTENDED, span[0], span[1], ext_clauses))
        previous_end = span[1]

    repair_rule = policy.rule(RepairCoverageRule)
    repair_clauses = tuple(repair_rule.clauses) if repair_rule else ()
    for repair in repairs:
        terms.all.append(
            CoverageTerm(
                CoverageKind.REPAIR, repair.starts_on, repair.ends_on, repair_clauses, repair.reason
            )
        )
    return terms


def term_in_force(terms: Terms, on: date) -> tuple[int, CoverageTerm] | None:
    """The coverage a claim on ``on`` rests on: standard first, then extended, then repair."""
    order = [CoverageKind.STANDARD, CoverageKind.EXTENDED, CoverageKind.REPAIR]
    for kind in order:
        for index, term in enumerate(terms.all):
            if term.kind is kind and term.contains(on):
                return index, term
    return None


@dataclass(frozen=True)
class UsageLimit:
    """The usage limit that applies to the unit, in bytes (``None``: capacity unknown)."""

    rule: UsageLimitRule
    limit_bytes: int | None


def usage_limit(
    policy: Policy, line: ProductLine, match: CatalogueMatch | None
) -> UsageLimit | None:
    """The line's usage limit rule and its figure for this model and capacity, if any."""
    for rule in policy.rules(UsageLimitRule):
        if rule.lines is not None and line.id not in rule.lines:
            continue
        if rule.limit_tb is not None:
            return UsageLimit(rule, round(rule.limit_tb * 10**12))
        return UsageLimit(rule, match.tbw_bytes if match else None)
    return None


def usage_status(limit_bytes: int, reading: UsageReading | None, on: date) -> UsageStatus:
    """What a reading tells about usage on ``on``; unverified without a usable reading.

    A reading taken after ``on`` is an upper bound: below the limit it proves
    the limit was not reached on ``on``; at or above it, it proves nothing.
    """
    if reading is None:
        return UsageStatus(limit_bytes, None, False)
    if reading.read_on > on and reading.bytes_written >= limit_bytes:
        return UsageStatus(limit_bytes, None, False)
    return UsageStatus(limit_bytes, reading.bytes_written, True)


def repair_coverage_for(
    policy: Policy, repaired_on: date, original_end: date | None, reason: str = ""
) -> RepairCoverage | None:
    """Cover of a part repaired or replaced on ``repaired_on``, by the policy's rule.

    The rest of the original coverage or the policy's minimum, whichever is
    longer; ``None`` when the policy has no repair-coverage rule. The RMA work
    stores the result and passes it back in ``Facts.repair_coverages``.
    """
    rule = policy.rule(RepairCoverageRule)
    if rule is None:
        return None
    ends = repair_cover_end(repaired_on, original_end, rule.minimum_months)
    return RepairCoverage(starts_on=repaired_on, ends_on=ends, reason=reason)
