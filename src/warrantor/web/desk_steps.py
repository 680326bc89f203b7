"""The desk's steps on one RMA, one route each: validate the documents, issue the number,
move the case (a plain event), add a troubleshooting note, ship the unit back.

Each step is declared with ``desk_actions.rma_step``: a form model of only its own
fields, and a function returning what to tell the person; the route around it
and its answer (``desk_panel.answer_step``) are written once there. The
services decide who may do what, and when.
"""

from __future__ import annotations

from pydantic import Field

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.services.rma.documents import validate_documents
from warrantor.services.rma.events import add_note, send_event
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.shipping import ship
from warrantor.web.desk_actions import rma_step
from warrantor.web.form_models import FormModel
from warrantor.web.rendering import page_router

router = page_router()


class ValidateForm(FormModel):
    proof_of_purchase: str = Field("", title="Proof of purchase")
    """Empty: keep the one the customer gave."""
    note: str = Field("", title="Note")


@rma_step(router, "/desk/rmas/{ref}/validate", ValidateForm)
def validate(form: ValidateForm, runtime: Runtime, actor: Actor, ref: str) -> str:
    """The agent validates the documents: the RMA number is due from now."""
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


class IssueForm(FormModel):
    note: str = Field("", title="Note")


@rma_step(router, "/desk/rmas/{ref}/issue", IssueForm)
def issue(form: IssueForm, runtime: Runtime, actor: Actor, ref: str) -> str:
    """The agent issues the RMA number; the customer is told where to ship."""
    issued = issue_number(
        runtime.uow_factory, runtime.book, actor, ref, runtime.clock.now(), note=form.note
    )
    return f"RMA number {issued.rma.number} issued; the customer has been told where to ship."


class EventForm(FormModel):
    event: str = Field("", title="Step")
    """One of the plain events (``rma_events.PLAIN_EVENTS``): the button pressed."""
    reason: str = Field("", title="Reason")


@rma_step(router, "/desk/rmas/{ref}/event", EventForm)
def move_case(form: EventForm, runtime: Runtime, actor: Actor, ref: str) -> str:
    """A plain step (troubleshooting, resolved remotely, cancel, reject, close), with why."""
    now = runtime.clock.now()
    units = runtime.settings.rejected_units
    rma = send_event(
        runtime.uow_factory, actor, ref, form.event, form.reason, now, units, runtime.book
    )
    return f"Now {rma.state.replace('_', ' ')}."


class NoteForm(FormModel):
    text: str = Field("", title="Troubleshooting note")


@rma_step(router, "/desk/rmas/{ref}/note", NoteForm)
def note(form: NoteForm, runtime: Runtime, actor: Actor, ref: str) -> str:
    """What was tried or asked, kept on the RMA for the desk."""
    add_note(runtime.uow_factory, actor, ref, form.text, runtime.clock.now())
    return "Note added."


class ShipForm(FormModel):
    carrier: str = Field("", title="Carrier")
    tracking: str = Field("", title="Tracking number")


@rma_step(router, "/desk/rmas/{ref}/ship", ShipForm)
def ship_back(form: ShipForm, runtime: Runtime, actor: Actor, ref: str) -> str:
    """The unit goes back to its owner; who pays the leg is the policy's answer."""
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
