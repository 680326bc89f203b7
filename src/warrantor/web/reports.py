"""Report pages (/reports/...): each a chart, the same figures as a table, and a CSV export.

The queries are in ``services.reports``; this module only shapes their rows
into a ``ReportView`` (columns and rows, shared by the table and the CSV) and
a chart. ``/reports/{name}.csv`` downloads exactly the table's rows. Every report takes
the filters of ``services.report_filters`` as query parameters (``brand``,
``product_line``, ``country``, ``service_centre``, ``start``, ``end``): a wrong one is a
422 naming it; the next-page link and the CSV keep them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from markupsafe import Markup, escape

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput, NotFound, PermissionDenied, Problem
from warrantor.http.deps import RuntimeDep
from warrantor.http.read_your_writes import reads_for
from warrantor.services import reports
from warrantor.services.accounts.names import account_names
from warrantor.services.report_filters import ReportFilter, report_filter
from warrantor.store.coverage_reports import EndingUnit
from warrantor.views.names import Names
from warrantor.web.access import PageActorDep
from warrantor.web.charts import Series, stacked_bars
from warrantor.web.rendering import page_router, render

router = page_router()

D = TypeVar("D", date, None)

EXPORT_PAGE = 5000
"""Rows per read (and per block written) when a paged report is exported whole."""


@dataclass(frozen=True, slots=True)
class ReportView:
    name: str
    title: str
    intro: str
    chart: Markup
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    numeric: frozenset[int] = frozenset()
    """Indexes of columns holding figures (right-aligned)."""
    more: str | None = None
    """The query of the next page of rows, when the table is one page of more."""
    export: Callable[[], Iterable[tuple[Any, ...]]] | None = None
    """Every row, page after page, for the CSV (``None``: the table's rows are all)."""

    @property
    def cell_opens(self) -> tuple[Markup, ...]:
        """Each column's ``<td ...>`` (its label for the stacked layout, ``num`` for
        figures), built once per page instead of once per cell."""
        return tuple(
            Markup('<td data-label="{}"{}>').format(
                column.replace("_", " "), Markup(' class="num"') if i in self.numeric else ""
            )
            for i, column in enumerate(self.columns)
        )

    @property
    def body(self) -> Markup:
        """The table's rows as HTML, each value escaped: what a Jinja loop over the rows
        and their cells wrote, in one pass (the loop's per-cell steps were most of the
        render of a page of 100 rows)."""
        opens = [str(o) for o in self.cell_opens]
        parts: list[str] = []
        for row in self.rows:
            parts.append("<tr>")
            for opening, cell in zip(opens, row, strict=True):
                parts += (opening, escape(cell), "</td>")
            parts.append("</tr>\n")
        return Markup("".join(parts))


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InvalidInput(
            f"{name} must be a whole number from {low} to {high}",
            [Problem(f"must be {low} to {high}", name)],
        )
    return int(raw)


FILTERS = ("brand", "product_line", "country", "service_centre")


def _filters(request: Request, runtime: Runtime, *, dated: bool = True) -> ReportFilter:
    """The report's filters from the query (``dated``: ``start`` and ``end`` too)."""
    given = {name: request.query_params.get(name) for name in FILTERS}
    start = _date_param(request, "start", None) if dated else None
    end = _date_param(request, "end", None) if dated else None
    return report_filter(runtime.book, **given, start=start, end=end)


def _rmas_per_line(request: Request, runtime: Runtime, actor: Actor) -> ReportView:
    months = _int_param(request, "months", 12, 1, 36)
    today = runtime.clock.today()
    filters = _filters(request, runtime)
    found = reports.rmas_per_line(reads_for(request, runtime), actor, today, months, filters)
    month_list = reports.months_back(today, months)
    lines = sorted({(r.brand, r.product_line) for r in found})
    per = {(r.month, r.brand, r.product_line): r.rmas for r in found}
    names = Names(runtime.book)
    series = [
        Series(
            names.line_name(brand, line) or f"{brand} (no line)",
            tuple(float(per.get((m, brand, line), 0)) for m in month_list),
        )
        for brand, line in lines
    ]
    total = sum(r.rmas for r in found)
    busiest = max(month_list, key=lambda m: sum(per.get((m, *bl), 0) for bl in lines))
    description = (
        f"{total} RMAs opened in the last {months} months across {len(lines)} product lines"
        + (f"; the busiest month was {busiest}." if total else ".")
    )
    return ReportView(
        name="rmas-per-line",
        title="RMAs per product line per month",
        intro=f"RMAs opened in each of the last {months} months (UTC), by product line.",
        chart=stacked_bars(
            "RMAs per product line per month", month_list, series, description, y_title="RMAs"
        ),
        columns=("month", "brand", "product_line", "product_line_name", "rmas"),
        rows=[
            (r.month, r.brand, r.product_line, names.line_name(r.brand, r.product_line), r.rmas)
            for r in found
        ],
        numeric=frozenset({4}),
    )


CLOCKS = {"rma_number": "RMA number issued", "repair": "Repair done"}


def _sla(request: Request, runtime: Runtime, actor: Actor) -> ReportView:
    months = _int_param(request, "months", 12, 1, 36)
    now = runtime.clock.now()
    filters = _filters(request, runtime)
    found = reports.sla_kept(reads_for(request, runtime), actor, now, months, filters)
    month_list = reports.months_back(now.date(), months)
    charts = []
    for clock, label in CLOCKS.items():
        rows = {r.month: r for r in found if r.clock == clock}
        kept = sum(r.kept for r in rows.values())
        late = sum(r.late for r in rows.values())
        series = [
            Series("kept", tuple(float(rows[m].kept if m in rows else 0) for m in month_list)),
            Series("late", tuple(float(rows[m].late if m in rows else 0) for m in month_list)),
        ]
        description = f"{label}: {kept} kept and {late} late over the last {months} months."
        chart = stacked_bars(label, month_list, series, description, y_title="clocks due")
        charts.append(Markup("<h2>{}</h2>").format(label) + chart)
    return ReportView(
        name="sla",
        title="SLA kept vs late",
        intro=(
            "For each promise of the policy (RMA number within N business days of validated "
            "documents; repair within N working days of receipt): clocks that came due each "
            "month, kept or late. A clock past due and not done counts as late already; "
            "'open' ones are not due yet."
        ),
        chart=Markup("".join(charts)),
        columns=("clock", "month_due", "kept", "late", "open"),
        rows=[(CLOCKS.get(r.clock, r.clock), r.month, r.kept, r.late, r.open) for r in found],
        numeric=frozenset({2, 3, 4}),
    )


def _expiring(request: Request, runtime: Runtime, actor: Actor) -> ReportView:
    days = _int_param(request, "days", 90, 1, 366)
    today = runtime.clock.today()
    after = request.query_params.get("cursor") or None
    filters = _filters(request, runtime)
    page = reports.expiring_coverage(
        reads_for(request, runtime), actor, today, days, cursor=after, filters=filters
    )
    weeks = (days + 6) // 7
    starts = [today + timedelta(days=7 * w) for w in range(weeks)]
    per_week: dict[str, list[float]] = {}
    for c in page.counts:  # one pass: each day's count into its brand's week
        week = (c.ends_on - today).days // 7
        if 0 <= week < weeks:
            per_week.setdefault(c.brand, [0.0] * weeks)[week] += c.units
    series = [Series(brand, tuple(per_week[brand])) for brand in sorted(per_week)]
    description = f"{page.total} units' coverage ends in the next {days} days, counted by week."

    names = Names(runtime.book)
    owners = account_names(reads_for(request, runtime), actor, [e.owner for e in page.rows])

    def every_row() -> Iterator[tuple[Any, ...]]:
        cursor: str | None = None
        while True:
            found = reports.expiring_coverage(
                reads_for(request, runtime),
                actor,
                today,
                days,
                cursor=cursor,
                limit=EXPORT_PAGE,
                filters=filters,
            )
            owners = account_names(
                reads_for(request, runtime), actor, [e.owner for e in found.rows]
            )
            yield from _expiring_rows(names, found.rows, owners)
            if found.next_cursor is None:
                return
            cursor = found.next_cursor

    shown = f"the first {len(page.rows)}" if not after else f"{len(page.rows)} more"
    return ReportView(
        name="expiring",
        title=f"Coverage expiring in the next {days} days",
        intro=(
            "Units covered from today, without a break, until their last coverage ends "
            "within the window, soonest first: candidates for an extension offer or a "
            f"reminder. {page.total} in all; {shown} below."
        ),
        chart=stacked_bars(
            "Coverage ending per week", [f"{s:%d %b}" for s in starts], series, description
        ),
        columns=(
            "ends_on",
            "brand",
            "serial",
            "model",
            "product_line",
            "product_line_name",
            "coverage",
            "owner",
            "owner_name",
        ),
        rows=list(_expiring_rows(names, page.rows, owners)),
        more=_next_page(request, page.next_cursor, days=str(days)),
        export=every_row,
    )


def _next_page(request: Request, cursor: str | None, **fixed: str) -> str | None:
    """The query of the next page: ``fixed`` first, then this page's (filters kept), with
    the next cursor."""
    if cursor is None:
        return None
    kept = {k: v for k, v in request.query_params.items() if k != "cursor" and k not in fixed}
    return "?" + urlencode({**fixed, **kept, "cursor": cursor})


def _expiring_rows(
    names: Names, rows: list[EndingUnit], owners: dict[str, str]
) -> Iterator[tuple[Any, ...]]:
    """Each unit's row: its product line's and owner's codes and, beside each, its name."""
    for e in rows:
        line_name = names.line_name(e.brand, e.product_line)
        yield (
            e.ends_on,
            e.brand,
            e.serial,
            e.model,
            e.product_line,
            line_name,
            e.kind,
            e.owner or "",
            owners.get(e.owner or "", ""),
        )


def _attach(request: Request, runtime: Runtime, actor: Actor) -> ReportView:
    today = runtime.clock.today()
    start = _date_param(request, "start", today - timedelta(days=365))
    end = _date_param(request, "end", today)
    filters = _filters(request, runtime, dated=False)
    found = reports.extension_attach(reads_for(request, runtime), actor, start, end, filters)
    labels = [Names(runtime.book).line_name(r.brand, r.product_line) for r in found]
    series = [Series("attach rate", tuple(round(r.percent, 1) for r in found))]
    description = "; ".join(
        f"{label}: {r.extended} of {r.invoiced} units ({r.percent:.1f}%)"
        for label, r in zip(labels, found, strict=True)
    )
    return ReportView(
        name="attach",
        title="Extension attach rate",
        intro=(
            f"Of the units first invoiced from {start} to {end}, the share that got an "
            "extended warranty, per product line."
        ),
        chart=stacked_bars(
            "Extension attach rate", labels, series, description or "No units.", unit="%"
        ),
        columns=(
            "brand",
            "product_line",
            "product_line_name",
            "units_invoiced",
            "units_extended",
            "attach_percent",
        ),
        rows=[
            (r.brand, r.product_line, label, r.invoiced, r.extended, f"{r.percent:.1f}")
            for label, r in zip(labels, found, strict=True)
        ],
        numeric=frozenset({3, 4, 5}),
    )


def _date_param(request: Request, name: str, default: D) -> date | D:
    raw = request.query_params.get(name, "")
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(
            f"{name} must be a date like 2026-11-23", [Problem("is not a date", name)]
        ) from None


REPORTS: dict[str, Callable[[Request, Runtime, Actor], ReportView]] = {
    "rmas-per-line": _rmas_per_line,
    "sla": _sla,
    "expiring": _expiring,
    "attach": _attach,
}
TITLES = {
    "rmas-per-line": "RMAs per product line per month",
    "sla": "SLA kept vs late",
    "expiring": "Coverage expiring in the next 90 days",
    "attach": "Extension attach rate",
}


@router.get("/reports", response_class=HTMLResponse)
def index(request: Request, actor: PageActorDep) -> HTMLResponse:
    if not actor.is_staff:
        raise PermissionDenied("reports are for the maker's staff")
    return render(request, "reports/index.html", {"titles": TITLES}, actor)


@router.get("/reports/{name}.csv")
def report_csv(request: Request, runtime: RuntimeDep, actor: PageActorDep, name: str) -> Response:
    """The report's rows as CSV (a header row of the column names): the table's rows, or
    for a paged report every page, streamed."""
    view = _view(request, runtime, actor, name)
    headers = {"Content-Disposition": f'attachment; filename="{name}-{runtime.clock.today()}.csv"'}
    rows = view.export() if view.export is not None else view.rows
    return StreamingResponse(
        _csv_blocks(view.columns, rows), media_type="text/csv; charset=utf-8", headers=headers
    )


def _csv_blocks(columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    """The CSV text, a block of rows at a time."""
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


@router.get("/reports/{name}", response_class=HTMLResponse)
def report_page(
    request: Request, runtime: RuntimeDep, actor: PageActorDep, name: str
) -> HTMLResponse:
    view = _view(request, runtime, actor, name)
    query = f"?{request.url.query}" if request.url.query else ""
    return render(request, "reports/report.html", {"view": view, "query": query}, actor)


def _view(request: Request, runtime: Runtime, actor: Actor, name: str) -> ReportView:
    build = REPORTS.get(name)
    if build is None:
        raise NotFound(f"no report named {name!r}")
    return build(request, runtime, actor)
