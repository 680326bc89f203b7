"""``/api/v1/units``: the installed base (list, show, bulk import).

Signed-in only. Each actor sees the units that are theirs
(``services.installed_base.units``: owner, direct customer, staff all); someone else's unit
is 404. Importing is for warranty admins.
"""

from __future__ import annotations

import csv
from typing import Annotated

from fastapi import Query, Request, Response, UploadFile
from pydantic import BaseModel, Field

from warrantor.api.paging import (
    CursorQuery,
    SearchQuery,
    refuse_cursor_with_search,
    send_page_links,
)
from warrantor.api.responses import errors
from warrantor.domain.actors import Role
from warrantor.http.dates import IsoDate
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.http.request_guard import guarded_router
from warrantor.services.access.users import require_admin
from warrantor.services.installed_base.ownership import COVERAGE_NOTE, transfer_unit
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.installed_base.unit_search import search_visible_units
from warrantor.services.installed_base.units import (
    DEALER_NOTE,
    UNITS_PAGE_MAX,
    page_visible_units,
    show_visible_unit,
)
from warrantor.store.units import UnitFilter
from warrantor.views.records import answer_from
from warrantor.views.units import (
    ImportOut,
    RejectOut,
    UnitOut,
    unit_out,
)

router = guarded_router(tags=["units"])

MAX_REJECTS_SHOWN = 1000


@router.get("/units", responses=errors(401, 422))
def get_units(
    request: Request,
    runtime: RuntimeDep,
    actor: ActorDep,
    response: Response,
    brand: str | None = None,
    model: str | None = None,
    line: Annotated[str | None, Query(description="Product line, e.g. TS-x53")] = None,
    country: str | None = None,
    purchased_from: IsoDate | None = None,
    purchased_to: IsoDate | None = None,
    q: SearchQuery = None,
    limit: Annotated[int, Query(ge=1, le=UNITS_PAGE_MAX)] = 100,
    cursor: CursorQuery = None,
) -> list[UnitOut]:
    """The caller's units matching every filter given, by brand then serial, a page at a
    time: ``Link: <...>; rel="next"`` (and ``X-Next-Cursor``) while there are more; not
    counted (``X-Total-Count-Kind: none``). A cursor not from this list: 422.

    With ``q``, a search of the caller's units instead (the filters aside): the unit
    whose serial is ``q``, then those whose serial or a word of whose model starts with
    it, then those of models like it; at most ``limit`` (up to 100) in one answer.

    A dealer's answer carries an ``X-Warrantor-Note`` header saying what a
    dealer can see (only units the maker invoiced to it)."""
    filters = UnitFilter(
        brand=brand,
        model=model,
        product_line=line,
        country=country.upper() if country else None,
        purchased_from=purchased_from,
        purchased_to=purchased_to,
        limit=limit,
    )
    if actor.role is Role.DEALER:
        response.headers["X-Warrantor-Note"] = DEALER_NOTE
    refuse_cursor_with_search(q, cursor)
    if q is not None:
        hits = search_visible_units(reads_for(request, runtime), actor, q, limit)
        return [unit_out(hit.unit) for hit in hits]
    page = page_visible_units(reads_for(request, runtime), actor, filters, cursor)
    send_page_links(request, response, page)
    return [unit_out(unit) for unit in page.items]


@router.get("/units/{brand}/{serial}", responses=errors(401, 404, 422))
def get_unit(brand: str, serial: str, runtime: RuntimeDep, actor: ActorDep) -> UnitOut:
    """One of the caller's units by brand and serial, with any finding that voids it."""
    return unit_out(show_visible_unit(runtime.uow_factory, actor, serial, brand))


class TransferIn(BaseModel):
    new_owner: str = Field(description="The code of the customer account that bought it")
    resale_proof: str = Field(description="The new owner's invoice or receipt of the resale")
    reason: str = ""


class TransferOut(BaseModel):
    unit: UnitOut
    coverage_note: str = Field(description="What becomes of the coverage, and on what ground")


@router.post("/units/{brand}/{serial}/owner", responses=errors(401, 403, 404, 422))
def post_unit_owner(
    brand: str, serial: str, body: TransferIn, runtime: RuntimeDep, actor: ActorDep
) -> TransferOut:
    """Record that the unit changed hands (staff): the new owner sees it, the old one no
    longer; coverage stays with the unit (``coverage_note``); audited."""
    unit = transfer_unit(
        runtime.uow_factory,
        actor,
        serial,
        brand,
        body.new_owner,
        body.resale_proof,
        body.reason,
        runtime.clock.now(),
    )
    return TransferOut(unit=unit_out(unit), coverage_note=COVERAGE_NOTE)


@router.post("/units/import", responses=errors(401, 403, 422))
def post_units_import(
    file: UploadFile,
    runtime: RuntimeDep,
    actor: ActorDep,
    skip_invalid: bool = False,
) -> ImportOut:
    """Import a units CSV (upsert by brand + serial). Any bad row: 422 listing the problems
    by row and column, nothing written; with ``skip_invalid`` the good rows are written and
    the rejects are returned. Warranty admins only."""
    require_admin(actor, "import units")
    summary = import_units(
        runtime.uow_factory,
        file.file,
        runtime.book,
        skip_invalid=skip_invalid,
        now=runtime.clock.now(),
        actor=actor,
    )
    rejects: list[RejectOut] = []
    if summary.rejects_path is not None:
        try:
            with summary.rejects_path.open(encoding="utf-8", newline="") as handle:
                for record in csv.DictReader(handle):
                    if len(rejects) == MAX_REJECTS_SHOWN:
                        break
                    row = int(record.pop("row"))
                    reasons = record.pop("reasons")
                    rejects.append(RejectOut(row=row, reasons=reasons, values=record))
        finally:
            summary.rejects_path.unlink(missing_ok=True)
    return answer_from(ImportOut, summary, rejects=rejects)
