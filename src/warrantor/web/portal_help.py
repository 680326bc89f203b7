"""The customer's help requests (/my/help, issue #23, items 6 and 7): when a serial is not
in the installed base, or is registered to someone else, the customer asks for help
instead of meeting a dead end, and follows the request's state here. The registration
page links to it with the brand and serial already filled in."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import File, Request, UploadFile
from fastapi import Form as FormField
from fastapi.responses import HTMLResponse, Response

from warrantor.domain.actors import Actor, Role
from warrantor.errors import Conflict, InvalidInput
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.i18n.locales import N_
from warrantor.services.attachments.files import Upload
from warrantor.services.help_requests.requests import (
    HelpAsk,
    open_help_request,
    page_help_requests,
    show_help_request,
)
from warrantor.web.access import PageActorDep, require
from warrantor.web.forms import Form
from warrantor.web.paging import pager
from warrantor.web.rendering import page_router, render, see_other

router = page_router()

LABELS = {
    "brand": "Brand",
    "serial": "Serial number",
    "model": "Model",
    "purchased_on": "Date of purchase",
    "proof_of_purchase": "Invoice or receipt number",
    "description": "What do you need?",
    "contact_email": "E-mail for our answer",
    "proof_file": "The invoice or receipt (file)",
}
MY_HELP_PAGE = 50


@router.get("/my/help", response_class=HTMLResponse)
def my_help(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """The customer's requests and their state, oldest first."""
    require(actor, Role.CUSTOMER)
    cursor = request.query_params.get("cursor") or None
    page = page_help_requests(reads_for(request, runtime), actor, None, MY_HELP_PAGE, cursor)
    context = {"rows": page.items, "pager": pager(request, page)}
    return render(request, "my/help.html", context, actor)


@router.get("/my/help/new", response_class=HTMLResponse)
def help_form(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    require(actor, Role.CUSTOMER)
    given = {k: request.query_params.get(k, "") for k in ("brand", "serial")}
    return _form_page(request, runtime.book.brands(), Form.of(given, LABELS), actor)


@router.post("/my/help/new", response_class=HTMLResponse)
def send_help(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    brand: Annotated[str, FormField()] = "",
    serial: Annotated[str, FormField()] = "",
    model: Annotated[str, FormField()] = "",
    purchased_on: Annotated[str, FormField()] = "",
    proof_of_purchase: Annotated[str, FormField()] = "",
    description: Annotated[str, FormField()] = "",
    contact_email: Annotated[str, FormField()] = "",
    proof_file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Send the request (with the proof file if the customer has it); errors by the fields."""
    require(actor, Role.CUSTOMER)
    values = {
        "brand": brand,
        "serial": serial,
        "model": model,
        "purchased_on": purchased_on,
        "proof_of_purchase": proof_of_purchase,
        "description": description,
        "contact_email": contact_email,
    }
    form = Form.of(values, LABELS)
    day = None
    if purchased_on.strip():
        try:
            day = date.fromisoformat(purchased_on.strip())
        except ValueError:
            form.add(N_("enter a date like 2026-11-23"), "purchased_on")  # the field keeps it
    max_bytes = runtime.settings.attachment_max_bytes
    upload = None
    if proof_file is not None and proof_file.filename:
        data = proof_file.file.read(max_bytes + 1)
        upload = Upload(kind="proof_of_purchase", file_name=proof_file.filename, data=data)
    if form.ok:
        ask = HelpAsk(brand, serial, description, model, day, proof_of_purchase, contact_email)
        try:
            made = open_help_request(
                runtime.uow_factory,
                runtime.attachments,
                actor,
                ask,
                upload,
                runtime.clock.now(),
                brands=runtime.book.brands(),
                max_bytes=max_bytes,
            )
            return see_other(f"/my/help/{made.id}?sent=1")
        except (InvalidInput, Conflict) as error:  # named by its field, or at the top
            form.fail(error)
    return _form_page(request, runtime.book.brands(), form, actor, status_code=422)


def _form_page(
    request: Request, brands: list[str], form: Form, actor: Actor, status_code: int = 200
) -> HTMLResponse:
    context = {"form": form, "brands": [(b, b) for b in brands]}
    return render(request, "my/help_new.html", context, actor, status_code=status_code)


@router.get("/my/help/{request_id}", response_class=HTMLResponse)
def my_help_request(
    request: Request, runtime: RuntimeDep, actor: PageActorDep, request_id: int
) -> HTMLResponse:
    """One of the customer's requests: what they sent and what became of it."""
    require(actor, Role.CUSTOMER)
    found = show_help_request(runtime.uow_factory, actor, request_id)
    context = {"help": found, "sent": request.query_params.get("sent") == "1"}
    return render(request, "my/help_request.html", context, actor)
