"""The admin's model assignments page (/admin/models, issue 19): the models no policy places
that an admin assigned to a product line, and a form to assign one.

Calls the same service the API and the CLI call
(``installed_base.model_assignments``), which checks the role again, refuses a
model the policy places itself, and records each assignment (a new version)
in the audit trail with its reason.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form as FormField
from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.errors import WarrantorError
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.services.installed_base.model_assignments import (
    assign_model,
    page_model_assignments,
)
from warrantor.web.access import PageActorDep, require
from warrantor.web.forms import Form
from warrantor.web.paging import pager
from warrantor.web.rendering import page_router, render, see_other

router = page_router()

MODELS_PAGE = 100
"""Assignments a page of /admin/models lists; the pager leads on."""

LABELS = {
    "brand": "Brand",
    "model": "Model",
    "product_line": "Product line",
    "reason": "Why it belongs there",
}


def _page(
    request: Request, runtime: Runtime, actor: Actor, form: Form, status_code: int = 200
) -> HTMLResponse:
    cursor = request.query_params.get("cursor") or None
    page = page_model_assignments(reads_for(request, runtime), actor, None, MODELS_PAGE, cursor)
    context = {
        "assignments": page.items,
        "pager": pager(request, page),
        "brands": [(b, b) for b in runtime.book.brands()],
        "form": form,
    }
    return render(request, "admin/models.html", context, actor, status_code=status_code)


@router.get("/admin/models", response_class=HTMLResponse)
def models_page(request: Request, runtime: RuntimeDep, actor: PageActorDep) -> HTMLResponse:
    """The assignments in force (each model's latest version) and the form to add one."""
    require(actor, Role.ADMIN)
    return _page(request, runtime, actor, Form.of({}, LABELS))


@router.post("/admin/models", response_class=HTMLResponse)
def assign_model_page(
    request: Request,
    runtime: RuntimeDep,
    actor: PageActorDep,
    brand: Annotated[str, FormField(max_length=100)] = "",
    model: Annotated[str, FormField(max_length=200)] = "",
    product_line: Annotated[str, FormField(max_length=100)] = "",
    reason: Annotated[str, FormField(max_length=500)] = "",
) -> Response:
    require(actor, Role.ADMIN)
    values = {"brand": brand, "model": model, "product_line": product_line, "reason": reason}
    form = Form.of(values, LABELS)
    form.require("brand", "model", "product_line", "reason")
    if form.ok:
        try:
            assign_model(
                runtime.uow_factory,
                runtime.book,
                actor,
                brand,
                model,
                product_line,
                reason,
                runtime.clock.now(),
            )
            return see_other("/admin/models")
        except WarrantorError as error:
            form.fail(error)
    return _page(request, runtime, actor, form, status_code=422)
