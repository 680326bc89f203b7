"""``/api/v1/brands``: the brands whose policies are loaded, and their product lines;
``/api/v1/models/assignments``: models no policy places, assigned to a line by an admin
(issue 19: each assignment a new version, audited with its reason)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field

from warrantor.api.paging import CursorQuery, send_page_links
from warrantor.api.responses import errors
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.http.request_guard import guarded_router
from warrantor.services.installed_base.model_assignments import (
    assign_model,
    assignment_history,
    page_model_assignments,
)
from warrantor.services.paging import MAX_PAGE
from warrantor.views.brands import (
    BrandOut,
    ModelAssignmentOut,
    model_assignment_out,
)

router = guarded_router(tags=["brands"])


@router.get("/brands")
def list_brands(runtime: RuntimeDep) -> list[BrandOut]:
    """Every brand with a policy in force."""
    return [BrandOut(name=name) for name in runtime.book.brands()]


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness: answers when the process serves requests."""
    return {"status": "ok"}


class ModelAssignmentIn(BaseModel):
    brand: str = Field(max_length=100, examples=["QNAP"])
    model: str = Field(max_length=200, examples=["TS-h973AX"])
    product_line: str = Field(max_length=100, examples=["TS-x53"])
    reason: str = Field(
        max_length=500, examples=["QNAP lists it beside the TS-x73 models; nearest series TS-x53"]
    )


@router.get("/models/assignments", responses=errors(401, 403, 422))
def get_model_assignments(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    brand: Annotated[str | None, Query(max_length=100)] = None,
    model: Annotated[
        str | None, Query(max_length=200, description="One model's every version (with brand)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: CursorQuery = None,
) -> list[ModelAssignmentOut]:
    """The assignments in force (each model's latest version), by brand and model, a page
    at a time (``Link`` rel=next, ``X-Next-Cursor``; not counted: ``X-Total-Count-Kind:
    none``); a cursor not from this list: 422. With ``brand`` and ``model``: every version
    of that one, whole (a handful; ``limit`` and ``cursor`` do not apply). Admin."""
    if brand is not None and model is not None:
        found = assignment_history(runtime.uow_factory, actor, brand, model)
        return [model_assignment_out(a) for a in found]
    page = page_model_assignments(reads_for(request, runtime), actor, brand, limit, cursor)
    send_page_links(request, response, page)
    return [model_assignment_out(a) for a in page.items]


@router.post("/models/assignments", status_code=201, responses=errors(401, 403, 409, 422))
def post_model_assignment(
    body: ModelAssignmentIn, runtime: RuntimeDep, actor: ActorDep
) -> ModelAssignmentOut:
    """Assign a model no policy places to one of its brand's product lines (admin): a new
    version, audited with the reason. 409 when the policy places the model itself; 422
    naming the field for an unknown brand or line, or an empty reason."""
    found = assign_model(
        runtime.uow_factory,
        runtime.book,
        actor,
        body.brand,
        body.model,
        body.product_line,
        body.reason,
        runtime.clock.now(),
    )
    return model_assignment_out(found)
