"""Find what is legal in a policy file but cannot be what its author meant.

The loader already refuses a broken file; ``lint`` looks at a loaded policy
for rules that can never take effect: an extension no one can ever buy, a
line no model matches, a maximum term shorter than a standard one, two lines
matching the same model, an exclusion no finding can trigger, a clause no
rule uses. Pure: give it the file's text to get line numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.policy.locate import KeyLocator, Path
from warrantor.policy.model import Policy
from warrantor.policy.schema import PolicyFile
from warrantor.policy.schema_rules import ExclusionRule, ExtensionOfferRule, MaximumTermRule
from warrantor.policy.schema_vocabulary import ProductLine

Found = tuple[str, str, Path]
"""A finding's code, message and the key path it is about."""


@dataclass(frozen=True, slots=True)
class LintFinding:
    """Something a policy author should look at, and where."""

    code: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}[{self.code}] {self.message}"


def lint(policy: Policy, text: str = "") -> list[LintFinding]:
    """Every lint finding of a loaded policy; ``text`` (the file) gives their lines."""
    locator = KeyLocator(text)
    found: list[Found] = []
    found += _unbuyable_extensions(policy)
    found += _unmatched_lines(policy)
    found += _maximum_below_standard(policy)
    found += _overlapping_lines(policy)
    found += _idle_exclusions(policy)
    found += _unused_clauses(policy.doc)
    return [LintFinding(code, message, locator.line_of(at)) for code, message, at in found]


def _years_of(policy: Policy, line: ProductLine) -> list[int]:
    """The standard terms a line can have: its own, or its catalogue models'."""
    years = [e.years for e in policy.doc.catalogue if e.line == line.id]
    return years or ([line.standard_years] if line.standard_years else [])


def _model_names(policy: Policy, line: ProductLine) -> list[str]:
    names = list(line.examples)
    for entry in policy.doc.catalogue:
        if entry.line == line.id:
            names += policy.catalogue_names(entry)
    return names


def _unbuyable_extensions(policy: Policy) -> list[Found]:
    found: list[Found] = []
    maximum = next(iter(policy.rules(MaximumTermRule)), None)
    for index, rule in enumerate(policy.doc.rules):
        if not isinstance(rule, ExtensionOfferRule):
            continue
        for line_id in rule.lines:
            line = policy.line(line_id)
            years = _years_of(policy, line)
            if maximum is None or not years:
                continue
            if all(min(years) + step > maximum.years for step in rule.years):
                found.append(
                    (
                        "extension-unbuyable",
                        f"no extension offered for {line_id} can ever be bought: every step "
                        f"({', '.join(map(str, rule.years))} years) goes past the maximum of "
                        f"{maximum.years} years",
                        ("rules", index, "years"),
                    )
                )
    return found


def _unmatched_lines(policy: Policy) -> list[Found]:
    found: list[Found] = []
    for index, line in enumerate(policy.doc.lines):
        names = _model_names(policy, line)
        own = [n for n in names if line in policy.lines_matching(n)]
        if not own:
            found.append(
                (
                    "line-unmatched",
                    f"no model matches line {line.id}: give examples its patterns match",
                    ("lines", index, "patterns"),
                )
            )
            continue
        for name in line.examples:
            if name not in own:
                found.append(
                    (
                        "example-unmatched",
                        f"example {name!r} is not matched by the patterns of line {line.id}",
                        ("lines", index, "examples"),
                    )
                )
    return found


def _maximum_below_standard(policy: Policy) -> list[Found]:
    found: list[Found] = []
    for index, rule in enumerate(policy.doc.rules):
        if not isinstance(rule, MaximumTermRule):
            continue
        for line in policy.doc.lines:
            longest = max(_years_of(policy, line), default=0)
            if longest > rule.years:
                found.append(
                    (
                        "maximum-below-standard",
                        f"the maximum term ({rule.years} years) is shorter than the standard "
                        f"term of {line.id} ({longest} years)",
                        ("rules", index, "years"),
                    )
                )
    return found


def _overlapping_lines(policy: Policy) -> list[Found]:
    found: list[Found] = []
    seen: set[str] = set()
    for index, line in enumerate(policy.doc.lines):
        for name in _model_names(policy, line):
            matching = [m.id for m in policy.lines_matching(name)]
            if len(matching) > 1 and name not in seen:
                seen.add(name)
                found.append(
                    (
                        "lines-overlap",
                        f"model {name!r} is matched by more than one line: {', '.join(matching)}",
                        ("lines", index, "patterns"),
                    )
                )
    return found


def _idle_exclusions(policy: Policy) -> list[Found]:
    found: list[Found] = []
    kinds = {"standard", "repair"}
    if policy.rules(ExtensionOfferRule):
        kinds.add("extended")
    for index, rule in enumerate(policy.doc.rules):
        if not isinstance(rule, ExclusionRule):
            continue
        if not rule.findings:
            message = "this exclusion lists no finding, so no inspection can ever trigger it"
            found.append(("exclusion-idle", message, ("rules", index, "findings")))
        elif not kinds & set(rule.scope):
            message = (
                f"this exclusion applies only to {', '.join(rule.scope)} coverage, "
                "which no unit of this policy can hold"
            )
            found.append(("exclusion-idle", message, ("rules", index, "scope")))
    listed = {f for rule in policy.rules(ExclusionRule) for f in rule.findings}
    for index, finding in enumerate(policy.doc.findings):
        if finding.voids_unit and finding.id not in listed:
            message = f"finding {finding.id} voids the unit but no exclusion cites it"
            found.append(("finding-uncited", message, ("findings", index, "id")))
    return found


def _unused_clauses(doc: PolicyFile) -> list[Found]:
    used = {c for rule in doc.rules for c in rule.clauses}
    used |= {c for line in doc.lines for c in line.clauses}
    used |= {c for region in doc.regions for c in region.clauses}
    used |= {c for entry in doc.catalogue for c in entry.clauses}
    return [
        ("clause-unused", f"clause {clause.id} is cited by no rule", ("clauses", index, "id"))
        for index, clause in enumerate(doc.clauses)
        if clause.id not in used
    ]
