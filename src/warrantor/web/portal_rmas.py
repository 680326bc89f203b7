"""The customer's RMAs (/my/rmas/...): ask for one, list them, follow one's timeline and SLA dates.

Customers and the dealers who open RMAs for their customers share these
pages; ``services.rma.queues`` shows each only the RMAs that are theirs
(anyone else's is a 404 page).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Request, UploadFile
from fastapi import Form as FormField
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.errors import InvalidInput, Problem, WarrantorError
from warrantor.http.deps import RuntimeDep
from warrantor.http.language import page_locale
from warrantor.http.read_your_writes import reads_for
from warrantor.i18n.formats import countries
from warrantor.i18n.locales import N_
from warrantor.services.attachments.content import AttachmentKind
from warrantor.services.attachments.files import Upload, attach_to_rma
from warrantor.services.attachments.sent_with import open_rma_with_files
from warrantor.services.installed_base.registration import my_unit_coverage
from warrantor.services.outbox.failing import correct_rma_address
from warrantor.services.rma.decision import answer_quote
from warrantor.services.rma.opening import RmaRequest
from warrantor.services.rma.queues import RmaQuery, page_rmas, show_rma
from warrantor.services.rma.workshop_show import show_workshop
from warrantor.views.coverage import CoverageAnswer, coverage_answer
from warrantor.web.access import PageActorDep, require
from warrantor.web.forms import Form
from warrantor.web.paging import pager
from warrantor.web.rendering import page_router, render, see_other

router = page_router()

PARTIES = (Role.CUSTOMER, Role.DEALER)

OPEN_LABELS = {
    "brand": "Brand",
    "serial": "Serial number",
    "symptom": "What is wrong",
    "contact_name": "Your name",
    "contact_email": "E-mail address",
    "proof_of_purchase": "Invoice or receipt number",
    "service_country": "Country where you ask for service",
    "backup_acknowledged": N_("Backing up my data"),
    "proof_file": "Proof of purchase (file)",
    "photos": "Photos",
}


MY_RMAS_PAGE = 50
"""RMAs a page of /my/rmas shows (a dealer may have opened hundreds); the pager leads on."""


@router.get("/my/rmas", response_class=HTMLResponse)
def my_rmas(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """The RMAs the customer (or dealer, distributor) may see, 50 a page (issue #23)."""
    require(actor, *PARTIES)
    cursor = request.query_params.get("cursor") or None
    query = RmaQuery(limit=MY_RMAS_PAGE)
    page = page_rmas(reads_for(request, runtime), actor, query, runtime.clock.now(), cursor)
    context = {"rmas": page.items, "pager": pager(request, page)}
    return render(request, "my/rmas.html", context, actor)


PAID_STATES = frozenset({"requested", "troubleshooting", "documents_validated", "awaiting_unit"})
"""States in which a customer is still told, before the unit comes in, that it is not covered."""


def _coverage_today(
    runtime: Runtime, actor: Actor, brand: str, serial: str
) -> CoverageAnswer | None:
    """The customer's own unit's coverage today, so an RMA for a unit whose coverage ended
    says so at once (a paid repair, with a quote first); ``None`` when it can't be told here
    (not their unit, a dealer asking, no such serial: opening the RMA says why)."""
    if actor.role is not Role.CUSTOMER or not serial:
        return None
    try:
        result = my_unit_coverage(
            runtime.uow_factory, runtime.book, actor, brand, serial, runtime.clock.today()
        )
    except WarrantorError:
        return None
    return coverage_answer(result.unit, result.decision)


@router.get("/my/rmas/new", response_class=HTMLResponse)
def new_rma_form(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    require(actor, *PARTIES)
    params = request.query_params
    values = {"brand": params.get("brand", ""), "serial": params.get("serial", "")}
    coverage = _coverage_today(runtime, actor, values["brand"], values["serial"])
    form = Form.of(values, OPEN_LABELS)
    return _open_page(request, runtime.book.brands(), form, actor, coverage=coverage)


@router.post("/my/rmas/new", response_class=HTMLResponse)
def new_rma(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    brand: Annotated[str, FormField()] = "",
    serial: Annotated[str, FormField()] = "",
    symptom: Annotated[str, FormField()] = "",
    contact_name: Annotated[str, FormField()] = "",
    contact_email: Annotated[str, FormField()] = "",
    proof_of_purchase: Annotated[str, FormField()] = "",
    service_country: Annotated[str, FormField()] = "",
    backup_acknowledged: Annotated[str, FormField()] = "",
    proof_file: Annotated[UploadFile | None, File()] = None,
    photos: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    """Ask for an RMA, with a proof of purchase and photos if the customer has them; each
    problem is shown next to its field."""
    require(actor, *PARTIES)
    max_bytes = runtime.settings.attachment_max_bytes
    uploads = _uploads("proof_of_purchase", [proof_file] if proof_file else [], max_bytes)
    uploads += _uploads("photo", photos or [], max_bytes)
    values = {
        "brand": brand,
        "serial": serial,
        "symptom": symptom,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "proof_of_purchase": proof_of_purchase,
        "service_country": service_country.strip().upper(),  # the choice stays chosen
        "backup_acknowledged": backup_acknowledged,
    }
    form = Form.of(values, OPEN_LABELS)
    ask = RmaRequest(
        serial=serial,
        symptom=symptom,
        contact_name=contact_name,
        contact_email=contact_email,
        backup_acknowledged=backup_acknowledged == "yes",
        brand=brand or None,
        proof_of_purchase=proof_of_purchase or None,
        service_country=service_country or None,
    )
    try:
        rma = open_rma_with_files(
            runtime.uow_factory,
            runtime.attachments,
            runtime.book,
            actor,
            ask,
            uploads,
            runtime.clock.now(),
            max_bytes=max_bytes,
        )
        return see_other(f"/my/rmas/{rma.id}")
    except WarrantorError as error:
        form.fail(error)
    return _open_page(request, runtime.book.brands(), form, actor, status_code=422)


def _uploads(kind: AttachmentKind, files: list[UploadFile], max_bytes: int) -> list[Upload]:
    """The files chosen (a browser sends an empty part for a file input left empty); one
    byte past the cap is read, for the check to say the file is too large."""
    return [
        Upload(kind=kind, file_name=file.filename or "", data=file.file.read(max_bytes + 1))
        for file in files
        if file.filename
    ]


def _open_page(
    request: Request,
    brands: list[str],
    form: Form,
    actor: Actor,
    status_code: int = 200,
    coverage: CoverageAnswer | None = None,
) -> HTMLResponse:
    context = {
        "form": form,
        "brands": [(b, b) for b in brands],
        # the countries by name in the reader's language, the ISO code sent (issue #25)
        "countries": countries(page_locale(request)),
        "coverage": coverage,
    }
    return render(request, "my/rma_new.html", context, actor, status_code=status_code)


@router.get("/my/rmas/{ref}", response_class=HTMLResponse)
def my_rma(request: Request, runtime: RuntimeDep, actor: PageActorDep, ref: str) -> HTMLResponse:
    """One RMA: its state, due dates, shipping instructions and timeline."""
    require(actor, *PARTIES)
    return _rma_page(request, runtime, actor, ref)


def _rma_page(
    request: Request,
    runtime: Runtime,
    actor: Actor,
    ref: str,
    form: Form | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    details = show_rma(runtime.uow_factory, runtime.book, actor, ref, runtime.clock.now())
    coverage = None
    if details.rma.state in PAID_STATES:
        coverage = _coverage_today(runtime, actor, details.rma.brand, details.rma.serial)
    _, workshop = show_workshop(runtime.uow_factory, actor, details.rma.id)
    context = {
        "details": details,
        "coverage": coverage,
        "decision": workshop.decision,
        "quote": workshop.quote,
        "form": form or Form(),
        "max_bytes": runtime.settings.attachment_max_bytes,
    }
    return render(request, "my/rma.html", context, actor, status_code=status_code)


ATTACHMENT_LABELS = {"kind": "What it is", "file": "File", "rma": "RMA"}


@router.post("/my/rmas/{ref}/attachments", response_class=HTMLResponse)
async def my_rma_attachment(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    file: Annotated[UploadFile | None, File()] = None,
    kind: Annotated[str, FormField()] = "",
) -> Response:
    """Send a proof of purchase or a photo with the RMA (issue #24); a refused file comes
    back on the page (422) naming what is wrong."""
    require(actor, *PARTIES)
    max_bytes = runtime.settings.attachment_max_bytes
    data = b"" if file is None else await file.read(max_bytes + 1)
    name = "" if file is None else file.filename or ""
    try:
        if kind not in ("proof_of_purchase", "photo"):
            raise InvalidInput(
                "choose what the file is", [Problem("a proof of purchase or a photo", "kind")]
            )
        upload = Upload(kind=kind, file_name=name, data=data)  # type: ignore[arg-type]
        await run_in_threadpool(
            attach_to_rma,
            runtime.uow_factory,
            runtime.attachments,
            actor,
            ref,
            upload,
            runtime.clock.now(),
            max_bytes=max_bytes,
            book=runtime.book,
        )
    except InvalidInput as error:
        form = Form.of({"kind": kind}, ATTACHMENT_LABELS)
        form.fail(error)
        return await run_in_threadpool(_rma_page, request, runtime, actor, ref, form, 422)
    return see_other(f"/my/rmas/{ref}#attachments")


@router.post("/my/rmas/{ref}/quote", response_class=HTMLResponse)
def my_quote_answer(
    runtime: RuntimeDep,
    actor: PageActorDep,
    ref: str,
    answer: Annotated[str, FormField()] = "",
) -> Response:
    """Accept or decline the paid-repair quote of a claim that is not covered."""
    require(actor, *PARTIES)
    answer_quote(
        runtime.uow_factory, runtime.book, actor, ref, answer == "accept", runtime.clock.now()
    )
    return see_other(f"/my/rmas/{ref}")


@router.post("/my/rmas/{ref}/mail-corrected", response_class=HTMLResponse)
def my_mail_corrected(runtime: RuntimeDep, actor: PageActorDep, ref: str) -> Response:
    """The customer's mailbox works again: mail about this RMA goes to it again (issue #24)."""
    require(actor, *PARTIES)
    correct_rma_address(runtime.uow_factory, actor, ref)
    return see_other(f"/my/rmas/{ref}")
