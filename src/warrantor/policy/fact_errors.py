"""Facts a policy can't judge by: names outside its vocabulary, or of the wrong kind.

The evaluator runs this first and returns what it finds in ``Decision.errors``
(as cedar returns a policy's evaluation errors beside its answer) instead of
raising: a check still shows what it knows, and a caller that must not act on
bad facts (a claim to be stored) calls ``Decision.require_valid_facts``.
"""

from __future__ import annotations

from collections.abc import Iterable

from warrantor.errors import Said
from warrantor.policy import decision_words as said
from warrantor.policy.decision import FactError
from warrantor.policy.facts import Facts
from warrantor.policy.model import Policy


def fact_errors(policy: Policy, facts: Facts) -> list[FactError]:
    """Every finding and the part claimed checked against the policy's vocabularies."""
    errors = [
        *finding_errors(policy, "voiding_findings", facts.unit.voiding_findings),
        *finding_errors(policy, "findings", facts.findings),
        *finding_errors(policy, "written_permissions", facts.written_permissions),
    ]
    part = facts.part_claimed if facts.is_claim else None
    if part is not None and (error := _part_error(policy, part)) is not None:
        errors.append(error)
    return errors


def finding_errors(policy: Policy, field_name: str, findings: Iterable[str]) -> list[FactError]:
    """The findings outside the policy's vocabulary (each named, with the known ones)."""
    return [error for finding in findings if (error := _finding_error(policy, field_name, finding))]


def _finding_error(policy: Policy, field_name: str, finding: str) -> FactError | None:
    if policy.finding(finding) is not None:
        return None
    if finding in policy.component_ids():
        message = Said(said.IS_COMPONENT, finding=repr(finding))
    else:
        known = ", ".join(f.id for f in policy.doc.findings) or Said(said.NONE_KNOWN)
        values = {"finding": repr(finding), "brand": policy.brand, "known": known}
        message = Said(said.UNKNOWN_FINDING, **values)
    return FactError(field_name, finding, message)


def _part_error(policy: Policy, part: str) -> FactError | None:
    if part in policy.component_ids():
        return None
    if policy.finding(part) is not None:
        message = Said(said.IS_FINDING, part=repr(part))
    else:
        known = ", ".join(sorted(policy.component_ids())) or Said(said.NONE_KNOWN)
        values = {"part": repr(part), "brand": policy.brand, "known": known}
        message = Said(said.UNKNOWN_COMPONENT, **values)
    return FactError("part_claimed", part, message)
