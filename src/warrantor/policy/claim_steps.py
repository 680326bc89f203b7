"""The evaluator's steps about a claim: what an RMA's findings, part and place add.

They run only when the facts are a claim (``Facts.is_claim``): exclusions the
findings fall under, a part the policy does not cover, where service is asked,
an extension's certificate, a unit declared for special use, and the usage
reading a claim needs. ``evaluator.STEPS`` puts them in order with the coverage
steps (``coverage_steps``); each writes to the ``Judgement``.
"""

from __future__ import annotations

from warrantor.errors import Said
from warrantor.policy import decision_words as said
from warrantor.policy import missing_words as words
from warrantor.policy.decision import CoverageKind
from warrantor.policy.decision_wording import label
from warrantor.policy.evaluator_terms import global_years
from warrantor.policy.judgement import Judgement
from warrantor.policy.schema_rules import (
    ClaimProofRule,
    ComponentsRule,
    ExclusionRule,
    ScopeOfCoverRule,
    ServiceAreaRule,
    ServiceCountriesRule,
    SpecialApplicationRule,
)


def _scoped_kinds(j: Judgement) -> set[str]:
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


def exclusions(j: Judgement) -> None:
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
            described = "; ".join(j.describe(f) for f in hit)
            j.deny(Said(said.EXCLUDED, findings=described), rule.clauses)
            j.note_service_ending(hit)


def outside_scope(j: Judgement) -> None:
    """A claim's findings saying a condition of the cover was not met (not normal use, not the
    recommended environment): the warranty covers only defects under its conditions."""
    facts = j.facts
    if not facts.is_claim or not facts.findings:
        return
    kinds = _scoped_kinds(j)
    for rule in j.policy.rules(ScopeOfCoverRule):
        hit = [f for f in facts.findings if f in rule.findings]
        if hit and kinds <= set(rule.scope):
            j.facts_used["findings"] = ", ".join(facts.findings)
            described = "; ".join(j.describe(f) for f in hit)
            covered = " and ".join(rule.conditions) or Said(said.ITS_CONDITIONS)
            covers = ", ".join(rule.covers)
            why = Said(said.OUTSIDE_SCOPE, findings=described, covers=covers, conditions=covered)
            j.deny(why, rule.clauses)


def part_claimed(j: Judgement) -> None:
    """A part the policy lists as not covered (e.g. accessories of the standard package)."""
    facts, term = j.facts, j.term
    if not facts.is_claim or facts.part_claimed is None:
        return
    part = facts.part_claimed
    if part not in j.policy.component_ids():
        return  # reported by facts_outside_policy
    j.facts_used["part_claimed"] = part
    if term is None:
        return
    for rule in j.policy.rules(ComponentsRule):
        if term.kind.value not in rule.scope:
            continue
        if part in rule.excluded:
            what = _component(j, part)
            j.deny(Said(said.PART_EXCLUDED, part=what, kind=label(term.kind)), rule.clauses)
        elif part in rule.covered:
            j.cite(rule.clauses)


def _component(j: Judgement, part: str) -> str:
    found = next((c for c in j.policy.doc.components if c.id == part), None)
    return found.description if found else part


def service_place(j: Judgement) -> None:
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
            j.ask("service_country", words.SERVICE_COUNTRY, area.clauses[0])
            continue
        bought = facts.unit.country_of_purchase
        if bought is None:
            j.ask("country_of_purchase", words.COUNTRY_OF_PURCHASE, area.clauses[0])
            continue
        j.facts_used["country_of_purchase"] = bought
        if policy.region_of(place) != policy.region_of(bought):
            where = Said(said.REGION_ONLY, bought=bought, place=place)
            j.deny(Said(said.HERE, why=where), area.clauses)
        else:
            j.cite(area.clauses)
            if place != bought:  # same region, different countries: the region's clause says so
                j.cite(policy.region_clauses(place))
    for valid in policy.rules(ServiceCountriesRule):
        if term.kind.value not in valid.scope:
            continue
        if place is None:
            j.ask("service_country", words.SERVICE_COUNTRY, valid.clauses[0])
        elif place not in valid.countries:
            only = Said(said.VALID_ONLY, kind=label(term.kind), where=", ".join(valid.countries))
            j.deny(Said(said.HERE, why=only), valid.clauses)
        else:
            j.cite(valid.clauses)


def certificate(j: Judgement) -> None:
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
            j.ask("extension_certificate", words.EXTENSION_CERTIFICATE, rule.clauses[0])
        elif extension.certificate_valid is False:
            j.deny(Said(said.CERTIFICATE_INVALID), rule.clauses)
        else:
            j.facts_used["certificate"] = extension.certificate_number or "validated"
            j.cite(rule.clauses)


def special_application(j: Judgement) -> None:
    """A unit declared for special use: its usage figures don't apply; a person decides."""
    if not j.facts.is_claim or j.facts.special_application is not True:
        return
    for rule in j.policy.rules(SpecialApplicationRule):
        j.facts_used["special_application"] = "declared"
        why = (
            Said(words.SPECIAL_REVIEW_CONTACT, contact=rule.contact)
            if rule.contact
            else words.SPECIAL_REVIEW
        )
        j.ask("special_application_review", why, rule.clauses[0])


def reading_needed(j: Judgement) -> None:
    """A claim under a usage limit needs a reading of the usage; a check shows it unverified."""
    if not j.facts.is_claim or j.term is None or j.usage is None or j.limit is None:
        return
    if j.term.kind.value in j.limit.rule.scope and not j.usage.verified:
        j.ask("bytes_written", words.BYTES_WRITTEN, j.limit.rule.clauses[0])
