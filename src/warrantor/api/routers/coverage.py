"""Coverage checks: one serial, a serial without its brand, and a batch."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from warrantor.api.deps import RuntimeDep
from warrantor.api.errors import error_body
from warrantor.services.check import BatchItem, check_batch, check_serial
from warrantor.views.coverage import CoverageAnswer, coverage_answer

router = APIRouter(tags=["coverage"])

OnQuery = Annotated[
    date | None, Query(description="The day asked about (YYYY-MM-DD); today when omitted.")
]


@router.get("/units/{brand}/{serial}/coverage")
def unit_coverage(
    brand: str, serial: str, runtime: RuntimeDep, on: OnQuery = None
) -> CoverageAnswer:
    """Is this serial covered on ``on``, until when, and why (the clauses it rests on)."""
    day = on or runtime.clock.today()
    result = check_serial(runtime.uow_factory, runtime.book, serial, day, brand=brand)
    return coverage_answer(result.unit, result.decision)


@router.get("/coverage")
def serial_coverage(
    runtime: RuntimeDep,
    serial: Annotated[str, Query(description="Serial number")],
    brand: Annotated[
        str | None, Query(description="Brand; needed when the serial is ambiguous")
    ] = None,
    on: OnQuery = None,
) -> CoverageAnswer:
    """Like the unit route, for callers who know only the serial: unique ones resolve."""
    day = on or runtime.clock.today()
    result = check_serial(runtime.uow_factory, runtime.book, serial, day, brand=brand)
    return coverage_answer(result.unit, result.decision)


class BatchRequestItem(BaseModel):
    serial: str
    brand: str | None = None


class BatchRequest(BaseModel):
    on: date | None = None
    items: list[BatchRequestItem] = Field(max_length=10_000)


class BatchLine(BaseModel):
    index: int
    serial: str
    brand: str | None
    answer: CoverageAnswer | None = None
    error: dict[str, object] | None = None


@router.post("/coverage/batch")
def batch_coverage(request: BatchRequest, runtime: RuntimeDep) -> list[BatchLine]:
    """Check many serials in one call; each line gets its answer or its own error."""
    day = request.on or runtime.clock.today()
    items = (
        BatchItem(row=index, serial=item.serial, brand=item.brand)
        for index, item in enumerate(request.items)
    )
    lines = []
    for answer in check_batch(runtime.uow_factory, runtime.book, items, day):
        line = BatchLine(index=answer.item.row, serial=answer.item.serial, brand=answer.item.brand)
        if answer.result is not None:
            line.answer = coverage_answer(answer.result.unit, answer.result.decision)
        elif answer.error is not None:
            line.error = error_body(answer.error)[1]["error"]
        lines.append(line)
    return lines
