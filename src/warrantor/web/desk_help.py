"""The desk's "Unknown serials" queue (issue #23, items 6 and 7): customers' help requests
about a serial the installed base lacks or a unit another account owns, oldest first,
each with its proof file; an agent or admin resolves one (the unit added, or moved to
the customer) or rejects it with a reason. The rules are ``services.help_requests``'."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import Form as FormField
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.errors import Conflict, InvalidInput
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.services.accounts.names import account_names
from warrantor.services.help_requests.requests import (
    page_help_requests,
    proof_file,
    show_help_request,
)
from warrantor.services.help_requests.resolution import (
    DECIDERS,
    Resolution,
    reject_help_request,
    resolve_help_request,
)
from warrantor.web.access import PageActorDep, require
from warrantor.web.desk_panel import DESK
from warrantor.web.form_models import FormModel
from warrantor.web.forms import Form
from warrantor.web.paging import pager
from warrantor.web.rendering import page_router, render, see_other

router = page_router()

HELP_PAGE = 50
STATES = {"open": "Open", "resolved": "Resolved", "rejected": "Rejected"}
LABELS = {
    "model": "Model",
    "purchased_on": "Date of purchase",
    "country": "Country of purchase",
    "note": "Note for the customer",
    "reason": "Reason",
}


@router.get("/desk/help-requests", response_class=HTMLResponse)
def help_queue(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """The requests in one state (open by default), oldest first, with the exact count."""
    require(actor, *DESK)
    state = request.query_params.get("state", "open")
    cursor = request.query_params.get("cursor") or None
    reads = reads_for(request, runtime)
    page = page_help_requests(reads, actor, state, HELP_PAGE, cursor)
    context = {
        "rows": page.items,
        "account_names": account_names(reads, actor, [h.account for h in page.items]),
        "total": page.total,
        "state": state,
        "states": STATES,
        "pager": pager(request, page),
    }
    return render(request, "desk/help_requests.html", context, actor)


@router.get("/desk/help-requests/{request_id}", response_class=HTMLResponse)
def help_request_page(
    request: Request, runtime: RuntimeDep, actor: PageActorDep, request_id: int
) -> HTMLResponse:
    require(actor, *DESK)
    return _page(request, runtime, actor, request_id, Form.of({}, LABELS))


def _page(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    request_id: int,
    form: Form,
    status_code: int = 200,
) -> HTMLResponse:
    found = show_help_request(runtime.uow_factory, actor, request_id)
    context = {
        "help": found,
        "form": form,
        "may_decide": actor.role in DECIDERS,
        "account_names": account_names(runtime.uow_factory, actor, [found.account]),
    }
    return render(request, "desk/help_request.html", context, actor, status_code=status_code)


@router.get("/desk/help-requests/{request_id}/proof")
def help_request_proof(runtime: RuntimeDep, actor: PageActorDep, request_id: int) -> Response:
    """The proof file the customer sent, as a download."""
    require(actor, *DESK)
    proof, data = proof_file(runtime.uow_factory, runtime.attachments, actor, request_id)
    plain = proof.file_name.encode("ascii", "replace").decode().replace('"', "'")
    return Response(
        content=data,
        media_type=proof.content_type,
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(proof.file_name)}"
            ),
            "X-Content-Type-Options": "nosniff",
        },
    )


class ResolveForm(FormModel):
    model: str = Field("", title=LABELS["model"])
    purchased_on: str = Field("", title=LABELS["purchased_on"])
    country: str = Field("", title=LABELS["country"])
    note: str = Field("", title=LABELS["note"])


class RejectForm(FormModel):
    reason: str = Field("", title=LABELS["reason"])


@router.post("/desk/help-requests/{request_id}/resolve", response_class=HTMLResponse)
def resolve(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    request_id: int,
    fields: Annotated[ResolveForm, FormField()],
) -> Response:
    """Do what the request asks; errors show next to the fields."""
    require(actor, *DESK)
    model, purchased_on = fields.model, fields.purchased_on
    country, note = fields.country, fields.note
    form = fields.page_form()
    day = None
    if purchased_on.strip():
        try:
            day = date.fromisoformat(purchased_on.strip())
        except ValueError:
            form.add(f"enter a date like 2026-11-23, not {purchased_on!r}", "purchased_on")
    if form.ok:
        try:
            resolve_help_request(
                runtime.uow_factory,
                runtime.book,
                actor,
                request_id,
                Resolution(model, day, country, note),
                runtime.clock.now(),
            )
            return see_other(f"/desk/help-requests/{request_id}")
        except (InvalidInput, Conflict) as error:  # a refusal or 404 is its own page
            form.fail(error)
    return _page(request, runtime, actor, request_id, form, status_code=422)


@router.post("/desk/help-requests/{request_id}/reject", response_class=HTMLResponse)
def reject(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    request_id: int,
    fields: Annotated[RejectForm, FormField()],
) -> Response:
    """Turn the request down; the reason is mailed to the customer."""
    require(actor, *DESK)
    reason = fields.reason
    form = fields.page_form()
    try:
        reject_help_request(runtime.uow_factory, actor, request_id, reason, runtime.clock.now())
        return see_other(f"/desk/help-requests/{request_id}")
    except (InvalidInput, Conflict) as error:
        form.fail(error)
    return _page(request, runtime, actor, request_id, form, status_code=422)
