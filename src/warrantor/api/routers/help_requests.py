"""``/api/v1/help-requests``: a customer's serial the installed base lacks, or a unit another
account owns (issue #23, items 6 and 7), and the agents' queue that resolves them.

A customer sends one as ``multipart/form-data`` (a proof of purchase file is
needed to claim a unit registered to someone else); the answer says which kind it
became. Everyone lists what they may see (a customer their account's, staff all;
oldest first, ``X-Total-Count`` exact, ``Link: rel="next"``); an agent or admin
resolves (the unit added, or moved to the customer) or rejects it with a reason,
and the customer is mailed. Someone else's request is 404.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import File, Form, Query, Request, Response, UploadFile, status
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from warrantor.api.paging import CursorQuery, send_page_links
from warrantor.api.responses import errors
from warrantor.api.routers.attachments import DOWNLOADED
from warrantor.http.dates import IsoDate
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.http.request_guard import guarded_router
from warrantor.services.attachments.files import Upload
from warrantor.services.help_requests.requests import (
    HelpAsk,
    open_help_request,
    page_help_requests,
    proof_file,
    show_help_request,
)
from warrantor.services.help_requests.resolution import (
    Resolution,
    reject_help_request,
    resolve_help_request,
)
from warrantor.store.help_requests import HelpRequest

router = guarded_router(tags=["help requests"])


class HelpRequestOut(BaseModel):
    id: int
    kind: str = Field(description="unknown_serial or ownership_claim")
    state: str = Field(description="open, resolved or rejected")
    account: str
    contact_email: str
    brand: str
    serial: str
    model: str | None
    purchased_on: date | None
    proof_of_purchase: str | None
    description: str
    proof_file: str | None = Field(description="Where to download the proof file, if one came")
    opened_at: datetime
    closed_at: datetime | None
    resolution: str | None = Field(description="The agent's note, or why it was rejected")


def help_out(request: HelpRequest) -> HelpRequestOut:
    return HelpRequestOut(
        id=request.id,
        kind=request.kind,
        state=request.state,
        account=request.account,
        contact_email=request.contact_email,
        brand=request.brand,
        serial=request.serial,
        model=request.model,
        purchased_on=request.purchased_on,
        proof_of_purchase=request.proof_of_purchase,
        description=request.description,
        proof_file=f"/api/v1/help-requests/{request.id}/proof" if request.proof else None,
        opened_at=request.opened_at,
        closed_at=request.closed_at,
        resolution=request.resolution,
    )


@router.post(
    "/help-requests", status_code=status.HTTP_201_CREATED, responses=errors(401, 403, 409, 422)
)
async def post_help_request(
    runtime: RuntimeDep,
    actor: ActorDep,
    brand: Annotated[str, Form()],
    serial: Annotated[str, Form()],
    description: Annotated[str, Form()],
    model: Annotated[str, Form()] = "",
    purchased_on: Annotated[IsoDate | None, Form()] = None,
    proof_of_purchase: Annotated[str, Form(description="The invoice or receipt number")] = "",
    contact_email: Annotated[str, Form(description="Default: your sign-in address")] = "",
    proof_file: Annotated[UploadFile | None, File()] = None,
) -> HelpRequestOut:
    """Ask for help with a serial (customers): not in the installed base (``unknown_serial``),
    or registered to another account and bought by you (``ownership_claim``: send the proof
    file). A serial nobody else owns is 422 (register it instead); asking again about the
    same unit while your request is open is 409."""
    max_bytes = runtime.settings.attachment_max_bytes
    upload = None
    if proof_file is not None and proof_file.filename:
        data = await proof_file.read(max_bytes + 1)
        upload = Upload(kind="proof_of_purchase", file_name=proof_file.filename, data=data)
    ask = HelpAsk(
        brand=brand,
        serial=serial,
        description=description,
        model=model,
        purchased_on=purchased_on,
        proof_of_purchase=proof_of_purchase,
        contact_email=contact_email,
    )

    def send() -> HelpRequest:
        return open_help_request(
            runtime.uow_factory,
            runtime.attachments,
            actor,
            ask,
            upload,
            runtime.clock.now(),
            brands=runtime.book.brands(),
            max_bytes=max_bytes,
        )

    return help_out(await run_in_threadpool(send))


@router.get("/help-requests", responses=errors(401, 422))
def get_help_requests(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    state: Literal["open", "resolved", "rejected"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    cursor: CursorQuery = None,
) -> list[HelpRequestOut]:
    """The requests you may see (staff: all; a customer: their account's), oldest first,
    counted exactly (``X-Total-Count``); ``state=open`` is the agents' queue."""
    page = page_help_requests(reads_for(request, runtime), actor, state, limit, cursor)
    send_page_links(request, response, page)
    return [help_out(r) for r in page.items]


@router.get("/help-requests/{request_id}", responses=errors(401, 404, 422))
def get_help_request(request_id: int, runtime: RuntimeDep, actor: ActorDep) -> HelpRequestOut:
    """One request, if it is yours (or you are staff)."""
    return help_out(show_help_request(runtime.uow_factory, actor, request_id))


@router.get(
    "/help-requests/{request_id}/proof",
    response_class=Response,
    responses={**DOWNLOADED, **errors(401, 404, 422)},
)
def get_help_request_proof(request_id: int, runtime: RuntimeDep, actor: ActorDep) -> Response:
    """The proof file sent with the request (always as a download); 404 when none came."""
    proof, data = proof_file(runtime.uow_factory, runtime.attachments, actor, request_id)
    plain = proof.file_name.encode("ascii", "replace").decode().replace('"', "'")
    exact = quote(proof.file_name, safe="")
    return Response(
        content=data,
        media_type=proof.content_type,
        headers={
            "Content-Disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{exact}",
            "X-Content-Type-Options": "nosniff",
        },
    )


class ResolveIn(BaseModel):
    model: str = Field("", description="The unit's model (default: what the customer gave)")
    purchased_on: IsoDate | None = Field(None, description="Default: the customer's date")
    country: str = Field("", description="Country of purchase, two letters (unknown serial)")
    note: str = Field("", description="What was done, for the customer")


class RejectIn(BaseModel):
    reason: str = Field(description="Why, for the customer")


@router.post("/help-requests/{request_id}/resolve", responses=errors(401, 403, 404, 409, 422))
def post_resolve(
    request_id: int, body: ResolveIn, runtime: RuntimeDep, actor: ActorDep
) -> HelpRequestOut:
    """Do what the request asks (agents, admins): add the unknown serial to the installed
    base as the customer's, or move the claimed unit to them (coverage stays with the
    unit); its proof file is attached to the unit; the customer is mailed. 409 when it
    is closed already."""
    resolution = Resolution(body.model, body.purchased_on, body.country, body.note)
    closed = resolve_help_request(
        runtime.uow_factory, runtime.book, actor, request_id, resolution, runtime.clock.now()
    )
    return help_out(closed)


@router.post("/help-requests/{request_id}/reject", responses=errors(401, 403, 404, 409, 422))
def post_reject(
    request_id: int, body: RejectIn, runtime: RuntimeDep, actor: ActorDep
) -> HelpRequestOut:
    """Turn the request down with a reason (agents, admins); the customer is mailed it."""
    closed = reject_help_request(
        runtime.uow_factory, actor, request_id, body.reason, runtime.clock.now()
    )
    return help_out(closed)
