"""The customer portal (/my/...): my products, registering one, its coverage and why,
and buying an extended warranty for it (a direct customer: see DESIGN.md).

Thin: each handler calls a service as the signed-in actor and renders what it
returns; the services decide what is the actor's (someone else's unit is a
404 page). RMAs and certificates appear here as their services provide them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import File, Request, UploadFile
from fastapi import Form as FormField
from fastapi.responses import HTMLResponse, Response

from warrantor.domain.actors import Actor, Role
from warrantor.errors import Said, WarrantorError
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.i18n.locales import N_
from warrantor.services.attachments.files import Upload, unit_attachments
from warrantor.services.attachments.sent_with import register_with_proof
from warrantor.services.installed_base.check import check_serial
from warrantor.services.installed_base.registration import (
    Claim,
    my_unit_coverage,
    my_unit_extensions,
)
from warrantor.services.installed_base.unit_search import search_visible_units
from warrantor.services.installed_base.units import page_visible_units
from warrantor.services.sales.orders import list_orders, offer_extension, place_order
from warrantor.store.units import UnitFilter
from warrantor.views.coverage import coverage_answer
from warrantor.web.access import PageActorDep, require
from warrantor.web.forms import Form
from warrantor.web.paging import pager
from warrantor.web.rendering import page_router, render, see_other

router = page_router()

REGISTER_LABELS = {
    "brand": "Brand",
    "serial": "Serial number",
    "purchased_on": "Date of purchase",
    "proof_of_purchase": "Invoice or receipt number",
    "proof_file": "The invoice or receipt (file)",
}


MY_PAGE = 50
"""Products a page of /my shows (a business customer may own hundreds); the pager leads on."""


@router.get("/my", response_class=HTMLResponse)
def my_products(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """The customer's units, each with whether it is covered today, a page at a time; with
    ``q``, those of their units matching it (serial first, then the start of a serial or
    model, then similar model names): never anyone else's."""
    require(actor, Role.CUSTOMER)
    today = runtime.clock.today()
    wanted = request.query_params.get("q", "").strip()
    if wanted:
        hits = search_visible_units(runtime.uow_factory, actor, wanted, MY_PAGE)
        shown, links = [hit.unit for hit in hits], None
    else:
        cursor = request.query_params.get("cursor") or None
        page = page_visible_units(runtime.uow_factory, actor, UnitFilter(limit=MY_PAGE), cursor)
        shown, links = page.items, pager(request, page)
    rows = []
    for unit in shown:
        result = check_serial(runtime.uow_factory, runtime.book, unit.serial, today, unit.brand)
        rows.append(coverage_answer(result.unit, result.decision))
    registered = request.query_params.get("registered", "")
    context = {"answers": rows, "registered": registered, "pager": links, "q": wanted}
    return render(request, "my/products.html", context, actor)


@router.get("/my/register", response_class=HTMLResponse)
def register_form(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    require(actor, Role.CUSTOMER)
    form = Form.of({"brand": request.query_params.get("brand", "")}, REGISTER_LABELS)
    return _register_page(request, runtime.book.brands(), form, actor)


@router.post("/my/register", response_class=HTMLResponse)
def register(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    brand: Annotated[str, FormField()] = "",
    serial: Annotated[str, FormField()] = "",
    purchased_on: Annotated[str, FormField()] = "",
    proof_of_purchase: Annotated[str, FormField()] = "",
    proof_file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Claim a unit of the installed base with a proof of purchase (its number, and the file
    if the customer has it: issue #24); errors go next to fields."""
    require(actor, Role.CUSTOMER)
    max_bytes = runtime.settings.attachment_max_bytes
    proof = None
    if proof_file is not None and proof_file.filename:
        data = proof_file.file.read(max_bytes + 1)  # one past the cap: "too large"
        proof = Upload(kind="proof_of_purchase", file_name=proof_file.filename, data=data)
    values = {
        "brand": brand,
        "serial": serial,
        "purchased_on": purchased_on,
        "proof_of_purchase": proof_of_purchase,
    }
    form = Form.of(values, REGISTER_LABELS)
    day = _optional_day(form, "purchased_on")
    if form.ok:
        claim = Claim(brand, serial, day, proof_of_purchase)
        try:
            unit = register_with_proof(
                runtime.uow_factory,
                runtime.attachments,
                runtime.book,
                actor,
                claim,
                proof,
                runtime.clock.now(),
                max_bytes=max_bytes,
            )
            return see_other(f"/my/units/{unit.brand}/{unit.serial}?registered=1")
        except WarrantorError as error:
            form.fail(error)
    return _register_page(request, runtime.book.brands(), form, actor, status_code=422)


def _register_page(
    request: Request, brands: list[str], form: Form, actor: Actor, status_code: int = 200
) -> HTMLResponse:
    context = {"form": form, "brands": [(b, b) for b in brands]}
    return render(request, "my/register.html", context, actor, status_code=status_code)


@router.get("/my/units/{brand}/{serial}", response_class=HTMLResponse)
def my_product(
    request: Request, runtime: RuntimeDep, actor: PageActorDep, brand: str, serial: str
) -> HTMLResponse:
    """One unit: coverage on today (or ``?on=``) with the clauses it rests on, and the
    proofs and photos sent about it (at registration or with its RMAs) to download."""
    require(actor, Role.CUSTOMER)
    form = Form.of({"on": request.query_params.get("on", "")}, {"on": "On day"})
    day = _optional_day(form, "on") or runtime.clock.today()
    result = my_unit_coverage(runtime.uow_factory, runtime.book, actor, brand, serial, day)
    context = {
        "answer": coverage_answer(result.unit, result.decision),
        "unit": result.unit,
        "extensions": my_unit_extensions(runtime.uow_factory, actor, brand, serial),
        "sent": {"attachments": unit_attachments(runtime.uow_factory, actor, brand, serial)},
        "form": form,
        "registered": request.query_params.get("registered") == "1",
    }
    return render(request, "my/product.html", context, actor)


def _optional_day(form: Form, name: str) -> date | None:
    raw = form.value(name).strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        form.add(N_("enter a date like 2026-11-23"), name)  # the field keeps what was typed
        return None


EXTEND_LABELS = {"years": "Extension period"}
EXTENSION_YEARS = (1, 2, 3)
"""The periods offered in the form; the policy says which of them may be sold."""


@router.get("/my/units/{brand}/{serial}/extend", response_class=HTMLResponse)
def extend_form(
    request: Request, runtime: RuntimeDep, actor: PageActorDep, brand: str, serial: str
) -> HTMLResponse:
    """May this customer buy +N years for the unit today, at what price, and if not, why.

    The policy decides (a direct customer, inside the window from the first
    invoice, in a valid country, under the maximum); a refusal shows its clauses.
    """
    require(actor, Role.CUSTOMER)
    form = Form.of({"years": request.query_params.get("years", "1")}, EXTEND_LABELS)
    return _extend_page(request, runtime, actor, brand, serial, form)


@router.post("/my/units/{brand}/{serial}/extend", response_class=HTMLResponse)
def extend(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    brand: str,
    serial: str,
    years: Annotated[str, FormField()] = "",
) -> Response:
    """Order the extension; it is granted, with its certificate, once payment is recorded."""
    require(actor, Role.CUSTOMER)
    form = Form.of({"years": years}, EXTEND_LABELS)
    chosen = _years(form)
    if form.ok and chosen is not None:
        try:
            unit = my_unit_coverage(
                runtime.uow_factory, runtime.book, actor, brand, serial, runtime.clock.today()
            ).unit
            order = place_order(
                runtime.uow_factory,
                runtime.book,
                actor,
                unit.serial,
                chosen,
                runtime.clock.now(),
                brand=unit.brand,
            )
            return see_other(f"/my/units/{unit.brand}/{unit.serial}/extend?ordered={order.id}")
        except WarrantorError as error:
            form.fail(error)
    return _extend_page(request, runtime, actor, brand, serial, form, status_code=422)


def _years(form: Form) -> int | None:
    raw = form.value("years").strip()
    if raw not in {str(y) for y in EXTENSION_YEARS}:
        form.add(Said(N_("choose %(years)s years"), years=EXTENSION_YEARS), "years")
        return None
    return int(raw)


def _extend_page(
    request: Request,
    runtime: RuntimeDep,
    actor: Actor,
    brand: str,
    serial: str,
    form: Form,
    status_code: int = 200,
) -> HTMLResponse:
    today = runtime.clock.today()
    unit = my_unit_coverage(runtime.uow_factory, runtime.book, actor, brand, serial, today).unit
    years = _years(Form.of({"years": form.value("years")}, EXTEND_LABELS)) or 1
    offer = offer_extension(
        runtime.uow_factory, runtime.book, actor, unit.serial, years, today, brand=unit.brand
    )
    orders = list_orders(reads_for(request, runtime), actor, unit=(unit.brand, unit.serial))
    context = {
        "unit": unit,
        "form": form,
        "offer": offer,
        "years": years,
        "choices": [(str(y), f"+{y} year{'s' if y > 1 else ''}") for y in EXTENSION_YEARS],
        "orders": orders,
        "ordered": request.query_params.get("ordered", ""),
    }
    return render(request, "my/extend.html", context, actor, status_code=status_code)
