"""Routes: the workshop steps of an RMA (inspection, SMART upload, decision, repair, replace).

Also the unit's service history (issue #5). Thin: each route calls one
service and maps its dataclasses to the response models below.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel, Field

from warrantor.api.deps import ActorDep, RuntimeDep
from warrantor.domain.workshop import (
    PartUsed,
    Quote,
    Replacement,
    SmartReport,
    StoredDecision,
    StoredRepairCoverage,
    WorkshopRecord,
)
from warrantor.errors import InvalidInput, Problem
from warrantor.services.rma_decision import (
    DecisionResult,
    QuoteInput,
    answer_quote,
    attach_certificate,
    decide,
)
from warrantor.services.rma_inspection import record_findings, upload_smart
from warrantor.services.rma_repair import PartInput, finish_repair, record_parts, replace_unit
from warrantor.services.rma_workshop_show import show_workshop
from warrantor.services.service_history import service_history

router = APIRouter(tags=["rmas"])

MAX_UPLOAD_BYTES = 5_000_000


# --- response models ----------------------------------------------------------------------


class FindingOut(BaseModel):
    finding: str
    voids_unit: bool
    note: str
    recorded_at: datetime
    recorded_by: str


class SmartReportOut(BaseModel):
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


class ReasonOut(BaseModel):
    clause_id: str
    text: str


class MissingOut(BaseModel):
    fact: str
    why: str
    clause_id: str | None


class DecisionOut(BaseModel):
    outcome: str
    summary: str
    policy_id: str
    policy_version: str
    decided_on: date
    applies_kind: str | None
    applies_until: date | None
    coverage_until: date | None
    clause_ids: list[str]
    reasons: list[ReasonOut]
    facts_used: dict[str, str]
    missing: list[MissingOut]
    decided_at: datetime
    decided_by: str


class QuoteOut(BaseModel):
    amount_minor: int
    currency: str
    note: str
    quoted_by: str
    answer: str | None
    answered_by: str | None


class PartOut(BaseModel):
    part: str
    part_number: str | None
    quantity: int
    replaced: bool
    removed_part_owner: str | None
    note: str
    recorded_by: str


class ReplacementOut(BaseModel):
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


class RepairCoverageOut(BaseModel):
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


class CertificateOut(BaseModel):
    certificate_number: str | None
    file_name: str | None
    attached_at: datetime
    attached_by: str


class RecordOut(BaseModel):
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


class DecisionResultOut(BaseModel):
    state: str
    decision: DecisionOut
    quote: QuoteOut | None


def _decision(d: StoredDecision) -> DecisionOut:
    return DecisionOut(
        outcome=d.outcome,
        summary=d.summary,
        policy_id=d.policy_id,
        policy_version=d.policy_version,
        decided_on=d.decided_on,
        applies_kind=d.applies_kind,
        applies_until=d.applies_until,
        coverage_until=d.coverage_until,
        clause_ids=list(d.clause_ids),
        reasons=[ReasonOut(clause_id=r.clause_id, text=r.text) for r in d.reasons],
        facts_used=d.facts_used,
        missing=[MissingOut(fact=m.fact, why=m.why, clause_id=m.clause_id) for m in d.missing],
        decided_at=d.decided_at,
        decided_by=d.decided_by,
    )


def _quote(q: Quote | None) -> QuoteOut | None:
    if q is None:
        return None
    return QuoteOut(
        amount_minor=q.amount_minor,
        currency=q.currency,
        note=q.note,
        quoted_by=q.quoted_by,
        answer=q.answer,
        answered_by=q.answered_by,
    )


def _smart(r: SmartReport) -> SmartReportOut:
    return SmartReportOut(
        file_name=r.file_name,
        model_name=r.model_name,
        serial_reported=r.serial_reported,
        serial_matches=r.serial_matches,
        protocol=r.protocol,
        drive_bytes_written=r.drive_bytes_written,
        carried_bytes_written=r.carried_bytes_written,
        counted_bytes_written=r.counted_bytes_written,
        power_on_hours=r.power_on_hours,
        unit_rule=r.unit_rule,
        notes=list(r.notes),
        read_on=r.read_on,
        recorded_by=r.recorded_by,
    )


def _part(p: PartUsed) -> PartOut:
    return PartOut(
        part=p.part,
        part_number=p.part_number,
        quantity=p.quantity,
        replaced=p.replaced,
        removed_part_owner=p.removed_part_owner,
        note=p.note,
        recorded_by=p.recorded_by,
    )


def _replacement(r: Replacement) -> ReplacementOut:
    return ReplacementOut(
        rma_id=r.rma_id,
        brand=r.brand,
        original_serial=r.original_serial,
        original_model=r.original_model,
        replacement_serial=r.replacement_serial,
        replacement_model=r.replacement_model,
        condition=r.condition,
        carried_bytes_written=r.carried_bytes_written,
        original_part_owner=r.original_part_owner,
        replaced_at=r.replaced_at,
    )


def _cover(c: StoredRepairCoverage) -> RepairCoverageOut:
    return RepairCoverageOut(
        brand=c.brand,
        serial=c.serial,
        kind=c.kind,
        part=c.part,
        starts_on=c.starts_on,
        ends_on=c.ends_on,
        original_ends_on=c.original_ends_on,
        minimum_months=c.minimum_months,
        fixed=c.fixed,
        reason=c.reason,
    )


def _record(record: WorkshopRecord) -> dict[str, object]:
    """The fields of ``RecordOut`` (merged into the models that extend it)."""
    return {
        "findings": [
            FindingOut(
                finding=f.finding,
                voids_unit=f.voids_unit,
                note=f.note,
                recorded_at=f.recorded_at,
                recorded_by=f.recorded_by,
            )
            for f in record.findings
        ],
        "smart_reports": [_smart(r) for r in record.smart_reports],
        "certificates": [
            CertificateOut(
                certificate_number=c.certificate_number,
                file_name=c.file_name,
                attached_at=c.attached_at,
                attached_by=c.attached_by,
            )
            for c in record.certificates
        ],
        "decision": _decision(record.decision) if record.decision else None,
        "decisions": [_decision(d) for d in record.decisions],
        "quote": _quote(record.quote),
        "parts": [_part(p) for p in record.parts],
        "replacements": [_replacement(r) for r in record.replacements],
        "repair_coverages": [_cover(c) for c in record.repair_coverages],
    }


def _workshop(runtime: RuntimeDep, actor: ActorDep, ref: str) -> WorkshopOut:
    rma, record = show_workshop(runtime.uow_factory, actor, ref)
    return WorkshopOut.model_validate(
        {
            "rma_id": rma.id,
            "number": rma.number,
            "state": rma.state,
            "needs_attention": rma.needs_attention,
            "attention_reason": rma.attention_reason,
            **_record(record),
        }
    )


def _result(result: DecisionResult) -> DecisionResultOut:
    return DecisionResultOut(
        state=result.state, decision=_decision(result.decision), quote=_quote(result.quote)
    )


async def _read(file: UploadFile) -> bytes:
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        message = f"the file is larger than {MAX_UPLOAD_BYTES:,} bytes"
        raise InvalidInput(message, [Problem(message, "file")])
    return data


# --- request models -----------------------------------------------------------------------


class FindingsIn(BaseModel):
    findings: list[str] = Field(default_factory=list, description="Finding ids of the policy")
    note: str = ""


class DecideIn(BaseModel):
    part_claimed: str | None = Field(None, description="Component id; none: the whole unit")
    quote_amount_minor: int | None = Field(
        None, description="Paid-repair price in minor units (cents), needed when not covered"
    )
    quote_currency: str | None = Field(None, description="ISO 4217 code, e.g. USD")
    quote_note: str = ""


class PartIn(BaseModel):
    part: str
    quantity: int = 1
    part_number: str | None = None
    replaced: bool = True
    note: str = ""


class PartsIn(BaseModel):
    parts: list[PartIn]


class ReplaceIn(BaseModel):
    serial: str = Field(description="The replacement unit's own serial")
    condition: str = Field("new", description="new or reconditioned")
    model: str | None = Field(None, description="A substitute model; none: the same model")
    note: str = ""


class FinishIn(BaseModel):
    expected_ship_on: date | None = Field(
        None, description="When the unit is expected to ship (default: today)"
    )
    note: str = ""


# --- routes -------------------------------------------------------------------------------


@router.get("/rmas/{ref}/workshop")
def get_workshop(ref: str, runtime: RuntimeDep, actor: ActorDep) -> WorkshopOut:
    """What the workshop recorded on the RMA: findings, SMART data, decision, quote, parts,
    replacement and repair cover."""
    return _workshop(runtime, actor, ref)


@router.post("/rmas/{ref}/inspection/findings")
def post_findings(ref: str, body: FindingsIn, runtime: RuntimeDep, actor: ActorDep) -> WorkshopOut:
    """Record inspection findings (starts the inspection of a received unit). An unknown
    finding: 422 naming it and listing the policy's."""
    record_findings(
        runtime.uow_factory, runtime.book, actor, ref, body.findings, runtime.clock.now(), body.note
    )
    return _workshop(runtime, actor, ref)


@router.post("/rmas/{ref}/inspection/smart")
async def post_smart(
    ref: str, file: Annotated[UploadFile, File()], runtime: RuntimeDep, actor: ActorDep
) -> SmartReportOut:
    """Upload ``smartctl --json`` output. Unreadable: 422, the RMA flagged for a person."""
    data = await _read(file)
    report = upload_smart(
        runtime.uow_factory,
        runtime.book,
        actor,
        ref,
        file.filename or "smartctl.json",
        data,
        runtime.clock.now(),
    )
    return _smart(report)


@router.post("/rmas/{ref}/certificates", status_code=201)
async def post_certificate(
    ref: str,
    runtime: RuntimeDep,
    actor: ActorDep,
    file: Annotated[UploadFile | None, File()] = None,
    number: Annotated[str | None, Form()] = None,
) -> CertificateOut:
    """Attach the extended-warranty certificate the customer presents (PDF/JSON or a number)."""
    data = await _read(file) if file is not None else None
    attached = attach_certificate(
        runtime.uow_factory,
        actor,
        ref,
        runtime.clock.now(),
        number=number,
        file_name=file.filename if file is not None else None,
        content=data,
    )
    return CertificateOut(
        certificate_number=attached.certificate_number,
        file_name=attached.file_name,
        attached_at=attached.attached_at,
        attached_by=attached.attached_by,
    )


@router.post("/rmas/{ref}/decision")
def post_decision(
    ref: str, body: DecideIn, runtime: RuntimeDep, actor: ActorDep
) -> DecisionResultOut:
    """Ask the policy engine. Covered: repairing. Not covered: quote_pending with the paid
    quote (422 naming quote_amount_minor without one). Needs information: stays inspecting."""
    quote = None
    if body.quote_amount_minor is not None or body.quote_currency is not None:
        quote = QuoteInput(
            amount_minor=body.quote_amount_minor or 0,
            currency=body.quote_currency or "",
            note=body.quote_note,
        )
    result = decide(
        runtime.uow_factory,
        runtime.book,
        runtime.keys,
        actor,
        ref,
        runtime.clock.now(),
        part_claimed=body.part_claimed,
        quote=quote,
    )
    return _result(result)


@router.post("/rmas/{ref}/quote/accept")
def post_quote_accept(ref: str, runtime: RuntimeDep, actor: ActorDep) -> DecisionResultOut:
    """The customer accepts the paid repair."""
    return _result(answer_quote(runtime.uow_factory, actor, ref, True, runtime.clock.now()))


@router.post("/rmas/{ref}/quote/decline")
def post_quote_decline(ref: str, runtime: RuntimeDep, actor: ActorDep) -> DecisionResultOut:
    """The customer declines: the unit is returned unrepaired."""
    return _result(answer_quote(runtime.uow_factory, actor, ref, False, runtime.clock.now()))


@router.post("/rmas/{ref}/parts")
def post_parts(ref: str, body: PartsIn, runtime: RuntimeDep, actor: ActorDep) -> list[PartOut]:
    """Record parts used in the repair."""
    parts = [PartInput(p.part, p.quantity, p.part_number, p.replaced, p.note) for p in body.parts]
    recorded = record_parts(
        runtime.uow_factory, runtime.book, actor, ref, parts, runtime.clock.now()
    )
    return [_part(p) for p in recorded]


@router.post("/rmas/{ref}/replacement", status_code=201)
def post_replacement(
    ref: str, body: ReplaceIn, runtime: RuntimeDep, actor: ActorDep
) -> ReplacementOut:
    """Replace the unit by another with its own serial (same brand; same or named model)."""
    done = replace_unit(
        runtime.uow_factory,
        runtime.book,
        runtime.keys,
        actor,
        ref,
        body.serial,
        runtime.clock.now(),
        condition=body.condition,
        model=body.model,
        note=body.note,
    )
    return _replacement(done)


@router.post("/rmas/{ref}/finish")
def post_finish(ref: str, body: FinishIn, runtime: RuntimeDep, actor: ActorDep) -> WorkshopOut:
    """Finish the repair: ready to ship, with the repair cover (fixed when it ships)."""
    finish_repair(
        runtime.uow_factory,
        runtime.book,
        actor,
        ref,
        runtime.clock.now(),
        expected_ship_on=body.expected_ship_on,
        note=body.note,
    )
    return _workshop(runtime, actor, ref)


# --- service history ----------------------------------------------------------------------


class HistoryRmaOut(RecordOut):
    """One RMA of the unit's history and what the workshop did on it."""

    rma_id: int
    number: str | None
    serial: str
    state: str
    opened_at: datetime
    symptom: str


class ServiceHistoryOut(BaseModel):
    brand: str
    serial: str
    serials: list[str]
    """The unit's replacement chain, oldest first (the unit asked about is one of them)."""
    rmas: list[HistoryRmaOut]
    replacements: list[ReplacementOut]
    repair_coverages: list[RepairCoverageOut]


@router.get("/units/{brand}/{serial}/service-history")
def get_service_history(
    brand: str, serial: str, runtime: RuntimeDep, actor: ActorDep
) -> ServiceHistoryOut:
    """Every RMA of the unit and of the units it replaced or that replaced it."""
    history = service_history(runtime.uow_factory, actor, brand, serial)
    rmas = [
        HistoryRmaOut.model_validate(
            {
                "rma_id": entry.rma.id,
                "number": entry.rma.number,
                "serial": entry.rma.serial,
                "state": entry.rma.state,
                "opened_at": entry.rma.opened_at,
                "symptom": entry.rma.symptom,
                **_record(entry.record),
            }
        )
        for entry in history.rmas
    ]
    return ServiceHistoryOut(
        brand=history.unit.brand,
        serial=history.unit.serial,
        serials=list(history.serials),
        rmas=rmas,
        replacements=[_replacement(r) for r in history.replacements],
        repair_coverages=[_cover(c) for c in history.repair_coverages],
    )
