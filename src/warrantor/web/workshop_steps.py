"""The workshop's steps on one RMA, one route each: inspect (findings, SMART upload), decide
the claim (with a paid-repair quote when not covered), record a part, finish the repair,
replace the unit, record the maker's written permission.

Each route takes a form model of only its own fields and is answered by
``desk_panel.answer_step``; the services decide who may do what, and when.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Form as FormField
from fastapi import Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from warrantor.errors import InvalidInput, Problem
from warrantor.http.deps import RuntimeDep
from warrantor.services.rma.decision import QuoteInput, decide
from warrantor.services.rma.inspection import record_findings, upload_smart
from warrantor.services.rma.permissions import PermissionInput, record_permission
from warrantor.services.rma.repair import PartInput, finish_repair, record_parts, replace_unit
from warrantor.views.amounts import minor_units
from warrantor.web.access import PageActorDep
from warrantor.web.desk_panel import answer_step
from warrantor.web.form_models import FormModel, whole_number
from warrantor.web.rendering import page_router

router = page_router()


class InspectForm(FormModel):
    findings: list[str] = Field(default_factory=list, title="Findings")
    note: str = Field("", title="Note")
    smart: UploadFile | None = Field(None, title="smartctl --json output")
    """An empty file input arrives as ``None``."""


@router.post("/desk/rmas/{ref}/inspect", response_class=HTMLResponse)
def inspect(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[InspectForm, FormField()],
) -> Response:
    """Findings from the policy's vocabulary and, for a drive, its SMART report."""

    def step() -> str:
        now = runtime.clock.now()
        upload = form.smart
        if form.findings or form.note or upload is None:
            record_findings(
                runtime.uow_factory, runtime.book, actor, ref, form.findings, now, note=form.note
            )
        if upload is not None:
            name = upload.filename or "smart.json"
            content = upload.file.read()
            upload_smart(runtime.uow_factory, runtime.book, actor, ref, name, content, now)
        return "Inspection recorded."

    page = form.page_form(aliases={"file": "smart", "content": "smart"})
    return answer_step(request, runtime, actor, ref, page, step)


class DecideForm(FormModel):
    part_claimed: str = Field("", title="Part claimed")
    """Empty: the whole unit."""
    quote_amount: str = Field("", title="Quote")
    """Only when not covered: the paid-repair price in major units ("129.00")."""
    quote_currency: str = Field("", title="Currency")
    note: str = Field("", title="Note")

    def quote(self) -> QuoteInput | None:
        """The paid-repair quote typed, if any; ``InvalidInput`` naming a bad amount."""
        if not self.quote_amount:
            return None
        currency = self.quote_currency or "USD"
        amount = minor_units(self.quote_amount, currency, "quote_amount", "quote_currency")
        return QuoteInput(amount, currency, self.note)


@router.post("/desk/rmas/{ref}/decide", response_class=HTMLResponse)
def decide_claim(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[DecideForm, FormField()],
) -> Response:
    """The policy engine decides the inspected claim."""

    def step() -> str:
        result = decide(
            runtime.uow_factory,
            runtime.book,
            runtime.keys,
            actor,
            ref,
            runtime.clock.now(),
            part_claimed=form.part_claimed or None,
            quote=form.quote(),
            rejected_units=runtime.settings.rejected_units,
        )
        outcome = result.decision.outcome.replace("_", " ")
        return f"Decision: {outcome}; the RMA is now {result.state.replace('_', ' ')}."

    page = form.page_form(aliases={"quote_amount_minor": "quote_amount"})  # the service's name
    return answer_step(request, runtime, actor, ref, page, step)


class PartForm(FormModel):
    part: str = Field("", title="Part")
    part_number: str = Field("", title="Part number")
    quantity: str = Field("", title="Quantity")
    """A whole number; 1 when empty."""
    replaced: str = Field("", title="The old part")
    """``added`` when nothing was removed; anything else: removed and replaced."""
    part_note: str = Field("", title="Note on the part")


PART_ALIASES = {"parts": "part", "parts[0].part": "part", "parts[0].quantity": "quantity"}
"""The parts service names fields by row (one row per submission here)."""


@router.post("/desk/rmas/{ref}/parts", response_class=HTMLResponse)
def record_part(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[PartForm, FormField()],
) -> Response:
    """One part used in the repair (the removed piece goes to its owner)."""

    def step() -> str:
        part = PartInput(
            part=form.part,
            quantity=whole_number(form.quantity or "1", "quantity", "a whole number, e.g. 1"),
            part_number=form.part_number or None,
            replaced=form.replaced != "added",
            note=form.part_note,
        )
        now = runtime.clock.now()
        recorded = record_parts(runtime.uow_factory, runtime.book, actor, ref, [part], now)
        return f"Part recorded: {part.part.strip()} ({len(recorded)} on this RMA)."

    return answer_step(request, runtime, actor, ref, form.page_form(PART_ALIASES), step)


class FinishForm(FormModel):
    note: str = Field("", title="Note")


@router.post("/desk/rmas/{ref}/finish", response_class=HTMLResponse)
def finish(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[FinishForm, FormField()],
) -> Response:
    """The repair is done: the repair cover is stored and the unit is ready to ship."""

    def step() -> str:
        now = runtime.clock.now()
        finish_repair(runtime.uow_factory, runtime.book, actor, ref, now, note=form.note)
        return "Repair finished: ready to ship."

    return answer_step(request, runtime, actor, ref, form.page_form(), step)


class ReplaceForm(FormModel):
    new_serial: str = Field("", title="Replacement serial")
    condition: str = Field("", title="Condition")
    """``new`` when empty; the policy says which conditions it allows."""
    note: str = Field("", title="Note")


@router.post("/desk/rmas/{ref}/replace", response_class=HTMLResponse)
def replace(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[ReplaceForm, FormField()],
) -> Response:
    """The unit is replaced by another with its own serial."""

    def step() -> str:
        if not form.new_serial.strip():
            problem = Problem("enter the replacement's serial", "new_serial")
            raise InvalidInput("no serial", [problem])
        done = replace_unit(
            runtime.uow_factory,
            runtime.book,
            runtime.keys,
            actor,
            ref,
            form.new_serial,
            runtime.clock.now(),
            condition=form.condition or "new",
            note=form.note,
        )
        return f"Replaced by {done.replacement_serial}."

    return answer_step(request, runtime, actor, ref, form.page_form(), step)


class PermissionForm(FormModel):
    finding: str = Field("", title="What it permits")
    granted_by: str = Field("", title="Granted by")
    granted_on: str = Field("", title="Granted on")
    permitted: str = Field("", title="What was permitted")
    on_unit: str = Field("", title="For every claim on this unit")
    letter: UploadFile | None = Field(None, title="The letter")


@router.post("/desk/rmas/{ref}/permission", response_class=HTMLResponse)
def permission(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[PermissionForm, FormField()],
) -> Response:
    """The maker's written permission (Netac), so every decision on the claim honours it."""

    def step() -> str:
        try:
            granted_on = date.fromisoformat(form.granted_on.strip())
        except ValueError:
            message = f"enter a date like 2026-11-23, not {form.granted_on!r}"
            raise InvalidInput(message, [Problem(message, "granted_on")]) from None
        letter = form.letter
        given = PermissionInput(
            finding=form.finding,
            granted_by=form.granted_by,
            granted_on=granted_on,
            permitted=form.permitted,
            on_unit=bool(form.on_unit),
            attachment_name=letter.filename if letter is not None else None,
            attachment=letter.file.read() if letter is not None else None,
        )
        now = runtime.clock.now()
        record_permission(runtime.uow_factory, runtime.book, actor, ref, given, now)
        return "Written permission recorded."

    page = form.page_form(aliases={"attachment": "letter"})
    return answer_step(request, runtime, actor, ref, page, step)
