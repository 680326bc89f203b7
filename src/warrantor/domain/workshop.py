"""What the workshop records on an RMA: findings, SMART reports, decisions, quotes, parts,
replacements and repair coverages (issue #5).

Pure data, mapped from rows by ``store.workshop``; services return these and
the entry points render them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Condition = Literal["new", "reconditioned"]
"""How a replacement unit comes: new, or reconditioned (QNAP's remedy allows both)."""

RepairCoverageKind = Literal["repaired_part", "replacement_unit"]


@dataclass(frozen=True, slots=True)
class RmaFinding:
    """One inspection finding, from the policy's vocabulary."""

    finding: str
    voids_unit: bool
    note: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class WrittenPermission:
    """The maker's written permission for what a finding names, as recorded (issue 19).

    ``rma_id`` ``None``: recorded on the unit, so it counts for every claim on it."""

    id: int
    finding: str
    granted_by: str
    """Who at the maker granted it (a name, a department, a ticket)."""
    granted_on: date
    permitted: str
    """What was permitted, in words (e.g. "opening the case to replace the heatsink")."""
    attachment_name: str | None
    recorded_by: str
    recorded_at: datetime
    rma_id: int | None = None


@dataclass(frozen=True, slots=True)
class SmartReport:
    """A ``smartctl --json`` report read during inspection.

    ``drive_bytes_written`` is the drive's own counter; ``counted_bytes_written``
    adds the usage carried over from a drive this one replaced, and is what the
    warranty counts (and what is stored as the unit's usage reading).
    """

    id: int
    file_name: str
    model_name: str | None
    serial_reported: str | None
    serial_matches: bool
    protocol: str
    drive_bytes_written: int
    carried_bytes_written: int
    power_on_hours: int | None
    unit_rule: str
    notes: tuple[str, ...]
    read_on: date
    recorded_at: datetime
    recorded_by: str

    @property
    def counted_bytes_written(self) -> int:
        return self.drive_bytes_written + self.carried_bytes_written


@dataclass(frozen=True, slots=True)
class PresentedCertificate:
    """An extended-warranty certificate the customer presented on the RMA."""

    id: int
    certificate_number: str | None
    file_name: str | None
    document: str | None
    attached_at: datetime
    attached_by: str


@dataclass(frozen=True, slots=True)
class Reason:
    """A clause a stored decision rests on, with its source sentence.

    ``role``: ``determining`` (it decided the outcome) or ``supporting`` (it explains
    without deciding); ``None`` on decisions stored before the two were told apart.
    """

    clause_id: str
    text: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class MissingFact:
    fact: str
    why: str
    clause_id: str | None = None


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A decision as it is to be stored on an RMA: built by the workshop service from the
    policy engine's answer, so the store records it without knowing the engine."""

    outcome: str
    summary: str
    policy_id: str
    policy_version: str
    decided_on: date
    applies_kind: str | None
    applies_until: date | None
    coverage_until: date | None
    """Last day of the coverage the unit held when decided (see ``policy.workshop_rules``)."""
    clause_ids: tuple[str, ...]
    reasons: tuple[Reason, ...]
    facts_used: dict[str, str]
    missing: tuple[MissingFact, ...]


@dataclass(frozen=True, slots=True)
class StoredDecision(DecisionRecord):
    """The policy engine's answer to a claim, as stored on the RMA: the record, its row id,
    and who stored it when."""

    id: int
    decided_at: datetime
    decided_by: str

    @property
    def determining(self) -> tuple[str, ...]:
        """The clauses that decided the outcome."""
        return tuple(r.clause_id for r in self.reasons if r.role == "determining")

    @property
    def supporting(self) -> tuple[str, ...]:
        """The clauses that explain the outcome without deciding it."""
        return tuple(r.clause_id for r in self.reasons if r.role == "supporting")


@dataclass(frozen=True, slots=True)
class Quote:
    """A paid-repair quote in integer minor units, and the customer's answer (if any)."""

    id: int
    amount_minor: int
    currency: str
    note: str
    quoted_at: datetime
    quoted_by: str
    answer: str | None = None
    answered_at: datetime | None = None
    answered_by: str | None = None


@dataclass(frozen=True, slots=True)
class PartUsed:
    """A part used in a repair; a replaced part's removed piece belongs to its owner."""

    part: str
    part_number: str | None
    quantity: int
    replaced: bool
    removed_part_owner: str | None
    note: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class Replacement:
    """One unit replaced by another with its own serial, on an RMA."""

    rma_id: int
    brand: str
    original_serial: str
    original_model: str
    replacement_serial: str
    replacement_model: str
    condition: str
    carried_bytes_written: int | None
    original_part_owner: str | None
    note: str
    replaced_at: datetime
    replaced_by: str


@dataclass(frozen=True, slots=True)
class StoredRepairCoverage:
    """Cover of a repaired part or a replacement unit; ``fixed`` once the unit shipped."""

    id: int
    rma_id: int
    brand: str
    serial: str
    kind: str
    part: str | None
    starts_on: date
    ends_on: date
    original_ends_on: date | None
    minimum_months: int
    fixed: bool
    reason: str


@dataclass(frozen=True, slots=True)
class WorkshopRecord:
    """Everything the workshop recorded on one RMA, for showing it."""

    findings: tuple[RmaFinding, ...] = ()
    smart_reports: tuple[SmartReport, ...] = ()
    certificates: tuple[PresentedCertificate, ...] = ()
    decisions: tuple[StoredDecision, ...] = ()
    quotes: tuple[Quote, ...] = ()
    parts: tuple[PartUsed, ...] = ()
    replacements: tuple[Replacement, ...] = field(default_factory=tuple)
    repair_coverages: tuple[StoredRepairCoverage, ...] = ()

    @property
    def decision(self) -> StoredDecision | None:
        """The RMA's decision: the last one asked."""
        return self.decisions[-1] if self.decisions else None

    @property
    def quote(self) -> Quote | None:
        return self.quotes[-1] if self.quotes else None
