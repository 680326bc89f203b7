"""`warrantor reports ...`: the reports (issue #23, item 3), over ``services.reports``.

Each takes the filters of ``services.report_filters`` (``--brand``, ``--line``,
``--country``, ``--centre``, ``--from``, ``--to``): a wrong one, or one the report cannot
apply, stops the command with exit code 2 naming it. Rows print as they are read: text,
``--csv`` (a header, then a line a row) or ``--json`` (one array). The expiring report
lists units a page at a time (``--limit``; ``more: --cursor ...`` on stderr) and
``--all`` reads every page. The CLI runs as the operator (staff).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import typer
from pydantic import BaseModel

from warrantor.bootstrap import Runtime
from warrantor.cli.options import open_runtime, parse_day
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, echo_json_array, pages
from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput, Problem
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

app = typer.Typer(
    help="Reports: RMAs per line, SLA kept, coverage expiring, extension attach rate.",
    no_args_is_help=True,
)

BRAND = typer.Option(None, "--brand", help="Only this brand (e.g. QNAP)")
LINE = typer.Option(None, "--line", help="Only this product line (its id)")
COUNTRY = typer.Option(
    None, "--country", help="Two letters: an RMA's service country, a unit's of purchase"
)
CENTRE = typer.Option(None, "--centre", help="Only RMAs at this service centre (its id)")
FROM = typer.Option(None, "--from", help="From this day (YYYY-MM-DD, included)")
TO = typer.Option(None, "--to", help="To this day (YYYY-MM-DD, included)")
MONTHS = typer.Option(12, "--months", min=1, max=36, help="How many months back")
CSV = typer.Option(False, "--csv", help="Print CSV: a header, then a line a row")
JSON = typer.Option(False, "--json", help="Print the rows as a JSON array")


OPTIONS = {
    "brand": "--brand",
    "product_line": "--line",
    "country": "--country",
    "service_centre": "--centre",
    "start": "--from",
    "end": "--to",
}
"""Each filter's option: a problem the services name by field is told by option here."""


@contextmanager
def _by_option() -> Iterator[None]:
    """``InvalidInput`` from the filters or a report, its problems named by option."""
    try:
        yield
    except InvalidInput as error:
        problems = [Problem(p.message, OPTIONS.get(p.field or "", p.field)) for p in error.problems]
        message = error.message
        for field, option in OPTIONS.items():
            if message.startswith(f"{field}:"):
                message = option + message.removeprefix(field)
        raise InvalidInput(message, problems) from None


def _filters(
    runtime: Runtime,
    brand: str | None,
    line: str | None,
    country: str | None,
    centre: str | None,
    start: str | None = None,
    end: str | None = None,
) -> ReportFilter:
    """The checked filters."""
    return report_filter(
        runtime.book,
        brand=brand,
        product_line=line,
        country=country,
        service_centre=centre,
        start=parse_day(start, "--from"),
        end=parse_day(end, "--to"),
    )


def _print(
    model: type[BaseModel],
    rows: Iterable[BaseModel],
    as_csv: bool,
    as_json: bool,
) -> None:
    """``rows`` as they are read: CSV, a JSON array, or a line each of labelled values."""
    if as_csv and as_json:
        message = "choose one of --csv and --json"
        raise InvalidInput(message, [Problem("does not go with --json", "--csv")])
    if as_json:
        echo_json_array(iter(rows), lambda row: row.model_dump(mode="json"))
        return
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns(model))
        for row in rows:
            writer.writerow(values(row))
        return
    for row in rows:
        shown = (f"{name}={'' if v is None else v}" for name, v in row.model_dump().items())
        typer.echo("  ".join(shown))


@app.command("rmas-per-line")
def rmas_per_line(
    months: int = MONTHS,
    brand: str | None = BRAND,
    line: str | None = LINE,
    country: str | None = COUNTRY,
    centre: str | None = CENTRE,
    start: str | None = FROM,
    end: str | None = TO,
    as_csv: bool = CSV,
    as_json: bool = JSON,
) -> None:
    """RMAs opened per brand and product line per month (UTC); --from/--to: the day opened."""
    with _by_option():
        runtime = open_runtime()
        filters = _filters(runtime, brand, line, country, centre, start, end)
        found = reports.rmas_per_line(
            runtime.uow_factory, Actor.operator(), runtime.clock.today(), months, filters
        )
        names = Names(runtime.book)
        _print(RmaCountOut, (rma_count_out(names, r) for r in found), as_csv, as_json)


@app.command("sla")
def sla(
    months: int = MONTHS,
    brand: str | None = BRAND,
    line: str | None = LINE,
    country: str | None = COUNTRY,
    centre: str | None = CENTRE,
    start: str | None = FROM,
    end: str | None = TO,
    as_csv: bool = CSV,
    as_json: bool = JSON,
) -> None:
    """Each RMA clock that came due per month due: kept, late, open; --from/--to: day due."""
    with _by_option():
        runtime = open_runtime()
        filters = _filters(runtime, brand, line, country, centre, start, end)
        found = reports.sla_kept(
            runtime.uow_factory, Actor.operator(), runtime.clock.now(), months, filters
        )
        _print(SlaMonthOut, (sla_month_out(r) for r in found), as_csv, as_json)


@app.command("attach")
def attach(
    brand: str | None = BRAND,
    line: str | None = LINE,
    country: str | None = COUNTRY,
    centre: str | None = CENTRE,
    start: str | None = typer.Option(None, "--from", help="First invoiced from (a year ago)"),
    end: str | None = typer.Option(None, "--to", help="First invoiced to (today)"),
    as_csv: bool = CSV,
    as_json: bool = JSON,
) -> None:
    """Of the units first invoiced in the period, the share with an extended warranty."""
    with _by_option():
        runtime = open_runtime()
        filters = _filters(runtime, brand, line, country, centre)
        today = runtime.clock.today()
        first = parse_day(start, "--from") or today - timedelta(days=365)
        last = parse_day(end, "--to") or today
        operator = Actor.operator()
        found = reports.extension_attach(runtime.uow_factory, operator, first, last, filters)
        names = Names(runtime.book)
        _print(AttachRateOut, (attach_rate_out(names, r) for r in found), as_csv, as_json)


@app.command("expiring")
def expiring(
    days: int = typer.Option(90, "--days", min=1, max=366, help="The window, in days"),
    brand: str | None = BRAND,
    line: str | None = LINE,
    country: str | None = COUNTRY,
    centre: str | None = CENTRE,
    start: str | None = FROM,
    end: str | None = TO,
    limit: int = typer.Option(100, "--limit", min=1, max=5000, help="Rows a page (a read)"),
    cursor: str | None = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_csv: bool = CSV,
    as_json: bool = JSON,
) -> None:
    """Units whose coverage ends within --days, soonest first, a page at a time (--all:
    every page); --centre, --from and --to are refused by name (the window is days)."""
    with _by_option():
        runtime = open_runtime()
        filters = _filters(runtime, brand, line, country, centre, start, end)
        today = runtime.clock.today()
        names = Names(runtime.book)

        def read(after: str | None) -> Page[ExpiringOut]:
            page = reports.expiring_coverage(
                runtime.uow_factory,
                Actor.operator(),
                today,
                days,
                cursor=after,
                limit=limit,
                filters=filters,
            )
            return Page([expiring_out(names, row) for row in page.rows], page.next_cursor)

        served = [read(cursor)]  # a wrong cursor or filter stops here, before any row is printed

        def again(after: str | None) -> Page[ExpiringOut]:
            return served.pop() if served else read(after)

        rows: Iterator[ExpiringOut] = pages(again, cursor, every)
        _print(ExpiringOut, rows, as_csv, as_json)
