"""The desk's steps on one RMA, one route each: validate the documents, issue the number,
move the case (a plain event), add a troubleshooting note, ship the unit back.

Each route takes a form model of only its own fields and is answered by
``desk_panel.answer_step``; the services decide who may do what, and when.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form as FormField
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from warrantor.http.deps import RuntimeDep
from warrantor.services.rma.documents import validate_documents
from warrantor.services.rma.events import add_note, send_event
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.shipping import ship
from warrantor.web.access import PageActorDep
from warrantor.web.desk_panel import answer_step
from warrantor.web.form_models import FormModel
from warrantor.web.rendering import page_router

router = page_router()


class ValidateForm(FormModel):
    proof_of_purchase: str = Field("", title="Proof of purchase")
    """Empty: keep the one the customer gave."""
    note: str = Field("", title="Note")


@router.post("/desk/rmas/{ref}/validate", response_class=HTMLResponse)
def validate(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[ValidateForm, FormField()],
) -> Response:
    """The agent validates the documents: the RMA number is due from now."""

    def step() -> str:
        validate_documents(
            runtime.uow_factory,
            runtime.book,
            actor,
            ref,
            runtime.clock.now(),
            proof_of_purchase=form.proof_of_purchase or None,
            note=form.note,
        )
        return "Documents validated: the RMA number is now due."

    return answer_step(request, runtime, actor, ref, form.page_form(), step)


class IssueForm(FormModel):
    note: str = Field("", title="Note")


@router.post("/desk/rmas/{ref}/issue", response_class=HTMLResponse)
def issue(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[IssueForm, FormField()],
) -> Response:
    """The agent issues the RMA number; the customer is told where to ship."""

    def step() -> str:
        issued = issue_number(
            runtime.uow_factory, runtime.book, actor, ref, runtime.clock.now(), note=form.note
        )
        return f"RMA number {issued.rma.number} issued; the customer has been told where to ship."

    return answer_step(request, runtime, actor, ref, form.page_form(), step)


class EventForm(FormModel):
    event: str = Field("", title="Step")
    """One of the plain events (``rma_events.PLAIN_EVENTS``): the button pressed."""
    reason: str = Field("", title="Reason")


@router.post("/desk/rmas/{ref}/event", response_class=HTMLResponse)
def move_case(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[EventForm, FormField()],
) -> Response:
    """A plain step (troubleshooting, resolved remotely, cancel, reject, close), with why."""

    def step() -> str:
        now = runtime.clock.now()
        units = runtime.settings.rejected_units
        rma = send_event(runtime.uow_factory, actor, ref, form.event, form.reason, now, units)
        return f"Now {rma.state.replace('_', ' ')}."

    return answer_step(request, runtime, actor, ref, form.page_form(), step)


class NoteForm(FormModel):
    text: str = Field("", title="Troubleshooting note")


@router.post("/desk/rmas/{ref}/note", response_class=HTMLResponse)
def note(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[NoteForm, FormField()],
) -> Response:
    """What was tried or asked, kept on the RMA for the desk."""

    def step() -> str:
        add_note(runtime.uow_factory, actor, ref, form.text, runtime.clock.now())
        return "Note added."

    return answer_step(request, runtime, actor, ref, form.page_form(), step)


class ShipForm(FormModel):
    carrier: str = Field("", title="Carrier")
    tracking: str = Field("", title="Tracking number")


@router.post("/desk/rmas/{ref}/ship", response_class=HTMLResponse)
def ship_back(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    form: Annotated[ShipForm, FormField()],
) -> Response:
    """The unit goes back to its owner; who pays the leg is the policy's answer."""

    def step() -> str:
        shipped = ship(
            runtime.uow_factory,
            runtime.book,
            actor,
            ref,
            form.carrier,
            form.tracking,
            runtime.clock.now(),
        )
        return f"Shipped by {shipped.shipment.carrier}, paid by {shipped.shipment.paid_by}."

    return answer_step(request, runtime, actor, ref, form.page_form(), step)
