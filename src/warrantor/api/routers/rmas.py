"""``/api/v1/rmas``, ``/api/v1/parcels``, ``/api/v1/unauthorized-returns``: the RMA desk.

Open an RMA, list the queues (and what is late), show one with its timeline
and due dates, send each desk event, receive parcels (including unauthorized
arrivals and what happens to them) and ship units back (issue #5). The
workshop's steps are in ``routers/workshop``. Every route acts for the
signed-in actor; the services decide what the actor may see and do.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field

from warrantor.api.paging import CountQuery, CursorQuery, json_page, send_page_links
from warrantor.api.responses import errors
from warrantor.api.routers import rma_assignment, rma_search, service_centres
from warrantor.bootstrap import Runtime
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.http.request_guard import guarded_router
from warrantor.services.paging import MAX_PAGE
from warrantor.services.rma.documents import validate_documents
from warrantor.services.rma.events import PLAIN_EVENTS, add_note, clear_rma_flag, send_event
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.opening import RmaRequest, coverage_at_opening, open_rma
from warrantor.services.rma.queues import RmaQuery, page_rmas, show_rma
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.rma.shipping import ship
from warrantor.services.rma.unauthorized import (
    dispose,
    page_unauthorized,
    record_cost,
    return_to_sender,
    show_unauthorized,
)
from warrantor.views.names import Names
from warrantor.views.rma_opening import OpenedOut, not_covered_out
from warrantor.views.rmas import (
    IssuedOut,
    NoteOut,
    ParcelOut,
    ReceivedOut,
    RmaDetailOut,
    RmaOut,
    parcel_out,
    rma_out,
    rmas_json,
)

router = guarded_router(tags=["rmas"])
# first, so their fixed paths come before /rmas/{ref}: /rmas/search, /rmas/workload
router.include_router(rma_search.router)
router.include_router(rma_assignment.router)
router.include_router(service_centres.router)  # the centres' settings (holding period)

PlainEvent = Literal[
    "start_troubleshooting", "skip_troubleshooting", "resolve_remotely", "cancel", "reject", "close"
]
assert set(get_args(PlainEvent)) == set(PLAIN_EVENTS)


# --- answer shapes -----------------------------------------------------------------------


# --- requests ----------------------------------------------------------------------------


class RmaOpenIn(BaseModel):
    serial: str
    brand: str | None = None
    symptom: str
    contact_name: str
    contact_email: str
    backup_acknowledged: bool = Field(
        description="The customer acknowledges that backing up the unit's data is theirs."
    )
    proof_of_purchase: str | None = None
    service_country: str | None = None
    service_point: str | None = Field(
        default=None, description="A service centre id of the policy, or a dealer's account code"
    )
    customer: str | None = Field(
        default=None, description="The customer's account code (dealer or agent opening)"
    )


class ReasonIn(BaseModel):
    reason: str = ""


class NoteIn(BaseModel):
    text: str


class DocumentsIn(BaseModel):
    proof_of_purchase: str | None = None
    note: str = ""


class IssueIn(BaseModel):
    note: str = ""


class ShipIn(BaseModel):
    carrier: str
    tracking: str
    paid_by: Literal["maker", "customer"] | None = Field(
        default=None, description="Only when the policy does not decide it"
    )
    coverage_until: str | None = None


class CostIn(BaseModel):
    what: str
    amount_minor: int = Field(description="Integer minor units (cents)")
    currency: str


class ReturnIn(BaseModel):
    carrier: str
    tracking: str
    note: str = ""


class DisposeIn(BaseModel):
    note: str = ""


# --- RMAs --------------------------------------------------------------------------------


@router.post("/rmas", status_code=201, responses=errors(401, 403, 422))
def post_rma(body: RmaOpenIn, runtime: RuntimeDep, actor: ActorDep) -> OpenedOut:
    """Open an RMA (customer, the dealer or distributor they bought from, or an agent).

    When the unit's claim is not covered today (judged as the desk will: today, in the
    country asked, with the proof given), ``not_covered`` says so at once, in plain words
    with the deciding clause ids, and offers the paid repair (a quote after inspection,
    nothing done until it is accepted); otherwise it is null."""
    request = RmaRequest(**body.model_dump())
    now = runtime.clock.now()
    rma = open_rma(runtime.uow_factory, runtime.book, actor, request, now)
    found = coverage_at_opening(runtime.uow_factory, runtime.book, rma, now)
    warning = not_covered_out(found, Names(runtime.book))
    return OpenedOut.model_validate({**rma_out(rma).model_dump(), "not_covered": warning})


@router.get("/rmas", response_model=list[RmaOut], responses=errors(401, 422))
def get_rmas(
    request: Request,
    actor: ActorDep,
    state: Annotated[list[str] | None, Query(description="One or more states")] = None,
    brand: str | None = None,
    serial: str | None = None,
    service_point: str | None = None,
    needs_attention: bool | None = None,
    late: bool = False,
    mine: Annotated[bool, Query(description="My queue: the open RMAs assigned to me")] = False,
    unassigned: Annotated[bool, Query(description="Only RMAs assigned to nobody")] = False,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
    count: CountQuery = None,
) -> Response:
    """The RMAs the caller may see, what is due first first; ``late`` keeps the overdue.

    A page at a time: ``Link: <...>; rel="next"`` (and ``X-Next-Cursor``) while there
    are more; with ``count=exact``, ``X-Total-Count`` the exact count of the whole list
    (a queue tab's figure), else ``X-Total-Count-Kind: none``. A cursor not from this
    list: 422."""
    query = RmaQuery(
        states=tuple(state or ()),
        brand=brand,
        serial=serial,
        service_point=service_point,
        needs_attention=needs_attention,
        late=late,
        limit=limit,
        mine=mine,
        unassigned=unassigned,
    )
    runtime: Runtime = request.app.state.runtime  # one dependant fewer (as the check's)
    reads, now = reads_for(request, runtime), runtime.clock.now()
    page = page_rmas(reads, actor, query, now, cursor, count=count == "exact")
    return json_page(request, page, rmas_json(page.items))


@router.get("/rmas/late", response_model=list[RmaOut], responses=errors(401, 422))
def get_late_rmas(
    request: Request,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
    count: CountQuery = None,
) -> Response:
    """RMAs whose current step is past its due date now, most overdue first, a page at a
    time as ``GET /rmas`` pages (``Link`` rel=next; ``X-Total-Count`` with ``count=exact``)."""
    query = RmaQuery(late=True, limit=limit)
    runtime: Runtime = request.app.state.runtime  # one dependant fewer (as the check's)
    reads, now = reads_for(request, runtime), runtime.clock.now()
    page = page_rmas(reads, actor, query, now, cursor, count=count == "exact")
    return json_page(request, page, rmas_json(page.items))


@router.get("/rmas/{ref}", responses=errors(401, 404, 422))
def get_rma(ref: str, runtime: RuntimeDep, actor: ActorDep) -> RmaDetailOut:
    """One RMA (by number or id) with its due dates, timeline, notes and shipments."""
    details = show_rma(runtime.uow_factory, runtime.book, actor, ref, runtime.clock.now())
    notes = [NoteOut(at=at, author=author, text=text) for at, author, text in details.notes]
    return RmaDetailOut.model_validate(
        {
            "rma": details.rma,
            "late": details.late,
            "timeline": details.timeline,
            "notes": notes,
            "shipments": details.shipments,
            "instructions": details.instructions,
            "pauses": details.pauses,
        }
    )


@router.post("/rmas/{ref}/events/{event}", responses=errors(401, 404, 422))
def post_event(
    ref: str, event: PlainEvent, body: ReasonIn, runtime: RuntimeDep, actor: ActorDep
) -> RmaOut:
    """Send a plain event: start_troubleshooting, skip_troubleshooting (with a reason, where the
    policy puts troubleshooting first), resolve_remotely, cancel, reject, close.

    ``reject`` works in any state before shipping; a unit in hand is returned or retained by
    the brand's setting (``WARRANTOR_REJECTED_UNITS``), and the customer is told why."""
    now, units = runtime.clock.now(), runtime.settings.rejected_units
    rma = send_event(runtime.uow_factory, actor, ref, event, body.reason, now, units, runtime.book)
    return rma_out(rma)


@router.post("/rmas/{ref}/notes", status_code=201, responses=errors(401, 403, 404, 422))
def post_note(ref: str, body: NoteIn, runtime: RuntimeDep, actor: ActorDep) -> RmaDetailOut:
    """Add a troubleshooting note."""
    add_note(runtime.uow_factory, actor, ref, body.text, runtime.clock.now())
    return get_rma(ref, runtime, actor)


@router.post("/rmas/{ref}/validate-documents", responses=errors(401, 404, 422))
def post_validate_documents(
    ref: str, body: DocumentsIn, runtime: RuntimeDep, actor: ActorDep
) -> RmaOut:
    """Validate the documents (optionally recording the proof); the number's clock starts."""
    rma = validate_documents(
        runtime.uow_factory,
        runtime.book,
        actor,
        ref,
        runtime.clock.now(),
        proof_of_purchase=body.proof_of_purchase,
        note=body.note,
    )
    return rma_out(rma)


@router.post("/rmas/{ref}/issue-number", responses=errors(401, 404, 409, 422))
def post_issue_number(ref: str, body: IssueIn, runtime: RuntimeDep, actor: ActorDep) -> IssuedOut:
    """Issue the RMA number; the answer (and the customer's mail) says where to ship."""
    issued = issue_number(
        runtime.uow_factory, runtime.book, actor, ref, runtime.clock.now(), note=body.note
    )
    return IssuedOut.model_validate(issued)


@router.post("/rmas/{ref}/ship", responses=errors(401, 404, 422))
def post_ship(ref: str, body: ShipIn, runtime: RuntimeDep, actor: ActorDep) -> RmaDetailOut:
    """Ship the unit back: carrier, tracking, who pays (from the policy where it says)."""
    ship(
        runtime.uow_factory,
        runtime.book,
        actor,
        ref,
        body.carrier,
        body.tracking,
        runtime.clock.now(),
        paid_by=body.paid_by,
        coverage_until=body.coverage_until,
    )
    return get_rma(ref, runtime, actor)


@router.post("/rmas/{ref}/clear-flag", responses=errors(401, 404, 422))
def post_clear_flag(ref: str, body: ReasonIn, runtime: RuntimeDep, actor: ActorDep) -> RmaOut:
    """Clear the RMA's "needs a person" flag (staff)."""
    rma = clear_rma_flag(runtime.uow_factory, actor, ref, body.reason, runtime.clock.now())
    return rma_out(rma)


# --- parcels and unauthorized returns ----------------------------------------------------


@router.post("/parcels", status_code=201, responses=errors(401, 403, 422))
def post_parcel(body: ParcelArrival, runtime: RuntimeDep, actor: ActorDep) -> ReceivedOut:
    """Receive a parcel: matched to its RMA by number, or held as an unauthorized return.

    The body is the service's own ``ParcelArrival`` (FastAPI validates a dataclass
    like a model), so its fields are declared once.
    """
    received = receive_parcel(runtime.uow_factory, runtime.book, actor, body, runtime.clock.now())
    return ReceivedOut(
        parcel=parcel_out(received.parcel),
        rma=rma_out(received.rma) if received.rma else None,
        unauthorized=received.rma is None,
    )


@router.get("/unauthorized-returns", responses=errors(401, 403, 422))
def get_unauthorized(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    status: Annotated[list[Literal["held", "returned", "disposed"]] | None, Query()] = None,
    brand: str | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
) -> list[ParcelOut]:
    """Units that arrived without a valid RMA number (held ones by default), oldest first,
    a page at a time (``Link`` rel=next, ``X-Next-Cursor``), counted exactly
    (``X-Total-Count``: held parcels are a queue). A cursor not from this list: 422."""
    statuses = tuple(status or ("held",))
    reads = reads_for(request, runtime)
    page = page_unauthorized(reads, actor, statuses, brand, limit, cursor)
    send_page_links(request, response, page)
    return [parcel_out(p) for p in page.items]


@router.get("/unauthorized-returns/{parcel_id}", responses=errors(401, 403, 404, 422))
def get_unauthorized_one(parcel_id: int, runtime: RuntimeDep, actor: ActorDep) -> ParcelOut:
    return parcel_out(show_unauthorized(runtime.uow_factory, actor, parcel_id))


@router.post(
    "/unauthorized-returns/{parcel_id}/costs", status_code=201, responses=errors(401, 403, 422)
)
def post_cost(parcel_id: int, body: CostIn, runtime: RuntimeDep, actor: ActorDep) -> ParcelOut:
    """Charge a cost to the sender (integer minor units and a currency)."""
    parcel = record_cost(
        runtime.uow_factory,
        actor,
        parcel_id,
        body.what,
        body.amount_minor,
        body.currency,
        runtime.clock.now(),
    )
    return parcel_out(parcel)


@router.post("/unauthorized-returns/{parcel_id}/return", responses=errors(401, 403, 404, 422))
def post_return(parcel_id: int, body: ReturnIn, runtime: RuntimeDep, actor: ActorDep) -> ParcelOut:
    """Return the unit to its sender, at the sender's cost."""
    parcel = return_to_sender(
        runtime.uow_factory,
        runtime.book,
        actor,
        parcel_id,
        body.carrier,
        body.tracking,
        runtime.clock.now(),
        note=body.note,
    )
    return parcel_out(parcel)


@router.post("/unauthorized-returns/{parcel_id}/dispose", responses=errors(401, 403, 404, 409, 422))
def post_dispose(
    parcel_id: int, body: DisposeIn, runtime: RuntimeDep, actor: ActorDep
) -> ParcelOut:
    """Dispose of the unit, where the brand's policy reserves the right (422 citing it if
    not), once its service centre's holding period is over (409 naming the day before)."""
    parcel = dispose(
        runtime.uow_factory, runtime.book, actor, parcel_id, runtime.clock.now(), note=body.note
    )
    return parcel_out(parcel)
