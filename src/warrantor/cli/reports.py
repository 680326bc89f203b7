"""`warrantor reports ...`: the reports (issue #23, item 3), over ``services.reports``.

Each takes the filters of ``services.report_filters`` (``--brand``, ``--line``,
``--country``, ``--centre``, ``--from``, ``--to``; written once, in ``cli.report_options``):
a wrong one, or one the report cannot apply, stops the command with exit code 2 naming it.
Rows print as they are read: text, ``--csv`` (a header, then a line a row) or ``--json``
(one array). The expiring report lists units a page at a time (``--limit``; ``more:
--cursor ...`` on stderr) and ``--all`` reads every page. The CLI runs as the operator
(staff).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from datetime import timedelta

import typer
from pydantic import BaseModel

from warrantor.cli.options import open_runtime, parse_day
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, echo_json_array, pages
from warrantor.cli.report_options import FILTER_OPTIONS, FilterOptions, by_option, filter_options
from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput, Problem
from warrantor.services import reports
from warrantor.services.paging import Page
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

MONTHS = typer.Option(12, "--months", min=1, max=36, help="How many months back")
CSV = typer.Option(False, "--csv", help="Print CSV: a header, then a line a row")
JSON = typer.Option(False, "--json", help="Print the rows as a JSON array")


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
@filter_options()
def rmas_per_line(
    months: int = MONTHS,
    options: FilterOptions = FILTER_OPTIONS,
    as_csv: bool = CSV,
    as_json: bool = JSON,
) -> None:
    """RMAs opened per brand and product line per month (UTC); --from/--to: the day opened."""
    with by_option():
        runtime = open_runtime()
        filters = options.checked(runtime)
        found = reports.rmas_per_line(
            runtime.uow_factory, Actor.operator(), runtime.clock.today(), months, filters
        )
        names = Names(runtime.book)
        _print(RmaCountOut, (rma_count_out(names, r) for r in found), as_csv, as_json)


@app.command("sla")
@filter_options()
def sla(
    months: int = MONTHS,
    options: FilterOptions = FILTER_OPTIONS,
    as_csv: bool = CSV,
    as_json: bool = JSON,
) -> None:
    """Each RMA clock that came due per month due: kept, late, open; --from/--to: day due."""
    with by_option():
        runtime = open_runtime()
        filters = options.checked(runtime)
        found = reports.sla_kept(
            runtime.uow_factory, Actor.operator(), runtime.clock.now(), months, filters
        )
        _print(SlaMonthOut, (sla_month_out(r) for r in found), as_csv, as_json)


@app.command("attach")
@filter_options(start_help="First invoiced from (a year ago)", end_help="First invoiced to (today)")
def attach(
    options: FilterOptions = FILTER_OPTIONS,
    as_csv: bool = CSV,
    as_json: bool = JSON,
) -> None:
    """Of the units first invoiced in the period, the share with an extended warranty."""
    with by_option():
        runtime = open_runtime()
        filters = options.unit_filter(runtime)
        today = runtime.clock.today()
        first = parse_day(options.start, "--from") or today - timedelta(days=365)
        last = parse_day(options.end, "--to") or today
        operator = Actor.operator()
        found = reports.extension_attach(runtime.uow_factory, operator, first, last, filters)
        names = Names(runtime.book)
        _print(AttachRateOut, (attach_rate_out(names, r) for r in found), as_csv, as_json)


@app.command("expiring")
@filter_options()
def expiring(
    days: int = typer.Option(90, "--days", min=1, max=366, help="The window, in days"),
    options: FilterOptions = FILTER_OPTIONS,
    limit: int = typer.Option(100, "--limit", min=1, max=5000, help="Rows a page (a read)"),
    cursor: str | None = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_csv: bool = CSV,
    as_json: bool = JSON,
) -> None:
    """Units whose coverage ends within --days, soonest first, a page at a time (--all:
    every page); --centre, --from and --to are refused by name (the window is days)."""
    with by_option():
        runtime = open_runtime()
        filters = options.checked(runtime)
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
