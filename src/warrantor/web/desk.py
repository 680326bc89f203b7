"""The service desk (/desk/...): queues with due dates and what is late, and one RMA's actions.

Agents validate documents and issue RMA numbers; technicians receive parcels
(and unauthorized arrivals), inspect (findings, SMART upload), decide,
repair or replace, and ship. Each action is a small form posting to
``/desk/rmas/{ref}/{action}``: with htmx it swaps the RMA panel in place
(``desk/_rma.html``) and the queue refreshes itself; without JavaScript the
browser is sent back to the RMA page. The services check every role and
state; a refusal is shown at the top of the panel, a wrong field next to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import File, Request, UploadFile
from fastapi import Form as FormField
from fastapi.responses import HTMLResponse, Response

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import Rma, may_send, sources_of
from warrantor.errors import InvalidInput, Problem, WarrantorError
from warrantor.http.deps import RuntimeDep
from warrantor.policy.rma_desk import policy_for
from warrantor.policy.workshop_policy import claimable_parts, inspection_findings
from warrantor.services.rma.decision import QuoteInput, decide
from warrantor.services.rma.documents import validate_documents
from warrantor.services.rma.events import PLAIN_EVENTS, REASON_REQUIRED, add_note, send_event
from warrantor.services.rma.inspection import record_findings, upload_smart
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.queues import RmaQuery, late_rmas, list_rmas, show_rma
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.rma.repair import PartInput, finish_repair, record_parts, replace_unit
from warrantor.services.rma.service_history import service_history
from warrantor.services.rma.shipping import ship
from warrantor.services.rma.unauthorized import (
    dispose,
    list_unauthorized,
    record_cost,
    return_to_sender,
    show_unauthorized,
)
from warrantor.services.rma.workshop_common import WORKSHOP_ROLES
from warrantor.web.access import PageActorDep, require
from warrantor.web.forms import Form
from warrantor.web.rendering import is_htmx, page_router, render, see_other

router = page_router()

DESK = (Role.AGENT, Role.TECHNICIAN, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class Queue:
    title: str
    states: tuple[str, ...]


QUEUES = {
    "new": Queue("New requests", ("requested", "troubleshooting")),
    "number": Queue("To issue a number", ("documents_validated",)),
    "awaiting": Queue("Awaiting the unit", ("awaiting_unit",)),
    "workshop": Queue("In the workshop", ("received", "inspecting", "repairing", "quote_pending")),
    "ship": Queue("To ship", ("ready_to_ship",)),
}


@router.get("/desk", response_class=HTMLResponse)
def desk(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """The queues: what is late first, then the chosen queue sorted by what is due first."""
    require(actor, *DESK)
    name = request.query_params.get("queue", "late")
    now = runtime.clock.now()
    late = late_rmas(runtime.uow_factory, actor, now)
    if name == "late":
        title, rows = "Late", late
    elif name in QUEUES:
        queue = QUEUES[name]
        rows = list_rmas(runtime.uow_factory, actor, RmaQuery(states=queue.states), now)
        title = queue.title
    else:
        raise InvalidInput(f"no queue named {name!r}", [Problem("unknown queue", "queue")])
    held = list_unauthorized(runtime.uow_factory, actor) if actor.role != Role.AGENT else []
    context = {
        "queues": QUEUES,
        "queue": name,
        "title": title,
        "rows": rows,
        "late_ids": {rma.id for rma in late},
        "late_count": len(late),
        "held": held,
        "now": now,
    }
    return render(request, "desk/queues.html", context, actor, partial="desk/_queue.html")


STEP_LABELS = {
    "start_troubleshooting": "Start troubleshooting",
    "resolve_remotely": "Resolve remotely",
    "cancel": "Cancel the RMA",
    "reject": "Reject the RMA",
    "close": "Close the RMA",
}
"""The button of each plain event (``rma_events.PLAIN_EVENTS``) on the RMA panel."""


def allowed_steps(actor: Actor, rma: Rma) -> list[tuple[str, str, bool]]:
    """The plain events the RMA's state allows and the actor's role may send, as buttons.

    Each is ``(event, label, needs a reason)``; the machine and ``may_send``
    decide, so the panel never offers a step the service would refuse.
    """
    return [
        (event, STEP_LABELS[event], event in REASON_REQUIRED)
        for event in PLAIN_EVENTS
        if rma.state in sources_of(event) and may_send(actor, rma, event)
    ]


def _panel(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    ref: str,
    form: Form | None = None,
    status_code: int = 200,
    notice: str = "",
) -> HTMLResponse:
    details = show_rma(runtime.uow_factory, runtime.book, actor, ref, runtime.clock.now())
    rma = details.rma
    history = service_history(runtime.uow_factory, actor, rma.brand, rma.serial)
    record = next((h.record for h in history.rmas if h.rma.id == rma.id), None)
    policy = policy_for(runtime.book, rma.brand)
    context = {
        "details": details,
        "record": record,
        "findings": [(f.id, f.description) for f in inspection_findings(policy)],
        "components": claimable_parts(policy),
        "form": form or Form(),
        "notice": notice,
        "ref": ref,
        "steps": allowed_steps(actor, rma),
        "may_note": actor.role in DESK and not rma.is_final,
        "may_record_parts": actor.role in WORKSHOP_ROLES,
    }
    return render(
        request, "desk/rma.html", context, actor, partial="desk/_rma.html", status_code=status_code
    )


@router.get("/desk/rmas/{ref}", response_class=HTMLResponse)
def desk_rma(request: Request, runtime: RuntimeDep, actor: PageActorDep, ref: str) -> HTMLResponse:
    require(actor, *DESK)
    return _panel(request, runtime, actor, ref)


ACTION_LABELS = {
    "proof_of_purchase": "Proof of purchase",
    "note": "Note",
    "findings": "Findings",
    "smart": "smartctl --json output",
    "part_claimed": "Part claimed",
    "quote_amount_minor": "Quote (minor units)",
    "quote_currency": "Currency",
    "new_serial": "Replacement serial",
    "condition": "Condition",
    "carrier": "Carrier",
    "tracking": "Tracking number",
    "reason": "Reason",
    "event": "Step",
    "text": "Troubleshooting note",
    "part": "Part",
    "part_number": "Part number",
    "quantity": "Quantity",
    "replaced": "The old part",
    "part_note": "Note on the part",
}
PART_ALIASES = {"parts": "part", "parts[0].part": "part", "parts[0].quantity": "quantity"}
"""The parts service names fields by row (one row per submission here)."""

Action = Callable[[Runtime, Actor, str, dict[str, Any]], str]


def _validate(runtime: Runtime, actor: Actor, ref: str, f: dict[str, Any]) -> str:
    validate_documents(
        runtime.uow_factory,
        runtime.book,
        actor,
        ref,
        runtime.clock.now(),
        proof_of_purchase=f["proof_of_purchase"] or None,
        note=f["note"],
    )
    return "Documents validated: the RMA number is now due."


def _issue(runtime: Runtime, actor: Actor, ref: str, f: dict[str, Any]) -> str:
    issued = issue_number(
        runtime.uow_factory, runtime.book, actor, ref, runtime.clock.now(), note=f["note"]
    )
    return f"RMA number {issued.rma.number} issued; the customer has been told where to ship."


def _inspect(runtime: Runtime, actor: Actor, ref: str, f: dict[str, Any]) -> str:
    now = runtime.clock.now()
    upload: UploadFile | None = f["smart"]
    if f["findings"] or f["note"] or upload is None:
        record_findings(
            runtime.uow_factory, runtime.book, actor, ref, f["findings"], now, note=f["note"]
        )
    if upload is not None:
        content = upload.file.read()
        upload_smart(
            runtime.uow_factory,
            runtime.book,
            actor,
            ref,
            upload.filename or "smart.json",
            content,
            now,
        )
    return "Inspection recorded."


def _decide(runtime: Runtime, actor: Actor, ref: str, f: dict[str, Any]) -> str:
    quote = None
    if f["quote_amount_minor"]:
        raw = f["quote_amount_minor"].strip()
        if not raw.isdigit():
            problem = Problem("a whole number of minor units, e.g. 12900", "quote_amount_minor")
            raise InvalidInput("invalid quote", [problem])
        quote = QuoteInput(int(raw), f["quote_currency"] or "USD", f["note"])
    result = decide(
        runtime.uow_factory,
        runtime.book,
        runtime.keys,
        actor,
        ref,
        runtime.clock.now(),
        part_claimed=f["part_claimed"] or None,
        quote=quote,
    )
    return f"Decision: {result.decision.outcome.replace('_', ' ')}."


def _finish(runtime: Runtime, actor: Actor, ref: str, f: dict[str, Any]) -> str:
    finish_repair(
        runtime.uow_factory, runtime.book, actor, ref, runtime.clock.now(), note=f["note"]
    )
    return "Repair finished: ready to ship."


def _replace(runtime: Runtime, actor: Actor, ref: str, f: dict[str, Any]) -> str:
    if not f["new_serial"].strip():
        raise InvalidInput("no serial", [Problem("enter the replacement's serial", "new_serial")])
    done = replace_unit(
        runtime.uow_factory,
        runtime.book,
        runtime.keys,
        actor,
        ref,
        f["new_serial"],
        runtime.clock.now(),
        condition=f["condition"] or "new",
        note=f["note"],
    )
    return f"Replaced by {done.replacement_serial}."


def _ship(runtime: Runtime, actor: Actor, ref: str, f: dict[str, Any]) -> str:
    shipped = ship(
        runtime.uow_factory,
        runtime.book,
        actor,
        ref,
        f["carrier"],
        f["tracking"],
        runtime.clock.now(),
    )
    return f"Shipped by {shipped.shipment.carrier}, paid by {shipped.shipment.paid_by}."


def _event(runtime: Runtime, actor: Actor, ref: str, f: dict[str, Any]) -> str:
    rma = send_event(runtime.uow_factory, actor, ref, f["event"], f["reason"], runtime.clock.now())
    return f"Now {rma.state.replace('_', ' ')}."


def _note(runtime: Runtime, actor: Actor, ref: str, f: dict[str, Any]) -> str:
    add_note(runtime.uow_factory, actor, ref, f["text"], runtime.clock.now())
    return "Note added."


def _whole_number(raw: str, name: str, what: str) -> int:
    """``raw`` as a non-negative integer, or ``InvalidInput`` naming field ``name``."""
    raw = raw.strip()
    if not raw.isdigit():
        raise InvalidInput(f"invalid {name}", [Problem(what, name)])
    return int(raw)


def _parts(runtime: Runtime, actor: Actor, ref: str, f: dict[str, Any]) -> str:
    quantity = _whole_number(f["quantity"] or "1", "quantity", "a whole number, e.g. 1")
    part = PartInput(
        part=f["part"],
        quantity=quantity,
        part_number=f["part_number"] or None,
        replaced=f["replaced"] != "added",
        note=f["part_note"],
    )
    recorded = record_parts(
        runtime.uow_factory, runtime.book, actor, ref, [part], runtime.clock.now()
    )
    return f"Part recorded: {part.part.strip()} ({len(recorded)} on this RMA)."


ACTIONS: dict[str, Action] = {
    "validate": _validate,
    "issue": _issue,
    "inspect": _inspect,
    "decide": _decide,
    "finish": _finish,
    "replace": _replace,
    "ship": _ship,
    "event": _event,
    "note": _note,
    "parts": _parts,
}


@router.post("/desk/rmas/{ref}/{action}", response_class=HTMLResponse)
def desk_action(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    action: str,
    proof_of_purchase: Annotated[str, FormField()] = "",
    note: Annotated[str, FormField()] = "",
    findings: Annotated[list[str] | None, FormField()] = None,
    smart: Annotated[UploadFile | None, File()] = None,
    part_claimed: Annotated[str, FormField()] = "",
    quote_amount_minor: Annotated[str, FormField()] = "",
    quote_currency: Annotated[str, FormField()] = "",
    new_serial: Annotated[str, FormField()] = "",
    condition: Annotated[str, FormField()] = "",
    carrier: Annotated[str, FormField()] = "",
    tracking: Annotated[str, FormField()] = "",
    event: Annotated[str, FormField()] = "",
    reason: Annotated[str, FormField()] = "",
    text: Annotated[str, FormField()] = "",
    part: Annotated[str, FormField()] = "",
    part_number: Annotated[str, FormField()] = "",
    quantity: Annotated[str, FormField()] = "",
    replaced: Annotated[str, FormField()] = "",
    part_note: Annotated[str, FormField()] = "",
) -> Response:
    """One step on one RMA; the services check the role and the state."""
    require(actor, *DESK)
    run = ACTIONS.get(action)
    if run is None:
        raise InvalidInput(f"no desk action {action!r}", [Problem("unknown action", "action")])
    if smart is not None and not smart.filename:
        smart = None  # an empty file input
    values: dict[str, Any] = {
        "proof_of_purchase": proof_of_purchase,
        "note": note,
        "findings": findings or [],
        "smart": smart,
        "part_claimed": part_claimed,
        "quote_amount_minor": quote_amount_minor,
        "quote_currency": quote_currency,
        "new_serial": new_serial,
        "condition": condition,
        "carrier": carrier,
        "tracking": tracking,
        "event": event,
        "reason": reason,
        "text": text,
        "part": part,
        "part_number": part_number,
        "quantity": quantity,
        "replaced": replaced,
        "part_note": part_note,
    }
    shown = {k: v for k, v in values.items() if isinstance(v, str)}
    aliases = {"file": "smart", "content": "smart"} | PART_ALIASES
    form = Form.of(shown, ACTION_LABELS, aliases=aliases)
    try:
        notice = run(runtime, actor, ref, values)
    except WarrantorError as error:
        form.fail(error)
        return _panel(request, runtime, actor, ref, form, status_code=422)
    if not is_htmx(request):
        return see_other(f"/desk/rmas/{ref}")
    return _panel(request, runtime, actor, ref, notice=notice)


RECEIVE_LABELS = {
    "rma_number": "RMA number on the parcel",
    "brand": "Brand",
    "serial": "Serial number",
    "sender_name": "Sender",
    "sender_contact": "Sender's contact",
    "carrier": "Carrier",
    "tracking": "Tracking number",
    "note": "Note",
}


@router.get("/desk/receive", response_class=HTMLResponse)
def receive_form(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    require(actor, *DESK)
    form = Form.of({"rma_number": request.query_params.get("rma", "")}, RECEIVE_LABELS)
    context = {
        "form": form,
        "brands": [(b, b) for b in runtime.book.brands()],
        "received": None,
        "held": list_unauthorized(runtime.uow_factory, actor),
    }
    return render(request, "desk/receive.html", context, actor)


@router.post("/desk/receive", response_class=HTMLResponse)
def receive(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    rma_number: Annotated[str, FormField()] = "",
    brand: Annotated[str, FormField()] = "",
    serial: Annotated[str, FormField()] = "",
    sender_name: Annotated[str, FormField()] = "",
    sender_contact: Annotated[str, FormField()] = "",
    carrier: Annotated[str, FormField()] = "",
    tracking: Annotated[str, FormField()] = "",
    note: Annotated[str, FormField()] = "",
) -> Response:
    """A parcel arrives: matched to its RMA by number, or held as an unauthorized return."""
    require(actor, *DESK)
    values = {
        "rma_number": rma_number,
        "brand": brand,
        "serial": serial,
        "sender_name": sender_name,
        "sender_contact": sender_contact,
        "carrier": carrier,
        "tracking": tracking,
        "note": note,
    }
    form = Form.of(values, RECEIVE_LABELS)
    arrival = ParcelArrival(
        rma_number=rma_number or None,
        brand=brand or None,
        serial=serial or None,
        sender_name=sender_name,
        sender_contact=sender_contact,
        carrier=carrier,
        tracking=tracking,
        note=note,
    )
    received = None
    try:
        received = receive_parcel(
            runtime.uow_factory, runtime.book, actor, arrival, runtime.clock.now()
        )
    except WarrantorError as error:
        form.fail(error)
    if received is not None and received.rma is not None and not is_htmx(request):
        return see_other(f"/desk/rmas/{received.rma.number or received.rma.id}")
    context = {
        "form": form,
        "brands": [(b, b) for b in runtime.book.brands()],
        "received": received,
        "held": list_unauthorized(runtime.uow_factory, actor),
    }
    status = 200 if form.ok else 422
    return render(request, "desk/receive.html", context, actor, status_code=status)


# --- unauthorized returns ---------------------------------------------------------------

PARCEL_LABELS = {
    "what": "What the cost is for",
    "amount_minor": "Amount (minor units)",
    "currency": "Currency",
    "carrier": "Carrier",
    "tracking": "Tracking number",
    "return_note": "Note on the return",
    "dispose_note": "Note on the disposal",
}

ParcelAction = Callable[[Runtime, Actor, int, dict[str, str]], str]


def _cost(runtime: Runtime, actor: Actor, parcel_id: int, f: dict[str, str]) -> str:
    amount = _whole_number(f["amount_minor"], "amount_minor", "a whole number, e.g. 1500")
    parcel = record_cost(
        runtime.uow_factory,
        actor,
        parcel_id,
        f["what"],
        amount,
        f["currency"],
        runtime.clock.now(),
    )
    totals = ", ".join(f"{m} {c}" for c, m in parcel.costs_by_currency().items())
    return f"Cost recorded; the sender owes {totals} (minor units)."


def _return(runtime: Runtime, actor: Actor, parcel_id: int, f: dict[str, str]) -> str:
    parcel = return_to_sender(
        runtime.uow_factory,
        runtime.book,
        actor,
        parcel_id,
        f["carrier"],
        f["tracking"],
        runtime.clock.now(),
        note=f["return_note"],
    )
    return f"Returned to {parcel.sender_name or 'the sender'} at the sender's cost."


def _dispose(runtime: Runtime, actor: Actor, parcel_id: int, f: dict[str, str]) -> str:
    dispose(
        runtime.uow_factory,
        runtime.book,
        actor,
        parcel_id,
        runtime.clock.now(),
        note=f["dispose_note"],
    )
    return "Disposed of, as the policy allows."


PARCEL_ACTIONS: dict[str, ParcelAction] = {
    "cost": _cost,
    "return": _return,
    "dispose": _dispose,
}


def _parcel_panel(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    parcel_id: int,
    form: Form | None = None,
    status_code: int = 200,
    notice: str = "",
) -> HTMLResponse:
    parcel = show_unauthorized(runtime.uow_factory, actor, parcel_id)
    context = {"parcel": parcel, "form": form or Form(), "notice": notice}
    return render(
        request,
        "desk/unauthorized.html",
        context,
        actor,
        partial="desk/_unauthorized.html",
        status_code=status_code,
    )


@router.get("/desk/unauthorized/{parcel_id}", response_class=HTMLResponse)
def unauthorized_return(
    request: Request, runtime: RuntimeDep, actor: PageActorDep, parcel_id: int
) -> HTMLResponse:
    """One unauthorized return: its costs, and returning or disposing of it."""
    require(actor, *DESK)
    return _parcel_panel(request, runtime, actor, parcel_id)


@router.post("/desk/unauthorized/{parcel_id}/{action}", response_class=HTMLResponse)
def unauthorized_action(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    parcel_id: int,
    action: str,
    what: Annotated[str, FormField()] = "",
    amount_minor: Annotated[str, FormField()] = "",
    currency: Annotated[str, FormField()] = "",
    carrier: Annotated[str, FormField()] = "",
    tracking: Annotated[str, FormField()] = "",
    return_note: Annotated[str, FormField()] = "",
    dispose_note: Annotated[str, FormField()] = "",
) -> Response:
    """Record a cost, return to the sender or dispose; the policy may refuse disposal."""
    require(actor, *DESK)
    run = PARCEL_ACTIONS.get(action)
    if run is None:
        raise InvalidInput(f"no action {action!r}", [Problem("unknown action", "action")])
    values = {
        "what": what,
        "amount_minor": amount_minor,
        "currency": currency,
        "carrier": carrier,
        "tracking": tracking,
        "return_note": return_note,
        "dispose_note": dispose_note,
    }
    form = Form.of(values, PARCEL_LABELS)
    try:
        notice = run(runtime, actor, parcel_id, values)
    except WarrantorError as error:
        form.fail(error)
        return _parcel_panel(request, runtime, actor, parcel_id, form, status_code=422)
    if not is_htmx(request):
        return see_other(f"/desk/unauthorized/{parcel_id}")
    return _parcel_panel(request, runtime, actor, parcel_id, notice=notice)
