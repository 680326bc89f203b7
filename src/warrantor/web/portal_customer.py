"""The customer portal (/my/...): my products, registering one, its coverage and why.

Thin: each handler calls a service as the signed-in actor and renders what it
returns; the services decide what is the actor's (someone else's unit is a
404 page). RMAs and certificates appear here as their services provide them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Form as FormField
from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from warrantor.api.deps import RuntimeDep
from warrantor.domain.actors import Actor, Role
from warrantor.errors import WarrantorError
from warrantor.services.check import check_serial
from warrantor.services.unit_registration import (
    Claim,
    my_unit_coverage,
    my_unit_extensions,
    my_units,
    register_my_unit,
)
from warrantor.views.coverage import coverage_answer
from warrantor.web.access import PageActorDep, require
from warrantor.web.forms import Form
from warrantor.web.rendering import page_router, render, see_other

router = page_router()

REGISTER_LABELS = {
    "brand": "Brand",
    "serial": "Serial number",
    "purchased_on": "Date of purchase",
    "proof_of_purchase": "Invoice or receipt number",
}


@router.get("/my", response_class=HTMLResponse)
def my_products(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """The customer's units, each with whether it is covered today."""
    require(actor, Role.CUSTOMER)
    today = runtime.clock.today()
    rows = []
    for unit in my_units(runtime.uow_factory, actor):
        result = check_serial(runtime.uow_factory, runtime.book, unit.serial, today, unit.brand)
        rows.append(coverage_answer(result.unit, result.decision))
    registered = request.query_params.get("registered", "")
    return render(request, "my/products.html", {"answers": rows, "registered": registered}, actor)


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
) -> Response:
    """Claim a unit of the installed base with a proof of purchase; errors go next to fields."""
    require(actor, Role.CUSTOMER)
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
            unit = register_my_unit(runtime.uow_factory, actor, claim, runtime.clock.now())
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
    """One unit: coverage on today (or ``?on=``) with the clauses it rests on."""
    require(actor, Role.CUSTOMER)
    form = Form.of({"on": request.query_params.get("on", "")}, {"on": "On day"})
    day = _optional_day(form, "on") or runtime.clock.today()
    result = my_unit_coverage(runtime.uow_factory, runtime.book, actor, brand, serial, day)
    context = {
        "answer": coverage_answer(result.unit, result.decision),
        "unit": result.unit,
        "extensions": my_unit_extensions(runtime.uow_factory, actor, brand, serial),
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
        form.add(f"enter a date like 2026-11-23, not {raw!r}", name)
        return None
