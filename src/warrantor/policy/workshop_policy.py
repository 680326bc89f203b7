"""What a brand's policy says about the workshop's steps, read in one place.

The workshop asks which findings a technician may record (and which of them
void the unit itself), which parts a claim may name, whether a unit has a
usage limit (and its figure), who keeps a removed part or a replaced unit,
and how long the cover of a repair runs at least. The use cases and pages
ask here instead of reading the policy's rules themselves; the refusals are
in ``rma_refusals``.
"""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.domain.units import Unit
from warrantor.policy.evaluator_terms import UsageLimit, usage_limit
from warrantor.policy.model import Policy
from warrantor.policy.schema_rules import ExclusionRule, RemedyRule, RepairCoverageRule

MAKER = "maker"
"""Who keeps removed parts where a policy is silent."""


@dataclass(frozen=True, slots=True)
class InspectionFinding:
    """A finding of the policy's vocabulary."""

    id: str
    description: str
    voids_unit: bool
    """It voids the unit itself: recorded on the unit, and every later check shows it."""


def inspection_findings(policy: Policy) -> tuple[InspectionFinding, ...]:
    """Every finding the policy declares, in its order."""
    return tuple(InspectionFinding(f.id, f.description, f.voids_unit) for f in policy.doc.findings)


def inspection_finding(policy: Policy, finding_id: str) -> InspectionFinding | None:
    """The finding ``finding_id`` of the policy's vocabulary; ``None`` when it has none."""
    return next((f for f in inspection_findings(policy) if f.id == finding_id), None)


def claimable_parts(policy: Policy) -> tuple[tuple[str, str], ...]:
    """The components a claim may name: (id, description), in the policy's order."""
    return tuple((c.id, c.description) for c in policy.doc.components)


def _usage_limit(policy: Policy, unit: Unit) -> UsageLimit | None:
    line = policy.line(unit.product_line) if unit.product_line else policy.line_of(unit.model)
    return usage_limit(policy, line, policy.catalogue_match(unit.model)) if line else None


def has_usage_limit(policy: Policy, unit: Unit) -> bool:
    """Whether the unit's line has a usage limit (TBW): its SMART data is what counts."""
    return _usage_limit(policy, unit) is not None


def usage_limit_bytes(policy: Policy, unit: Unit) -> int | None:
    """The unit's usage limit in bytes for its model and capacity; ``None`` when it has none
    or its figure is not known."""
    limit = _usage_limit(policy, unit)
    return limit.limit_bytes if limit else None


def replaced_parts_owner(policy: Policy) -> str:
    """Who keeps a removed part or a replaced unit: the remedy rule's word, else the maker."""
    remedy = policy.rule(RemedyRule)
    return (remedy.replaced_parts_owner if remedy else None) or MAKER


def repair_cover_months(policy: Policy) -> int | None:
    """The minimum cover of a repaired part or a replacement, in months; ``None``: no cover."""
    rule = policy.rule(RepairCoverageRule)
    return rule.minimum_months if rule else None


def permissible_findings(policy: Policy) -> tuple[str, ...]:
    """Findings the maker may permit in writing: those of an exclusion that yields to written
    permission (Netac's first: transformed, disassembled, repaired), in the policy's order."""
    found = (
        f
        for rule in policy.rules(ExclusionRule)
        if rule.yields_to_written_permission
        for f in rule.findings
    )
    return tuple(dict.fromkeys(found))
