"""Checks a policy file needs as a whole: ids unique, every reference resolves.

Run by the loader after the typed validation; each problem comes back with
the key path it is about, so the loader can name the line. A clause must also
be found, verbatim, in the source text it cites.
"""

from __future__ import annotations

from collections.abc import Iterator

import holidays

from warrantor.policy.locate import Path
from warrantor.policy.schema import PolicyFile
from warrantor.policy.schema_rules import (
    ClaimProofRule,
    ComponentsRule,
    ExclusionRule,
    ExtensionOfferRule,
    RepairTimeRule,
    RmaNumberRule,
    ScopeOfCoverRule,
    ServiceAreaRule,
    StartDateRule,
    UsageLimitRule,
)
from warrantor.policy.schema_vocabulary import ServiceCentre
from warrantor.policy.text import normalize

Found = tuple[Path, str]


def _duplicates(kind: str, key: str, ids: list[str]) -> Iterator[Found]:
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if item in seen:
            yield (kind, index, key), f"{kind[:-1]} id {item!r} is declared twice"
        seen.add(item)


def _refs(path: Path, values: list[str] | None, known: set[str], what: str) -> Iterator[Found]:
    for index, value in enumerate(values or []):
        if value not in known:
            yield (*path, index), f"unknown {what} {value!r}; known: {', '.join(sorted(known))}"


def check_references(doc: PolicyFile) -> list[Found]:
    """Every duplicate id and dangling reference in the file, with its key path."""
    found: list[Found] = []
    found += _duplicates("clauses", "id", [c.id for c in doc.clauses])
    found += _duplicates("lines", "id", [line.id for line in doc.lines])
    found += _duplicates("findings", "id", [f.id for f in doc.findings])
    found += _duplicates("components", "id", [c.id for c in doc.components])
    found += _duplicates("service_centres", "id", [c.id for c in doc.service_centres])
    found += _duplicates("regions", "id", [r.id for r in doc.regions])

    clauses = {c.id for c in doc.clauses}
    lines = {line.id for line in doc.lines}
    findings = {f.id for f in doc.findings}
    components = {c.id for c in doc.components}
    centres = {c.id for c in doc.service_centres}

    starts = [i for i, rule in enumerate(doc.rules) if isinstance(rule, StartDateRule)]
    if len(starts) != 1:
        where: Path = ("rules", starts[1]) if starts else ("policy",)
        found.append((where, "a policy needs exactly one start_date rule"))

    for index, line in enumerate(doc.lines):
        found += _refs(("lines", index, "clauses"), line.clauses, clauses, "clause")
        if line.standard_years is None and not any(e.line == line.id for e in doc.catalogue):
            found.append(
                (("lines", index, "id"), "no standard_years and no catalogue entry gives a term")
            )
    for index, region in enumerate(doc.regions):
        found += _refs(("regions", index, "clauses"), region.clauses, clauses, "clause")
    for index, entry in enumerate(doc.catalogue):
        found += _refs(("catalogue", index, "clauses"), entry.clauses, clauses, "clause")
        if entry.line not in lines:
            found.append((("catalogue", index, "line"), f"unknown line {entry.line!r}"))

    for index, rule in enumerate(doc.rules):
        at: Path = ("rules", index)
        found += _refs((*at, "clauses"), rule.clauses, clauses, "clause")
        if isinstance(rule, ExtensionOfferRule | UsageLimitRule):
            found += _refs((*at, "lines"), rule.lines, lines, "line")
        if isinstance(rule, ServiceAreaRule):
            found += _refs((*at, "global_lines"), rule.global_lines, lines, "line")
        if isinstance(rule, ExclusionRule | ScopeOfCoverRule):
            found += _refs((*at, "findings"), rule.findings, findings, "finding")
        if isinstance(rule, ComponentsRule):
            found += _refs((*at, "covered"), rule.covered, components, "component")
            found += _refs((*at, "excluded"), rule.excluded, components, "component")
        if isinstance(rule, RmaNumberRule | RepairTimeRule):
            found += _refs((*at, "centres"), rule.centres, centres, "service centre")
        if isinstance(rule, ClaimProofRule) and not rule.shows and rule.requires != "certificate":
            found.append(((*at, "shows"), "say what the proof must show"))

    for index, case in enumerate(doc.cases):
        at = ("cases", index)
        found += _refs((*at, "expect", "clauses"), case.expect.clauses, clauses, "clause")
        given = case.given
        found += _refs((*at, "given", "findings"), given.findings, findings, "finding")
        found += _refs(
            (*at, "given", "voiding_findings"), given.voiding_findings, findings, "finding"
        )
        found += _refs(
            (*at, "given", "written_permissions"), given.written_permissions, findings, "finding"
        )
        if given.part is not None and given.part not in components:
            found.append(((*at, "given", "part"), f"unknown component {given.part!r}"))
        if given.product_line is not None and given.product_line not in lines:
            found.append(((*at, "given", "product_line"), f"unknown line {given.product_line!r}"))
    for index, desk_case in enumerate(doc.desk_cases):
        at = ("desk_cases", index)
        found += _refs((*at, "expect", "clauses"), desk_case.expect.clauses, clauses, "clause")
        if desk_case.given.centre is not None and desk_case.given.centre not in centres:
            found.append(((*at, "given", "centre"), f"unknown centre {desk_case.given.centre!r}"))
    return found


def check_service_centres(doc: PolicyFile) -> list[Found]:
    """Each service centre's calendar must exist in the ``holidays`` package.

    A centre's business days come from that package (DESIGN.md, "Business
    days"), so a country or subdivision it does not know would fail the first
    due date asked for; it fails the load instead. (The time zone is checked
    by the schema.) Building a ``holidays`` object computes no year yet.
    """
    found: list[Found] = []
    for index, centre in enumerate(doc.service_centres):
        problem = _calendar_problem(centre)
        if problem is not None:
            key, message = problem
            found.append((("service_centres", index, key), message))
    return found


def _calendar_problem(centre: ServiceCentre) -> tuple[str, str] | None:
    """``(key, message)`` when the package has no calendar for the centre's region."""
    try:
        calendar = holidays.country_holidays(centre.country)
    except NotImplementedError:
        return "country", f"the holidays package has no calendar for country {centre.country!r}"
    if centre.subdivision is None:
        return None
    try:
        holidays.country_holidays(centre.country, subdiv=centre.subdivision)
    except NotImplementedError:
        known = ", ".join(calendar.subdivisions) or "none"
        return "subdivision", (
            f"the holidays package has no subdivision {centre.subdivision!r} "
            f"of {centre.country}; known: {known}"
        )
    return None


def check_quotes(doc: PolicyFile, sources: dict[str, str | None]) -> list[Found]:
    """Each clause's sentence must appear verbatim (up to whitespace) in the text it cites."""
    found: list[Found] = []
    for index, clause in enumerate(doc.clauses):
        name = clause.source or doc.policy.source
        text = sources.get(name)
        if text is None:
            key = "source" if clause.source else "text"
            found.append((("clauses", index, key), f"source text {name!r} not found"))
        elif normalize(clause.text) not in normalize(text):
            found.append((("clauses", index, "text"), f"not found verbatim in {name}"))
    return found
