"""Coverage checks: one serial, a serial without its brand, and a batch.

Public: anyone may ask, within the check's rate limit (``http.public_check``).
Owner data is in an answer only for an asker who may see the unit
(``may_see_unit``: its owner, its direct customer, staff).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field

from warrantor.api.responses import errors
from warrantor.bootstrap import Runtime
from warrantor.http.dates import IsoDate
from warrantor.http.deps import OptionalActorDep, RuntimeDep
from warrantor.http.errors import error_body
from warrantor.http.public_check import check_publicly, count_public_check
from warrantor.http.read_your_writes import reads_for, reads_only
from warrantor.http.request_guard import guarded_router
from warrantor.services.installed_base.batch_check import (
    CompactAnswer,
    check_many_compact,
    check_many_full,
)
from warrantor.services.installed_base.check import BatchAnswer, BatchItem, CheckResult
from warrantor.services.installed_base.units import may_see_unit
from warrantor.views.coverage import (
    BatchLine,
    CoverageAnswer,
    coverage_answer,
)
from warrantor.views.coverage_compact import CompactJsonLines, CompactLine

router = guarded_router(tags=["coverage"])

NDJSON = "application/x-ndjson"

OnQuery = Annotated[
    IsoDate | None, Query(description="The day asked about (YYYY-MM-DD); today when omitted.")
]


def _answer(result: CheckResult, actor: OptionalActorDep) -> CoverageAnswer:
    visible = may_see_unit(actor, result.unit)
    return coverage_answer(result.unit, result.decision, owner_visible=visible)


def _json(answer: CoverageAnswer) -> Response:
    """The answer as FastAPI would send it (``response_model``'s JSON, by alias), without
    validating our own model again: for a sync route FastAPI does that in a second hop to
    the thread pool, which cost the single check more than the validation itself."""
    return Response(answer.model_dump_json(by_alias=True), media_type="application/json")


@router.get(
    "/units/{brand}/{serial}/coverage",
    response_model=CoverageAnswer,
    responses=errors(404, 422, 429),
)
def unit_coverage(
    brand: str,
    serial: str,
    request: Request,
    actor: OptionalActorDep,
    on: OnQuery = None,
) -> Response:
    """Is this serial covered on ``on``, until when, and why (the clauses it rests on)."""
    # The check is the request answered most: the runtime is read here, not through a
    # dependency (each dependant costs FastAPI a solving pass on every request).
    runtime: Runtime = request.app.state.runtime
    day = on or runtime.clock.today()
    result = check_publicly(request, runtime, actor, serial, day, brand=brand)
    return _json(_answer(result, actor))


@router.get("/coverage", response_model=CoverageAnswer, responses=errors(401, 404, 409, 422, 429))
def serial_coverage(
    request: Request,
    actor: OptionalActorDep,
    serial: Annotated[str, Query(description="Serial number")],
    brand: Annotated[
        str | None, Query(description="Brand; needed when the serial is ambiguous")
    ] = None,
    on: OnQuery = None,
) -> Response:
    """Like the unit route, for callers who know only the serial: unique ones resolve."""
    runtime: Runtime = request.app.state.runtime  # as in ``unit_coverage``
    day = on or runtime.clock.today()
    result = check_publicly(request, runtime, actor, serial, day, brand=brand)
    return _json(_answer(result, actor))


class BatchRequestItem(BaseModel):
    serial: str
    brand: str | None = None


FormQuery = Annotated[
    Literal["compact", "full"],
    Query(description="NDJSON answers: compact (outcome, dates, clause ids) or full"),
]


class BatchRequest(BaseModel):
    on: IsoDate | None = None
    items: list[BatchRequestItem] = Field(max_length=10_000)


@router.post(
    "/coverage/batch",
    response_model=list[BatchLine],
    responses={
        200: {"content": {NDJSON: {"schema": CompactLine.model_json_schema()}}},
        **errors(400, 422, 429),
    },
)
def batch_coverage(
    body: BatchRequest,
    request: Request,
    runtime: RuntimeDep,
    actor: OptionalActorDep,
    form: FormQuery = "compact",
) -> Any:
    """Check many serials in one call; each line gets its answer or its own error.

    With ``Accept: application/x-ndjson`` the answer streams, one JSON line per
    serial as it is read (a chunk of serials per statement): the compact form
    (outcome, dates, determining clause ids, from the stored coverage projection)
    or, with ``form=full``, the full answer. Otherwise one JSON list of full answers.

    The batch counts against the check's rate limit as many checks as it has
    lines, in one count (unless the caller is staff)."""
    reads_only(request)
    count_public_check(request, runtime, actor, amount=max(1, len(body.items)))
    day = body.on or runtime.clock.today()
    items = (
        BatchItem(row=index, serial=item.serial, brand=item.brand)
        for index, item in enumerate(body.items)
    )
    reads = reads_for(request, runtime)
    readers = runtime.settings.batch_readers
    slots = runtime.reader_slots
    if NDJSON in request.headers.get("accept", ""):
        lines: Iterator[BatchLine | str]
        if form == "full":
            full = check_many_full(reads, runtime.book, items, day, readers=readers, slots=slots)
            lines = (_full_line(a, actor) for a in full)
        else:
            writer = _compact_writer(request)
            compact = check_many_compact(
                reads,
                runtime.book,
                items,
                day,
                readers=readers,
                slots=slots,
                answers=runtime.projected_answers,
                brands=runtime.brand_names,
            )
            lines = (writer.line(a, _error_of(a)) for a in compact)
        return StreamingResponse(_in_blocks(lines), media_type=NDJSON)
    full = check_many_full(reads, runtime.book, items, day, readers=readers, slots=slots)
    return [_full_line(a, actor) for a in full]


def _compact_writer(request: Request) -> CompactJsonLines:
    """The app's writer of compact lines, made on its first batch: it keeps each shared
    answer's encoding across batches, as ``Runtime.projected_answers`` keeps the answers."""
    state = request.app.state
    writer: CompactJsonLines | None = getattr(state, "compact_lines", None)
    if writer is None:
        writer = state.compact_lines = CompactJsonLines()
    return writer


def _full_line(answer: BatchAnswer, actor: OptionalActorDep) -> BatchLine:
    line = BatchLine(index=answer.item.row, serial=answer.item.serial, brand=answer.item.brand)
    if answer.result is not None:
        line.answer = _answer(answer.result, actor)
    elif answer.error is not None:
        line.error = error_body(answer.error)[1]["error"]
    return line


def _error_of(answer: CompactAnswer) -> dict[str, object] | None:
    return error_body(answer.error)[1]["error"] if answer.error is not None else None


def _in_blocks(lines: Iterator[BatchLine | str], size: int = 500) -> Iterator[bytes]:
    """NDJSON, ``size`` lines per block: the response streams as the chunks are read,
    without a hop to the thread pool for every line."""
    block: list[str] = []
    for line in lines:
        block.append(line if isinstance(line, str) else line.model_dump_json())
        if len(block) >= size:
            yield ("\n".join(block) + "\n").encode()
            block = []
    if block:
        yield ("\n".join(block) + "\n").encode()
