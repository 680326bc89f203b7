"""What the workshop's records look like outside: findings, SMART reports, decisions, quotes,
parts, replacements.
"""

from __future__ import annotations

from datetime import date, datetime

from warrantor.services.rma.decision import (
    DecisionResult,
)
from warrantor.views.records import FromRecord


class FindingOut(FromRecord):
    finding: str
    voids_unit: bool
    note: str
    recorded_at: datetime
    recorded_by: str


class SmartReportOut(FromRecord):
    file_name: str
    model_name: str | None
    serial_reported: str | None
    serial_matches: bool
    protocol: str
    drive_bytes_written: int
    carried_bytes_written: int
    counted_bytes_written: int
    power_on_hours: int | None
    unit_rule: str
    notes: list[str]
    read_on: date
    recorded_by: str


class ReasonOut(FromRecord):
    clause_id: str
    text: str
    role: str | None
    """``determining`` or ``supporting``; ``None`` on decisions stored before the groups."""


class MissingOut(FromRecord):
    fact: str
    why: str
    clause_id: str | None


class DecisionOut(FromRecord):
    outcome: str
    summary: str
    policy_id: str
    policy_version: str
    decided_on: date
    applies_kind: str | None
    applies_until: date | None
    coverage_until: date | None
    clause_ids: list[str]
    determining: list[str]
    """The clause ids that decided the outcome."""
    supporting: list[str]
    """The clause ids that explain the outcome without deciding it."""
    reasons: list[ReasonOut]
    facts_used: dict[str, str]
    missing: list[MissingOut]
    decided_at: datetime
    decided_by: str


class QuoteOut(FromRecord):
    amount_minor: int
    currency: str
    note: str
    quoted_by: str
    answer: str | None
    answered_by: str | None


class PartOut(FromRecord):
    part: str
    part_number: str | None
    quantity: int
    replaced: bool
    removed_part_owner: str | None
    note: str
    recorded_by: str


class ReplacementOut(FromRecord):
    rma_id: int
    brand: str
    original_serial: str
    original_model: str
    replacement_serial: str
    replacement_model: str
    condition: str
    carried_bytes_written: int | None
    original_part_owner: str | None
    replaced_at: datetime


class RepairCoverageOut(FromRecord):
    brand: str
    serial: str
    kind: str
    part: str | None
    starts_on: date
    ends_on: date
    original_ends_on: date | None
    minimum_months: int
    fixed: bool
    """False until the unit ships: the minimum counts from the ship day."""
    reason: str


class CertificateOut(FromRecord):
    certificate_number: str | None
    file_name: str | None
    attached_at: datetime
    attached_by: str


class RecordOut(FromRecord):
    """Everything the workshop recorded on one RMA; ``decision`` is the last one asked."""

    findings: list[FindingOut]
    smart_reports: list[SmartReportOut]
    certificates: list[CertificateOut]
    decision: DecisionOut | None
    decisions: list[DecisionOut]
    quote: QuoteOut | None
    parts: list[PartOut]
    replacements: list[ReplacementOut]
    repair_coverages: list[RepairCoverageOut]


class WorkshopOut(RecordOut):
    """The RMA's state and flag, and what the workshop recorded on it."""

    rma_id: int
    number: str | None
    state: str
    needs_attention: bool
    attention_reason: str | None


class DecisionResultOut(FromRecord):
    state: str
    decision: DecisionOut
    quote: QuoteOut | None


def decision_result_out(result: DecisionResult) -> DecisionResultOut:
    return DecisionResultOut.model_validate(result)


class HistoryRmaOut(RecordOut):
    """One RMA of the unit's history and what the workshop did on it."""

    rma_id: int
    number: str | None
    serial: str
    state: str
    opened_at: datetime
    symptom: str


class ServiceHistoryOut(FromRecord):
    brand: str
    serial: str
    serials: list[str]
    """The unit's replacement chain, oldest first (the unit asked about is one of them)."""
    rmas: list[HistoryRmaOut]
    replacements: list[ReplacementOut]
    repair_coverages: list[RepairCoverageOut]
