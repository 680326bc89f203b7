"""What the workshop's records look like outside: findings, SMART reports, decisions, quotes,
parts, replacements.
"""

from __future__ import annotations

from datetime import datetime

from warrantor.domain.workshop import (
    MissingFact,
    PartUsed,
    PresentedCertificate,
    Quote,
    Reason,
    Replacement,
    RmaFinding,
    SmartReport,
    StoredDecision,
    StoredRepairCoverage,
    WrittenPermission,
)
from warrantor.services.rma.decision import DecisionResult
from warrantor.views.records import FromRecord, record_fields


class FindingOut(FromRecord):
    __annotations__ = record_fields(RmaFinding)


class SmartReportOut(FromRecord):
    """A SMART report as read, with the bytes written that count for the unit."""

    __annotations__ = record_fields(
        SmartReport, leave_out=("id", "recorded_at"), counted_bytes_written=int
    )


class ReasonOut(FromRecord):
    """A clause and its text; ``role`` is ``determining`` or ``supporting`` (``None`` on
    decisions stored before the groups)."""

    __annotations__ = record_fields(Reason)


class MissingOut(FromRecord):
    __annotations__ = record_fields(MissingFact)


class DecisionOut(FromRecord):
    """A stored decision; ``determining`` are the clause ids that decided the outcome,
    ``supporting`` those that explain it without deciding it."""

    __annotations__ = record_fields(
        StoredDecision,
        leave_out=("id",),
        reasons=list[ReasonOut],
        missing=list[MissingOut],
        determining=list[str],
        supporting=list[str],
    )


class QuoteOut(FromRecord):
    __annotations__ = record_fields(Quote, leave_out=("id", "quoted_at", "answered_at"))


class PartOut(FromRecord):
    __annotations__ = record_fields(PartUsed, leave_out=("recorded_at",))


class ReplacementOut(FromRecord):
    __annotations__ = record_fields(Replacement, leave_out=("note", "replaced_by"))


class RepairCoverageOut(FromRecord):
    """A repair cover; ``fixed`` is false until the unit ships (the minimum counts from the
    ship day)."""

    __annotations__ = record_fields(StoredRepairCoverage, leave_out=("id", "rma_id"))


class CertificateOut(FromRecord):
    __annotations__ = record_fields(PresentedCertificate, leave_out=("id", "document"))


class PermissionOut(FromRecord):
    """The maker's written permission recorded on the RMA (``rma_id``) or its unit (none)."""

    __annotations__ = record_fields(WrittenPermission)


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
