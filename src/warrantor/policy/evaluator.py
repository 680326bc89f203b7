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
other clause a step relied on is ``supporting``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from warrantor.policy.decision import (
    CoverageKind,
    CoverageTerm,
    Decision,
    FactError,
    Missing,
    Outcome,
    UsageStatus,
)
from warrantor.policy.decision_wording import LABELS, covered_summary, tb
from warrantor.policy.evaluator_terms import (
    Start,
    Terms,
    UsageLimit,
    build_terms,
    coverage_start,
    global_years,
    standard_years,
    term_in_force,
    usage_limit,
    usage_status,
)
from warrantor.policy.fact_errors import fact_errors
from warrantor.policy.facts import Facts
from warrantor.policy.model import CatalogueMatch, Policy
from warrantor.policy.schema import (
    ClaimProofRule,
    ComponentsRule,
    ExclusionRule,
    ExpiryRule,
    ProductLine,
    ServiceAreaRule,
    ServiceCountriesRule,
    SpecialApplicationRule,
)


@dataclass(frozen=True)
class Denial:
    """A reason the answer is no, in a sentence, with the clauses that say so."""

    summary: str
    clause_ids: tuple[str, ...]


@dataclass
class _Judgement:
    """What the steps learn as they go; turned into a ``Decision`` by ``_combine``."""

    policy: Policy
    facts: Facts
    line: ProductLine | None = None
    match: CatalogueMatch | None = None
    start: Start | None = None
    terms: Terms | None = None
    in_force: tuple[int, CoverageTerm] | None = None
    limit: UsageLimit | None = None
    usage: UsageStatus | None = None
    voided: bool = False
    denials: list[Denial] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    errors: list[FactError] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    facts_used: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def deny(self, summary: str, clause_ids: tuple[str, ...] | list[str]) -> None:
        self.denials.append(Denial(summary, tuple(clause_ids)))

    def ask(self, fact: str, why: str, clause_id: str | None) -> None:
        if all(m.fact != fact for m in self.missing):
            self.missing.append(Missing(fact, why, clause_id))

    def cite(self, clause_ids: tuple[str, ...] | list[str]) -> None:
        self.basis.extend(clause_ids)

    @property
    def term(self) -> CoverageTerm | None:
        return self.in_force[1] if self.in_force else None


def evaluate(policy: Policy, facts: Facts) -> Decision:
    """Judge ``facts`` by ``policy``; deterministic, and explains itself in ``summary``."""
    judgement = _Judgement(policy, facts)
    for step in STEPS:
        step(judgement)
    return _combine(judgement)


def _combine(j: _Judgement) -> Decision:
    """The combining rule: an error, then a denial, then a missing fact, then coverage."""
    match j.errors, j.denials, j.missing:
        # facts the policy can't judge by: decide nothing until they are put right
        case [_, *_], _, _:
            outcome, determining = Outcome.NEEDS_INFORMATION, []
            wrong = "; ".join(e.message for e in j.errors)
            summary = f"We cannot decide on these facts: {wrong}."
        # a denial beats coverage (exclusions ran first); its clauses decided
        case [], [first, *_], _:
            outcome, summary = Outcome.NOT_COVERED, first.summary
            determining = [c for d in j.denials for c in d.clause_ids]
        # nothing denies, but a rule needs a fact nobody gave: ask, never guess
        case [], [], [_, *_]:
            outcome = Outcome.NEEDS_INFORMATION
            asked = "; ".join(m.why for m in j.missing)
            summary = f"We need more information before we can decide: {asked}."
            determining = [m.clause_id for m in j.missing if m.clause_id]
        # nothing against, nothing missing: the coverage in force decided
        case _:
            outcome, summary = Outcome.COVERED, _covered_summary(j)
            determining = list(j.term.clause_ids) if j.term else []
    determining = list(dict.fromkeys(determining))
    supporting = [c for c in dict.fromkeys(j.basis) if c not in determining]
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
    )


def _covered_summary(j: _Judgement) -> str:
    term, usage, limit = j.term, j.usage, j.limit
    assert term is not None
    applies = usage is not None and limit is not None and term.kind.value in limit.rule.scope
    return covered_summary(term, usage if applies else None, is_claim=j.facts.is_claim)


# --- the steps, in order --------------------------------------------------------------------


def _product_line(j: _Judgement) -> None:
    """The unit's line: the one recorded on it, else the one its model name matches."""
    unit, policy = j.facts.unit, j.policy
    j.facts_used["model"] = unit.model
    known = {line.id for line in policy.doc.lines}
    if unit.product_line in known:
        j.line = policy.line(unit.product_line)
    else:
        j.line = policy.line_of(unit.model)
    if j.line is None:
        j.deny(f"Not covered: {unit.model} is not a {policy.brand} model this policy covers.", [])
        return
    j.facts_used["product_line"] = j.line.id
    j.match = policy.catalogue_match(unit.model)
    if j.match is not None and j.match.entry.line == j.line.id:
        entry = j.match.entry
        j.facts_used["catalogue"] = entry.model + (" (demo figures)" if entry.demo else "")
        if entry.demo:
            j.notes.append(f"{entry.model}: {entry.note}")
    else:
        j.match = None
    if standard_years(j.line, j.match) is None:
        why = f"the maker's catalogue entry for {unit.model} (its warranty years)"
        j.ask("catalogue_entry", why, j.line.clauses[0])


def _fact_errors(j: _Judgement) -> None:
    """Facts outside the policy's vocabulary: reported, never judged around (``fact_errors``)."""
    j.errors.extend(fact_errors(j.policy, j.facts))


def _voiding_findings(j: _Judgement) -> None:
    """Findings that void the unit itself: every later check shows them (DESIGN.md)."""
    facts = j.facts
    claim_findings = facts.findings if facts.is_claim else ()
    voiding = [
        f
        for f in dict.fromkeys([*facts.unit.voiding_findings, *claim_findings])
        if (finding := j.policy.finding(f)) is not None and finding.voids_unit
    ]
    if not voiding:
        return
    j.voided = True
    j.facts_used["voiding_findings"] = ", ".join(voiding)
    clauses = [
        c
        for rule in j.policy.rules(ExclusionRule)
        if set(voiding) & set(rule.findings)
        for c in rule.clauses
    ]
    described = "; ".join(_describe(j, f) for f in voiding)
    j.deny(f"Not covered: the warranty of this unit is void ({described}).", clauses)


def _describe(j: _Judgement, finding_id: str) -> str:
    finding = j.policy.finding(finding_id)
    return finding.description if finding else finding_id


def _start_and_terms(j: _Judgement) -> None:
    """The start day (by the policy's ordered sources) and every term measured from it."""
    if j.line is None:
        return
    j.start = coverage_start(j.policy, j.facts.unit)
    if j.start.day is None:
        for missing in j.start.missing[:1]:
            j.ask(missing.fact, missing.why, missing.clause_id)
        return
    j.facts_used["start_date"] = j.start.day.isoformat()
    j.facts_used["start_source"] = j.start.source or ""
    years = standard_years(j.line, j.match)
    if years is None:
        return
    j.terms = build_terms(
        j.policy,
        j.line,
        years,
        j.start,
        j.match,
        j.facts.extensions,
        j.facts.repair_coverages,
    )
    for note in j.terms.notes:
        j.facts_used.setdefault("notes", "")
        j.facts_used["notes"] = "; ".join(filter(None, [j.facts_used["notes"], note]))
    j.in_force = term_in_force(j.terms, j.facts.on)
    if j.term is not None:
        j.cite(j.term.clause_ids)


def _usage(j: _Judgement) -> None:
    """The usage limit and what the reading says; unverified without a reading."""
    if j.line is None:
        return
    j.limit = usage_limit(j.policy, j.line, j.match)
    reading = j.facts.reading
    if reading is not None:
        j.facts_used["bytes_written"] = str(reading.bytes_written)
        j.facts_used["read_on"] = reading.read_on.isoformat()
    if j.limit is None:
        return
    if j.limit.limit_bytes is None:
        if j.facts.is_claim and j.match is not None and j.match.capacity is None:
            why = f"the capacity of the {j.facts.unit.model} (its TBW depends on it)"
            j.ask("capacity", why, j.limit.rule.clauses[0])
        elif j.facts.is_claim:
            why = f"the maker's TBW figure for the {j.facts.unit.model}"
            j.ask("catalogue_entry", why, j.limit.rule.clauses[0])
        return
    j.usage = usage_status(j.limit.limit_bytes, reading, j.facts.on)


def _scoped_kinds(j: _Judgement) -> set[str]:
    """The kinds of coverage a claim could rest on: the one in force, else any the unit holds."""
    if j.term is not None:
        return {j.term.kind.value}
    if j.terms is not None:
        return {t.kind.value for t in j.terms.all}
    kinds = {"standard"}
    if j.facts.extensions:
        kinds.add("extended")
    if j.facts.repair_coverages:
        kinds.add("repair")
    return kinds


def _exclusions(j: _Judgement) -> None:
    """A claim's findings that an exclusion names, unless the maker permitted them in writing."""
    facts = j.facts
    if not facts.is_claim or not facts.findings:
        return
    j.facts_used["findings"] = ", ".join(facts.findings)
    kinds = _scoped_kinds(j)
    for rule in j.policy.rules(ExclusionRule):
        hit = [f for f in facts.findings if f in rule.findings]
        if rule.yields_to_written_permission:
            permitted = [f for f in hit if f in facts.written_permissions]
            if permitted:
                j.facts_used["written_permission"] = ", ".join(permitted)
                j.cite(rule.clauses)
            hit = [f for f in hit if f not in permitted]
        # an exclusion scoped to some kinds applies only when every candidate kind is in scope
        if hit and kinds <= set(rule.scope):
            described = "; ".join(_describe(j, f) for f in hit)
            j.deny(f"Not covered: {described}, which the warranty excludes.", rule.clauses)


def _coverage_in_force(j: _Judgement) -> None:
    """No term contains the day: not covered (the warranty expired, or has not begun)."""
    if j.terms is None or j.term is not None:
        return
    expiry = [c for rule in j.policy.rules(ExpiryRule) for c in rule.clauses]
    first = min(t.starts_on for t in j.terms.all)
    last = max(t.ends_on for t in j.terms.all if t.kind is not CoverageKind.GLOBAL_SERVICE)
    if j.facts.on < first:
        j.deny(f"Not covered: the warranty starts on {first.isoformat()}.", expiry)
    else:
        j.deny(f"Not covered: the warranty ended on {last.isoformat()}.", expiry)
    j.cite(j.terms.standard.clause_ids)


def _usage_exhausted(j: _Judgement) -> None:
    """Years or usage, whichever comes first: a reached limit ends the coverage it applies to."""
    term, usage, limit = j.term, j.usage, j.limit
    if term is None or usage is None or limit is None:
        return
    if term.kind.value not in limit.rule.scope:
        return
    j.cite(limit.rule.clauses)
    if usage.exhausted and usage.used_bytes is not None:
        j.deny(
            f"Not covered: {tb(usage.used_bytes)} written reaches the limit of "
            f"{tb(usage.limit_bytes)} written, which ends the warranty before its term does.",
            limit.rule.clauses,
        )


def _part_claimed(j: _Judgement) -> None:
    """A part the policy lists as not covered (e.g. accessories of the standard package)."""
    facts, term = j.facts, j.term
    if not facts.is_claim or facts.part_claimed is None:
        return
    part = facts.part_claimed
    if part not in j.policy.component_ids():
        return  # reported by _fact_errors
    j.facts_used["part_claimed"] = part
    if term is None:
        return
    for rule in j.policy.rules(ComponentsRule):
        if term.kind.value not in rule.scope:
            continue
        if part in rule.excluded:
            what = _component(j, part)
            j.deny(f"Not covered: {what} is not covered by {LABELS[term.kind]}.", rule.clauses)
        elif part in rule.covered:
            j.cite(rule.clauses)


def _component(j: _Judgement, part: str) -> str:
    found = next((c for c in j.policy.doc.components if c.id == part), None)
    return found.description if found else part


def _service_place(j: _Judgement) -> None:
    """Where service is asked: global years anywhere, else the region of purchase; and the
    countries some coverage is valid in (e.g. an extension valid in USA and Canada only)."""
    facts, term, policy = j.facts, j.term, j.policy
    if not facts.is_claim or term is None or j.line is None:
        return
    place = facts.service_country
    if place is not None:
        j.facts_used["service_country"] = place
    for area in policy.rules(ServiceAreaRule):
        if term.kind.value not in area.scope or area.default == "anywhere":
            continue
        granted = global_years(policy, j.line.id)
        global_term = next(
            (t for t in (j.terms.all if j.terms else []) if t.kind is CoverageKind.GLOBAL_SERVICE),
            None,
        )
        if granted is not None and global_term is not None and global_term.contains(facts.on):
            j.cite(area.clauses)
            continue  # global service: anywhere
        if place is None:
            j.ask("service_country", "the country where service is asked", area.clauses[0])
            continue
        bought = facts.unit.country_of_purchase
        if bought is None:
            j.ask("country_of_purchase", "the country where the unit was bought", area.clauses[0])
            continue
        j.facts_used["country_of_purchase"] = bought
        if policy.region_of(place) != policy.region_of(bought):
            j.deny(
                f"Not covered here: service is given only in the region of purchase ({bought}),"
                f" not in {place}.",
                area.clauses,
            )
        else:
            j.cite(area.clauses)
            if place != bought:  # same region, different countries: the region's clause says so
                j.cite(policy.region_clauses(place))
    for valid in policy.rules(ServiceCountriesRule):
        if term.kind.value not in valid.scope:
            continue
        if place is None:
            j.ask("service_country", "the country where service is asked", valid.clauses[0])
        elif place not in valid.countries:
            where = ", ".join(valid.countries)
            j.deny(
                f"Not covered here: {LABELS[term.kind]} is valid only for service in {where}.",
                valid.clauses,
            )
        else:
            j.cite(valid.clauses)


def _certificate(j: _Judgement) -> None:
    """A claim under an extension needs its certificate, shown and validated."""
    if not j.facts.is_claim or j.in_force is None or j.terms is None:
        return
    index, term = j.in_force
    extension = j.terms.extension_of.get(index)
    if extension is None:
        return
    for rule in j.policy.rules(ClaimProofRule):
        if term.kind.value not in rule.scope:
            continue
        if extension.certificate_valid is None:
            why = "the extended warranty certificate (a copy), to be validated"
            j.ask("extension_certificate", why, rule.clauses[0])
        elif extension.certificate_valid is False:
            j.deny("Not covered: the extended warranty certificate is not valid.", rule.clauses)
        else:
            j.facts_used["certificate"] = extension.certificate_number or "validated"
            j.cite(rule.clauses)


def _special_application(j: _Judgement) -> None:
    """A unit declared for special use: its usage figures don't apply; a person decides."""
    if not j.facts.is_claim or j.facts.special_application is not True:
        return
    for rule in j.policy.rules(SpecialApplicationRule):
        j.facts_used["special_application"] = "declared"
        why = "a person to review this special application"
        if rule.contact:
            why += f" (consult the maker by {rule.contact})"
        j.ask("special_application_review", why, rule.clauses[0])


def _reading_needed(j: _Judgement) -> None:
    """A claim under a usage limit needs a reading of the usage; a check shows it unverified."""
    if not j.facts.is_claim or j.term is None or j.usage is None or j.limit is None:
        return
    if j.term.kind.value in j.limit.rule.scope and not j.usage.verified:
        why = "a reading of the bytes written (SMART data) taken on or before the day asked"
        j.ask("bytes_written", why, j.limit.rule.clauses[0])


STEPS: tuple[Callable[[_Judgement], None], ...] = (
    _fact_errors,
    _product_line,
    _voiding_findings,
    _start_and_terms,
    _usage,
    _exclusions,
    _coverage_in_force,
    _usage_exhausted,
    _part_claimed,
    _service_place,
    _certificate,
    _special_application,
    _reading_needed,
)
"""Every step, in the order their denials rank: voiding and exclusions before coverage."""
