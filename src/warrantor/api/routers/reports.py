"""Routes: the reports (issue #23, item 3), for the maker's staff, over ``services.reports``.

Each report takes the filters of ``services.report_filters`` as query parameters
(``brand``, ``product_line``, ``country``, ``service_centre``, ``start``, ``end``): a wrong
one, or one the report cannot apply, is a 422 naming it, as on the report pages. JSON by
default; ``format=csv`` (or ``Accept: text/csv``) streams the rows as CSV. The expiring
report lists units: its JSON pages by cursor as every list does (``limit``, ``cursor``,
``Link: <...>; rel="next"``, ``X-Next-Cursor``; ``X-Total-Count``: the window's units,
counted anyway for the report's chart), and its CSV streams every row, reading page
after page. Customers and distributors are refused (403), as on the pages.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from warrantor.api.paging import CursorQuery, send_page_links
from warrantor.api.responses import errors
from warrantor.bootstrap import Runtime
from warrantor.http.deps import ActorDep, RuntimeDep
from warrantor.http.request_guard import guarded_router
from warrantor.services import reports
from warrantor.services.paging import Page
from warrantor.services.report_filters import ReportFilter, report_filter
from warrantor.views.names import Names
from warrantor.views.reports import (
    AttachRateOut,
    ExpiringOut,
    RmaCountOut,
    SlaMonthOut,
    attach_rate_out,
    columns,
    expiring_out,
    rma_count_out,
    sla_month_out,
    values,
)

router = guarded_router(tags=["reports"])

EXPORT_PAGE = 5000
"""Rows per read (and per block written) when a paged report streams as CSV."""

BrandQuery = Annotated[str | None, Query(description="Only this brand (e.g. QNAP)")]
LineQuery = Annotated[str | None, Query(description="Only this product line (its id)")]
CountryQuery = Annotated[
    str | None,
    Query(description="Two letters: the RMA's service country, or a unit's country of purchase"),
]
CentreQuery = Annotated[str | None, Query(description="Only RMAs at this service centre (its id)")]
StartQuery = Annotated[date | None, Query(description="From this day (included)")]
EndQuery = Annotated[date | None, Query(description="To this day (included)")]
MonthsQuery = Annotated[int, Query(ge=1, le=36, description="How many months back")]
FormatQuery = Annotated[
    Literal["json", "csv"] | None,
    Query(description="csv: stream every row as CSV (as Accept: text/csv does)"),
]


def _filters(
    runtime: RuntimeDep,
    brand: BrandQuery = None,
    product_line: LineQuery = None,
    country: CountryQuery = None,
    service_centre: CentreQuery = None,
    start: StartQuery = None,
    end: EndQuery = None,
) -> ReportFilter:
    """The report's filters, checked (``InvalidInput`` naming a wrong one: a 422)."""
    return report_filter(
        runtime.book,
        brand=brand,
        product_line=product_line,
        country=country,
        service_centre=service_centre,
        start=start,
        end=end,
    )


def _unit_filters(
    runtime: RuntimeDep,
    brand: BrandQuery = None,
    product_line: LineQuery = None,
    country: CountryQuery = None,
    service_centre: CentreQuery = None,
) -> ReportFilter:
    """The filters of a report whose ``start`` and ``end`` are its own period, not a filter."""
    return _filters(runtime, brand, product_line, country, service_centre)


FiltersDep = Annotated[ReportFilter, Depends(_filters)]
UnitFiltersDep = Annotated[ReportFilter, Depends(_unit_filters)]


def _wants_csv(request: Request, format: str | None) -> bool:
    if format is not None:
        return format == "csv"
    return "text/csv" in request.headers.get("accept", "")


def _csv(
    name: str, runtime: Runtime, columns: list[str], rows: Iterable[tuple[Any, ...]]
) -> Response:
    """``rows`` as CSV, streamed a block at a time."""

    def blocks() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        for index, row in enumerate(rows, start=1):
            writer.writerow(row)
            if index % EXPORT_PAGE == 0:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    disposition = f'attachment; filename="{name}-{runtime.clock.today()}.csv"'
    return StreamingResponse(
        blocks(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )


CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "JSON, or CSV when asked"}
}


@router.get("/reports/rmas-per-line", responses={**CSV_RESPONSE, **errors(401, 403, 422)})
def rmas_per_line(
    request: Request,
    runtime: RuntimeDep,
    actor: ActorDep,
    filters: FiltersDep,
    months: MonthsQuery = 12,
    format: FormatQuery = None,
) -> Any:
    """RMAs opened per brand and product line per month (UTC); the dates: the day opened."""
    today = runtime.clock.today()
    found = reports.rmas_per_line(runtime.uow_factory, actor, today, months, filters)
    names = Names(runtime.book)
    rows = [rma_count_out(names, r) for r in found]
    return _answer(request, runtime, "rmas-per-line", format, RmaCountOut, rows)


def _answer(
    request: Request,
    runtime: Runtime,
    name: str,
    format: str | None,
    model: type[BaseModel],
    rows: Iterable[Any],
) -> Any:
    """``rows`` as JSON, or (asked for CSV) streamed as CSV, read while written."""
    if not _wants_csv(request, format):
        return rows
    return _csv(name, runtime, columns(model), (values(row) for row in rows))


@router.get("/reports/sla", responses={**CSV_RESPONSE, **errors(401, 403, 422)})
def sla(
    request: Request,
    runtime: RuntimeDep,
    actor: ActorDep,
    filters: FiltersDep,
    months: MonthsQuery = 12,
    format: FormatQuery = None,
) -> Any:
    """Each RMA clock that came due (rma_number, repair) per month due: kept, late, open;
    the dates: the day due."""
    now = runtime.clock.now()
    found = reports.sla_kept(runtime.uow_factory, actor, now, months, filters)
    rows = [sla_month_out(r) for r in found]
    return _answer(request, runtime, "sla", format, SlaMonthOut, rows)


@router.get("/reports/attach", responses={**CSV_RESPONSE, **errors(401, 403, 422)})
def attach(
    request: Request,
    runtime: RuntimeDep,
    actor: ActorDep,
    filters: UnitFiltersDep,
    start: Annotated[date | None, Query(description="First invoiced from (a year ago)")] = None,
    end: Annotated[date | None, Query(description="First invoiced to (today)")] = None,
    format: FormatQuery = None,
) -> Any:
    """Of the units first invoiced from start to end, how many got an extended warranty,
    per brand and product line (units have no service centre: refused by name)."""
    today = runtime.clock.today()
    period = (start or today - timedelta(days=365), end or today)
    found = reports.extension_attach(runtime.uow_factory, actor, *period, filters)
    names = Names(runtime.book)
    rows = [attach_rate_out(names, r) for r in found]
    return _answer(request, runtime, "attach", format, AttachRateOut, rows)


@router.get("/reports/expiring", responses={**CSV_RESPONSE, **errors(401, 403, 422)})
def expiring(
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    actor: ActorDep,
    filters: FiltersDep,
    days: Annotated[int, Query(ge=1, le=366, description="The window, in days")] = 90,
    limit: Annotated[int, Query(ge=1, le=500)] = reports.EXPIRING_PAGE,
    cursor: CursorQuery = None,
    format: FormatQuery = None,
) -> Any:
    """Units whose coverage ends within days, soonest first, a page at a time (CSV: every
    row); a service centre or a date range is refused by name (the window is days)."""
    today = runtime.clock.today()
    names = Names(runtime.book)

    def read(after: str | None, size: int) -> tuple[list[ExpiringOut], str | None]:
        page = reports.expiring_coverage(
            runtime.uow_factory, actor, today, days, cursor=after, limit=size, filters=filters
        )
        totals.append(page.total)
        return [expiring_out(names, row) for row in page.rows], page.next_cursor

    totals: list[int] = []
    first, after = read(cursor, EXPORT_PAGE if _wants_csv(request, format) else limit)
    if not _wants_csv(request, format):
        send_page_links(request, response, Page(first, after, totals[0]))
        return first
    return _answer(request, runtime, "expiring", format, ExpiringOut, _pages(first, after, read))


def _pages(
    first: list[ExpiringOut],
    after: str | None,
    read: Callable[[str | None, int], tuple[list[ExpiringOut], str | None]],
) -> Iterator[ExpiringOut]:
    yield from first
    while after is not None:
        rows, after = read(after, EXPORT_PAGE)
        yield from rows
