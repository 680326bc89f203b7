"""Coverage checks: one serial, a serial without its brand, and a batch.

Public: anyone may ask, within the check's rate limit (``http.public_check``).
Owner data is in an answer only for an asker who may see the unit
(``may_see_unit``: its owner, its direct customer, staff).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from warrantor.http.deps import OptionalActorDep, RuntimeDep
from warrantor.http.errors import error_body
from warrantor.http.public_check import check_publicly, count_public_check
from warrantor.http.read_your_writes import reads_for, reads_only
from warrantor.services.installed_base.check import BatchItem, CheckResult, check_batch
from warrantor.services.installed_base.units import may_see_unit
from warrantor.views.coverage import (
    BatchLine,
    CoverageAnswer,
    coverage_answer,
)

router = APIRouter(tags=["coverage"])

OnQuery = Annotated[
    date | None, Query(description="The day asked about (YYYY-MM-DD); today when omitted.")
]


def _answer(result: CheckResult, actor: OptionalActorDep) -> CoverageAnswer:
    visible = may_see_unit(actor, result.unit)
    return coverage_answer(result.unit, result.decision, owner_visible=visible)


@router.get("/units/{brand}/{serial}/coverage")
def unit_coverage(
    brand: str,
    serial: str,
    request: Request,
    runtime: RuntimeDep,
    actor: OptionalActorDep,
    on: OnQuery = None,
) -> CoverageAnswer:
    """Is this serial covered on ``on``, until when, and why (the clauses it rests on)."""
    day = on or runtime.clock.today()
    result = check_publicly(request, runtime, actor, serial, day, brand=brand)
    return _answer(result, actor)


@router.get("/coverage")
def serial_coverage(
    request: Request,
    runtime: RuntimeDep,
    actor: OptionalActorDep,
    serial: Annotated[str, Query(description="Serial number")],
    brand: Annotated[
        str | None, Query(description="Brand; needed when the serial is ambiguous")
    ] = None,
    on: OnQuery = None,
) -> CoverageAnswer:
    """Like the unit route, for callers who know only the serial: unique ones resolve."""
    day = on or runtime.clock.today()
    result = check_publicly(request, runtime, actor, serial, day, brand=brand)
    return _answer(result, actor)


class BatchRequestItem(BaseModel):
    serial: str
    brand: str | None = None


class BatchRequest(BaseModel):
    on: date | None = None
    items: list[BatchRequestItem] = Field(max_length=10_000)


@router.post("/coverage/batch")
def batch_coverage(
    body: BatchRequest, request: Request, runtime: RuntimeDep, actor: OptionalActorDep
) -> list[BatchLine]:
    """Check many serials in one call; each line gets its answer or its own error.

    Each line counts against the check's rate limit (unless the caller is staff)."""
    reads_only(request)
    count_public_check(request, runtime, actor, amount=max(1, len(body.items)))
    day = body.on or runtime.clock.today()
    items = (
        BatchItem(row=index, serial=item.serial, brand=item.brand)
        for index, item in enumerate(body.items)
    )
    lines = []
    for answer in check_batch(reads_for(request, runtime), runtime.book, items, day):
        line = BatchLine(index=answer.item.row, serial=answer.item.serial, brand=answer.item.brand)
        if answer.result is not None:
            line.answer = _answer(answer.result, actor)
        elif answer.error is not None:
            line.error = error_body(answer.error)[1]["error"]
        lines.append(line)
    return lines
