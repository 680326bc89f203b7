"""CLI: Price lists for extended warranties (issue #4).

The CLI acts as the operator (an admin), so it may add and retire lists.
"""

from __future__ import annotations

from typing import Any

import typer

from warrantor.cli.options import open_runtime, parse_day
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, print_pages
from warrantor.domain.actors import Actor
from warrantor.domain.sales import PriceList
from warrantor.errors import InvalidInput, Problem
from warrantor.services.paging import Page
from warrantor.services.sales.prices import add_price, page_prices, parse_money, retire_price
from warrantor.store.sales_prices import NewPrice
from warrantor.views.sales import price_out

app = typer.Typer(help="Price lists for extended warranties (issue #4).", no_args_is_help=True)


def _line(price: PriceList) -> str:
    until = price.valid_until.isoformat() if price.valid_until else "open"
    retired = "  RETIRED" if price.retired else ""
    return (
        f"{price.id:>4}  {price.brand} {price.product_line} +{price.years}y  {price.price}  "
        f"{price.valid_from.isoformat()}..{until}{retired}  {price.note}"
    ).rstrip()


@app.command()
def add(
    brand: str = typer.Argument(..., help="Brand, e.g. QNAP"),
    line: str = typer.Argument(..., help="Product line id, e.g. TS-x53"),
    years: int = typer.Argument(..., help="Extension period in years, e.g. 2"),
    amount: str = typer.Argument(..., help="Price, e.g. 129.00"),
    currency: str = typer.Option("USD", "--currency", help="ISO 4217 code"),
    valid_from: str = typer.Option(..., "--from", help="First valid day, YYYY-MM-DD"),
    valid_until: str = typer.Option(
        None, "--until", help="Last valid day (inclusive), YYYY-MM-DD; none: open-ended"
    ),
    note: str = typer.Option("", "--note", help="E.g. 'demo figure'"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Add a price list; refused if it shares a day with another for the same period."""
    start = parse_day(valid_from, "--from")
    if start is None:  # typer makes --from required; kept for the type checker
        raise InvalidInput("--from is required", [Problem("is required", "--from")])
    runtime = open_runtime()
    new = NewPrice(
        brand=brand,
        product_line=line,
        years=years,
        price=parse_money(amount, currency),
        valid_from=start,
        valid_until=parse_day(valid_until, "--until"),
        note=note,
    )
    added = add_price(runtime.uow_factory, runtime.book, Actor.operator(), new, runtime.clock.now())
    if as_json:
        typer.echo(price_out(added).model_dump_json(indent=2))
        return
    typer.echo(f"price list {added.id} added: {_line(added)}")


@app.command("list")
def list_(
    brand: str = typer.Option(None, "--brand", help="Only this brand"),
    line: str = typer.Option(None, "--line", help="Only this product line"),
    on: str = typer.Option(None, "--on", help="Only lists in force that day, YYYY-MM-DD"),
    include_retired: bool = typer.Option(False, "--retired", help="Include retired lists"),
    limit: int = typer.Option(100, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """List price lists by brand, line, period, currency and start day, a page at a time
    (not counted)."""
    uow_factory = open_runtime().uow_factory
    day = parse_day(on, "--on")

    def read(after: str | None) -> Page[PriceList]:
        return page_prices(
            uow_factory, Actor.operator(), brand, line, day, include_retired, limit, after
        )

    def echo(price: PriceList) -> None:
        typer.echo(_line(price))

    def shape(price: PriceList) -> Any:
        return price_out(price).model_dump(mode="json")

    print_pages(read, cursor, every, as_json, echo, "price list", shape)


@app.command()
def retire(
    price_id: int = typer.Argument(..., help="Price list id (see 'prices list')"),
    last_day: str = typer.Option(
        None, "--last-day", help="End the list on this day instead of withdrawing it"
    ),
) -> None:
    """Withdraw a price list, or end it on --last-day. Orders keep their price."""
    runtime = open_runtime()
    retired = retire_price(
        runtime.uow_factory,
        Actor.operator(),
        price_id,
        runtime.clock.now(),
        parse_day(last_day, "--last-day"),
    )
    typer.echo(f"price list {retired.id}: {_line(retired)}")
