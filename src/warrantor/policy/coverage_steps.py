"""The evaluator's steps about the unit's coverage: is a term in force on the day?

Every decision runs them, a coverage check and a claim alike: the facts the
policy can't judge by, the unit's product line, findings that void the unit,
the start day and the terms measured from it, the usage limit, and whether a
term (and the usage) still covers the day. ``evaluator.STEPS`` puts them in
order with the claim's steps (``claim_steps``); each writes to the
``Judgement``.
"""

from __future__ import annotations

from warrantor.errors import Said
from warrantor.policy import decision_words as said
from warrantor.policy import missing_words as words
from warrantor.policy.decision import CoverageKind
from warrantor.policy.decision_wording import tb
from warrantor.policy.evaluator_terms import (
    build_terms,
    coverage_start,
    standard_years,
    term_in_force,
    usage_limit,
    usage_status,
)
from warrantor.policy.fact_errors import fact_errors
from warrantor.policy.judgement import Judgement
from warrantor.policy.schema_rules import ExclusionRule, ExpiryRule


def facts_outside_policy(j: Judgement) -> None:
    """Facts outside the policy's vocabulary: reported, never judged around (``fact_errors``)."""
    j.errors.extend(fact_errors(j.policy, j.facts))


def voiding_findings(j: Judgement) -> None:
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
    described = "; ".join(j.describe(f) for f in voiding)
    j.deny(Said(said.VOID, findings=described), clauses)
    j.note_service_ending(voiding)


def product_line(j: Judgement) -> None:
    """The unit's line: the one recorded on it, else the one its model name matches."""
    unit, policy = j.facts.unit, j.policy
    j.facts_used["model"] = unit.model
    known = {line.id for line in policy.doc.lines}
    if unit.product_line in known:
        j.line = policy.line(unit.product_line)
    else:
        j.line = policy.line_of(unit.model)
    if j.line is None:
        j.deny(Said(said.NOT_A_MODEL, model=unit.model, brand=policy.brand), [])
        return
    j.facts_used["product_line"] = j.line.id
    j.match = policy.catalogue_match(unit.model)
    if j.match is not None and j.match.entry.line == j.line.id:
        entry = j.match.entry
        j.facts_used["catalogue"] = entry.model + (" (demo figures)" if entry.demo else "")
        if entry.demo:
            j.notes.append(f"{entry.model}: {entry.note}")
        elif entry.source_kind == "third_party":
            values = {"model": entry.model, "source": entry.source, "brand": policy.brand}
            j.notes.append(Said(said.THIRD_PARTY, **values))
    else:
        j.match = None
    if standard_years(j.line, j.match) is None:
        why = Said(words.CATALOGUE_YEARS, model=unit.model)
        j.ask("catalogue_entry", why, j.line.clauses[0])


def start_and_terms(j: Judgement) -> None:
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


def usage_against_limit(j: Judgement) -> None:
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
            why = Said(words.CAPACITY, model=j.facts.unit.model)
            j.ask("capacity", why, j.limit.rule.clauses[0])
        elif j.facts.is_claim:
            why = Said(words.TBW_FIGURE, model=j.facts.unit.model)
            j.ask("catalogue_entry", why, j.limit.rule.clauses[0])
        return
    j.usage = usage_status(j.limit.limit_bytes, reading, j.facts.on)


def coverage_in_force(j: Judgement) -> None:
    """No term contains the day: not covered (the warranty expired, or has not begun)."""
    if j.terms is None or j.term is not None:
        return
    expiry = [c for rule in j.policy.rules(ExpiryRule) for c in rule.clauses]
    first = min(t.starts_on for t in j.terms.all)
    last = max(t.ends_on for t in j.terms.all if t.kind is not CoverageKind.GLOBAL_SERVICE)
    if j.facts.on < first:
        j.deny(Said(said.STARTS, day=first), expiry)
    else:
        j.deny(Said(said.ENDED, day=last), expiry)
    j.cite(j.terms.standard.clause_ids)


def usage_exhausted(j: Judgement) -> None:
    """Years or usage, whichever comes first: a reached limit ends the coverage it applies to."""
    term, usage, limit = j.term, j.usage, j.limit
    if term is None or usage is None or limit is None:
        return
    if term.kind.value not in limit.rule.scope:
        return
    j.cite(limit.rule.clauses)
    if usage.exhausted and usage.used_bytes is not None:
        used, most = tb(usage.used_bytes), tb(usage.limit_bytes)
        j.deny(Said(said.USED_UP, used=used, limit=most), limit.rule.clauses)
