"""Routes: the workshop steps of an RMA (inspection, SMART upload, decision, repair, replace).

Also the unit's service history (issue #5). Thin: each route calls one
service and maps its dataclasses to the response models below.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Form, UploadFile
from pydantic import BaseModel, Field

from warrantor.api.responses import errors
from warrantor.domain.workshop import (
    WorkshopRecord,
)
from warrantor.errors import InvalidInput, Problem
from warrantor.http.dates import IsoDate
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.request_guard import guarded_router
from warrantor.services.rma.decision import (
    QuoteInput,
    answer_quote,
    decide,
)
from warrantor.services.rma.inspection import record_findings, upload_smart
from warrantor.services.rma.permissions import (
    PermissionInput,
    claim_permissions,
    record_permission,
)
from warrantor.services.rma.presented_certificates import attach_certificate
from warrantor.services.rma.repair import PartInput, finish_repair, record_parts, replace_unit
from warrantor.services.rma.service_history import service_history
from warrantor.services.rma.workshop_show import show_workshop
from warrantor.views.workshop import (
    CertificateOut,
    DecisionResultOut,
    HistoryRmaOut,
    PartOut,
    PermissionOut,
    RecordOut,
    ReplacementOut,
    ServiceHistoryOut,
    SmartReportOut,
    WorkshopOut,
    decision_result_out,
)

router = guarded_router(tags=["rmas"])

MAX_UPLOAD_BYTES = 5_000_000


# --- response models ----------------------------------------------------------------------


def _record(record: WorkshopRecord) -> dict[str, object]:
    """The fields of ``RecordOut`` (merged into the models that extend it)."""
    return {name: getattr(record, name) for name in RecordOut.model_fields}


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
    expected_ship_on: IsoDate | None = Field(
        None, description="When the unit is expected to ship (default: today)"
    )
    note: str = ""


# --- routes -------------------------------------------------------------------------------


@router.get("/rmas/{ref}/workshop", responses=errors(401, 404, 422))
def get_workshop(ref: str, runtime: RuntimeDep, actor: ActorDep) -> WorkshopOut:
    """What the workshop recorded on the RMA: findings, SMART data, decision, quote, parts,
    replacement and repair cover."""
    return _workshop(runtime, actor, ref)


@router.post("/rmas/{ref}/inspection/findings", responses=errors(401, 403, 404, 422))
def post_findings(ref: str, body: FindingsIn, runtime: RuntimeDep, actor: ActorDep) -> WorkshopOut:
    """Record inspection findings (starts the inspection of a received unit). An unknown
    finding: 422 naming it and listing the policy's."""
    record_findings(
        runtime.uow_factory, runtime.book, actor, ref, body.findings, runtime.clock.now(), body.note
    )
    return _workshop(runtime, actor, ref)


@router.post("/rmas/{ref}/inspection/smart", responses=errors(401, 403, 404, 422))
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
    return SmartReportOut.model_validate(report)


@router.post("/rmas/{ref}/certificates", status_code=201, responses=errors(401, 404, 422))
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
        runtime.book,
        actor,
        ref,
        runtime.clock.now(),
        number=number,
        file_name=file.filename if file is not None else None,
        content=data,
    )
    return CertificateOut.model_validate(attached)


@router.post(
    "/rmas/{ref}/written-permissions", status_code=201, responses=errors(401, 403, 404, 409, 422)
)
async def post_written_permission(
    ref: str,
    runtime: RuntimeDep,
    actor: ActorDep,
    finding: Annotated[str, Form(max_length=100, examples=["disassembled"])],
    granted_by: Annotated[str, Form(max_length=200, description="Who at the maker granted it")],
    granted_on: Annotated[IsoDate, Form()],
    permitted: Annotated[str, Form(max_length=2000, description="What was permitted")],
    on_unit: Annotated[bool, Form(description="For every claim on the unit")] = False,
    file: Annotated[UploadFile | None, File(description="The letter, if there is one")] = None,
) -> PermissionOut:
    """Record the maker's written permission (staff): every decision on the claim honours it
    (Netac: disassembly or repair "with the written permission of Netac")."""
    data = await _read(file) if file is not None else None
    given = PermissionInput(
        finding=finding.strip(),
        granted_by=granted_by,
        granted_on=granted_on,
        permitted=permitted,
        on_unit=on_unit,
        attachment_name=file.filename if file is not None else None,
        attachment=data,
    )
    found = record_permission(
        runtime.uow_factory, runtime.book, actor, ref, given, runtime.clock.now()
    )
    return PermissionOut.model_validate(found)


@router.get("/rmas/{ref}/written-permissions", responses=errors(401, 404, 422))
def get_written_permissions(ref: str, runtime: RuntimeDep, actor: ActorDep) -> list[PermissionOut]:
    """The written permissions a claim on the RMA stands on: the RMA's and its unit's."""
    found = claim_permissions(runtime.uow_factory, actor, ref)
    return [PermissionOut.model_validate(p) for p in found]


@router.post("/rmas/{ref}/decision", responses=errors(401, 403, 404, 422))
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
        rejected_units=runtime.settings.rejected_units,
    )
    return decision_result_out(result)


@router.post("/rmas/{ref}/quote/accept", responses=errors(401, 404, 422))
def post_quote_accept(ref: str, runtime: RuntimeDep, actor: ActorDep) -> DecisionResultOut:
    """The customer accepts the paid repair."""
    return decision_result_out(
        answer_quote(runtime.uow_factory, runtime.book, actor, ref, True, runtime.clock.now())
    )


@router.post("/rmas/{ref}/quote/decline", responses=errors(401, 404, 422))
def post_quote_decline(ref: str, runtime: RuntimeDep, actor: ActorDep) -> DecisionResultOut:
    """The customer declines: the unit is returned unrepaired."""
    return decision_result_out(
        answer_quote(runtime.uow_factory, runtime.book, actor, ref, False, runtime.clock.now())
    )


@router.post("/rmas/{ref}/parts", responses=errors(401, 403, 404, 422))
def post_parts(ref: str, body: PartsIn, runtime: RuntimeDep, actor: ActorDep) -> list[PartOut]:
    """Record parts used in the repair."""
    parts = [PartInput(p.part, p.quantity, p.part_number, p.replaced, p.note) for p in body.parts]
    recorded = record_parts(
        runtime.uow_factory, runtime.book, actor, ref, parts, runtime.clock.now()
    )
    return [PartOut.model_validate(p) for p in recorded]


@router.post("/rmas/{ref}/replacement", status_code=201, responses=errors(401, 422))
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
    return ReplacementOut.model_validate(done)


@router.post("/rmas/{ref}/finish", responses=errors(401, 403, 404, 422))
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


@router.get("/units/{brand}/{serial}/service-history", responses=errors(401, 404, 422))
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
    return ServiceHistoryOut.model_validate(
        {
            "brand": history.unit.brand,
            "serial": history.unit.serial,
            "serials": history.serials,
            "rmas": rmas,
            "replacements": history.replacements,
            "repair_coverages": history.repair_coverages,
        }
    )
