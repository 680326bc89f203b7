"""CLI.

Sell extended warranties: direct orders, payment, distributor quotes and assignments
(issue #4). The CLI acts as the operator (an admin): commands that buy name the
buying account with ``--account`` (a direct order defaults to the account the
unit was first invoiced to).

Direct:      offer -> order -> pay (or cancel); orders
Distributor: quote -> accept -> pay-quote -> assign; quotes, show-quote, balance,
             settle, settle-due
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from pydantic import BaseModel

from warrantor.cli import quote_assignments
from warrantor.cli.options import open_runtime, parse_day
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, print_pages
from warrantor.domain.actors import Actor
from warrantor.domain.sales import Order, Quote, Settlement
from warrantor.errors import InvalidInput, Problem
from warrantor.services.paging import Page
from warrantor.services.sales.orders import (
    cancel_order,
    offer_extension,
    page_orders,
    pay_order,
    place_order,
)
from warrantor.services.sales.payments import payment_method
from warrantor.services.sales.quote_assignments import assign_serials
from warrantor.services.sales.quote_detail import DETAIL_ASSIGNMENTS, DETAIL_REFUSALS, show_quote
from warrantor.services.sales.quotes import (
    accept_quote,
    page_quotes,
    pay_quote,
    request_quote,
    settle_due,
    settle_quote,
)
from warrantor.views.names import order_state, words
from warrantor.views.sales import (
    extension_out,
    offer_out,
    order_out,
    quote_detail_out,
    quote_out,
)

app = typer.Typer(help="Sell extended warranties", no_args_is_help=True)

JSON_HELP = "Print JSON"


def _print_json(value: BaseModel | list[BaseModel]) -> None:
    if isinstance(value, list):
        typer.echo(json.dumps([v.model_dump(mode="json") for v in value], indent=2))
    else:
        typer.echo(value.model_dump_json(indent=2))


def _order_line(order: Order) -> str:
    cert = f"  certificate {order.certificate_number}" if order.certificate_number else ""
    return (
        f"order {order.id}: {order.brand} {order.serial} ({order.model}) +{order.years}y "
        f"for {order.account_code}, {order.price}, ordered {order.ordered_on.isoformat()}, "
        f"{order_state(order.status).lower()}{cert}"
    )


def _quote_line(quote: Quote) -> str:
    settled = f", settled as {words(quote.settlement.value).lower()}" if quote.settlement else ""
    return (
        f"quote {quote.id}: {quote.account_code} {quote.quantity} x {quote.brand} {quote.model} "
        f"+{quote.years}y at {quote.unit_price} = {quote.total}, expires "
        f"{quote.expires_on.isoformat()}, {order_state(quote.status).lower()}, "
        f"assigned {quote.assigned}, "
        f"remaining {quote.remaining}{settled}"
    )


@app.command()
def offer(
    serial: str = typer.Argument(..., help="Serial number"),
    years: int = typer.Option(..., "--years", help="Extension period in years"),
    brand: str = typer.Option(None, "--brand", "-b", help="Brand, if the serial is ambiguous"),
    account: str = typer.Option(None, "--account", help="Buying account (default: first invoiced)"),
    on: str = typer.Option(None, "--on", help="Day to ask about (default: today)"),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Say whether +N years may be sold for a unit, its dates and price (writes nothing)."""
    runtime = open_runtime()
    day = parse_day(on, "--on") or runtime.clock.today()
    answer = offer_extension(
        runtime.uow_factory, runtime.book, Actor.operator(), serial, years, day, brand, account
    )
    out = offer_out(answer)
    if as_json:
        _print_json(out)
        return
    typer.echo(f"{out.brand} {out.serial} +{years}y for {out.buyer}: {out.outcome}")
    typer.echo(out.summary)
    if out.starts_on and out.ends_on:
        typer.echo(f"covers {out.starts_on.isoformat()} to {out.ends_on.isoformat()}")
    if out.price:
        typer.echo(f"price {out.price.text}")
    if out.clause_ids:
        typer.echo(f"clauses: {', '.join(out.clause_ids)}")


@app.command()
def order(
    serial: str = typer.Argument(..., help="Serial number"),
    years: int = typer.Option(..., "--years", help="Extension period in years"),
    brand: str = typer.Option(None, "--brand", "-b", help="Brand, if the serial is ambiguous"),
    account: str = typer.Option(None, "--account", help="Buying account (default: first invoiced)"),
    currency: str = typer.Option(None, "--currency", help="Price list currency, if several"),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Order an extension for one unit (refused with the clause if the policy forbids it)."""
    runtime = open_runtime()
    placed = place_order(
        runtime.uow_factory,
        runtime.book,
        Actor.operator(),
        serial,
        years,
        runtime.clock.now(),
        brand=brand,
        account=account,
        currency=currency,
    )
    if as_json:
        _print_json(order_out(placed))
        return
    typer.echo(_order_line(placed))


@app.command()
def pay(
    order_id: int = typer.Argument(..., help="Order id"),
    reference: str = typer.Option(..., "--reference", help="Bank transfer reference"),
    method: str = typer.Option("bank_transfer", "--method", help="Payment method"),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Record an order's payment: grants the extension and issues its certificate."""
    runtime = open_runtime()
    paid = pay_order(
        runtime.uow_factory,
        runtime.book,
        runtime.keys,
        Actor.operator(),
        order_id,
        payment_method(method),
        reference,
        runtime.clock.now(),
    )
    if as_json:
        _print_json(order_out(paid))
        return
    typer.echo(_order_line(paid))


@app.command()
def cancel(order_id: int = typer.Argument(..., help="Order id")) -> None:
    """Cancel an order awaiting payment."""
    runtime = open_runtime()
    typer.echo(
        _order_line(
            cancel_order(runtime.uow_factory, Actor.operator(), order_id, runtime.clock.now())
        )
    )


@app.command()
def orders(
    status: str = typer.Option(None, "--status", help="awaiting_payment, paid or cancelled"),
    account: str = typer.Option(None, "--account", help="Only this account's"),
    limit: int = typer.Option(100, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """List direct orders, newest first, a page at a time (not counted)."""
    uow_factory = open_runtime().uow_factory

    def read(after: str | None) -> Page[Order]:
        return page_orders(uow_factory, Actor.operator(), status, account, limit, after)

    def shape(found: Order) -> Any:
        return order_out(found).model_dump(mode="json")

    print_pages(read, cursor, every, as_json, lambda o: typer.echo(_order_line(o)), "order", shape)


@app.command()
def quote(
    account: str = typer.Option(..., "--account", help="The distributor asking"),
    model: str = typer.Option(..., "--model", help="Product model, e.g. 'TS-453 Pro'"),
    quantity: int = typer.Option(..., "--quantity", help="How many units"),
    years: int = typer.Option(..., "--years", help="Extension period in years"),
    brand: str = typer.Option(..., "--brand", "-b", help="Brand, e.g. QNAP"),
    currency: str = typer.Option(None, "--currency", help="Price list currency, if several"),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Quote a distributor: unit price from the list in force x quantity, valid 30 days."""
    runtime = open_runtime()
    made = request_quote(
        runtime.uow_factory,
        runtime.book,
        Actor.operator(),
        brand=brand,
        model=model,
        quantity=quantity,
        years=years,
        now=runtime.clock.now(),
        account=account,
        currency=currency,
    )
    if as_json:
        _print_json(quote_out(made))
        return
    typer.echo(_quote_line(made))


@app.command()
def accept(quote_id: int = typer.Argument(..., help="Quote id")) -> None:
    """Accept a quote's price on the distributor's behalf (before it expires)."""
    runtime = open_runtime()
    typer.echo(
        _quote_line(
            accept_quote(runtime.uow_factory, Actor.operator(), quote_id, runtime.clock.now())
        )
    )


@app.command("pay-quote")
def pay_quote_(
    quote_id: int = typer.Argument(..., help="Quote id"),
    reference: str = typer.Option(..., "--reference", help="Bank transfer reference"),
    method: str = typer.Option("bank_transfer", "--method", help="Payment method"),
) -> None:
    """Record an accepted quote's payment; its quantity becomes the distributor's balance."""
    runtime = open_runtime()
    paid = pay_quote(
        runtime.uow_factory,
        Actor.operator(),
        quote_id,
        payment_method(method),
        reference,
        runtime.clock.now(),
    )
    typer.echo(_quote_line(paid))


@app.command()
def assign(
    quote_id: int = typer.Argument(..., help="Quote id"),
    serials: list[str] = typer.Argument(None, help="Serials to assign"),
    file: Path = typer.Option(
        None, "--file", help="A file of serials, one a line", exists=True, dir_okay=False
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """Assign serials to a paid quote: all or none; refusals are kept on the quote."""
    wanted = list(serials or [])
    if file is not None:
        wanted += [line.strip() for line in file.read_text(encoding="utf-8").splitlines()]
        wanted = [s for s in wanted if s]
    if not wanted:
        raise InvalidInput("name serials, or --file", [Problem("no serials given", "serials")])
    runtime = open_runtime()
    result = assign_serials(
        runtime.uow_factory,
        runtime.book,
        runtime.keys,
        Actor.operator(),
        quote_id,
        wanted,
        runtime.clock.now(),
    )
    if as_json:
        _print_json([extension_out(g) for g in result.granted])
        return
    for granted in result.granted:
        typer.echo(
            f"{granted.serial}: +{granted.years}y {granted.starts_on.isoformat()} to "
            f"{granted.ends_on.isoformat()}, certificate {granted.certificate_number}"
        )
    typer.echo(_quote_line(result.quote))


@app.command()
def quotes(
    status: str = typer.Option(None, "--status", help="quoted, accepted, paid or settled"),
    account: str = typer.Option(None, "--account", help="Only this distributor's"),
    limit: int = typer.Option(100, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """List quotes, newest first, a page at a time (not counted)."""
    uow_factory = open_runtime().uow_factory

    def read(after: str | None) -> Page[Quote]:
        return page_quotes(uow_factory, Actor.operator(), status, account, limit, after)

    def shape(found: Quote) -> Any:
        return quote_out(found).model_dump(mode="json")

    print_pages(read, cursor, every, as_json, lambda q: typer.echo(_quote_line(q)), "quote", shape)


@app.command("show-quote")
def show_quote_(
    quote_id: int = typer.Argument(..., help="Quote id"),
    limit: int = typer.Option(
        DETAIL_ASSIGNMENTS,
        "--limit",
        help="At most this many assigned serials (the rest: "
        "'more:' names the 'extensions assignments' command that lists them)",
    ),
    refusals_limit: int = typer.Option(
        DETAIL_REFUSALS,
        "--refusals-limit",
        help="At most this many refused attempts (the "
        "rest: 'more:' names the 'extensions refusals' command that lists them)",
    ),
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """One quote with the first page of its assignments and of its refused attempts."""
    runtime = open_runtime()
    detail = show_quote(runtime.uow_factory, runtime.book, Actor.operator(), quote_id, limit,
                        refusals_limit=refusals_limit)  # fmt: skip
    for listing, more in (("assignments", detail.assignments.next_cursor),
                          ("refusals", detail.refusals.next_cursor)):  # fmt: skip
        if more is not None:
            typer.echo(f"more: warrantor extensions {listing} {quote_id} --cursor {more}", err=True)
    if as_json:
        _print_json(quote_detail_out(detail))
        return
    typer.echo(_quote_line(detail.quote))
    if detail.usable_until:
        typer.echo(f"balance usable until {detail.usable_until.isoformat()}")
    for a in detail.assignments.items:
        typer.echo(f"  assigned {a.serial}  certificate {a.certificate_number}")
    for r in detail.refusals.items:
        clauses = f" ({', '.join(r.clause_ids)})" if r.clause_ids else ""
        typer.echo(f"  refused  {r.serial}: {r.reason}{clauses}")


@app.command()
def settle(
    quote_id: int = typer.Argument(..., help="Quote id"),
    reference: str = typer.Option(..., "--reference", help="Credit note or refund reference"),
    refund: bool = typer.Option(
        False, "--refund/--credit-note", help="Refund the balance (default: a credit note)"
    ),
) -> None:
    """Close a paid quote's balance now, as a credit note or a refund."""
    runtime = open_runtime()
    kind = Settlement.REFUND if refund else Settlement.CREDIT_NOTE
    settled = settle_quote(
        runtime.uow_factory, Actor.operator(), quote_id, kind, reference, runtime.clock.now()
    )
    typer.echo(_quote_line(settled))


@app.command("settle-due")
def settle_due_() -> None:
    """Turn every balance past its usable-until day into a credit note (run daily)."""
    runtime = open_runtime()
    settled = settle_due(runtime.uow_factory, runtime.book, Actor.operator(), runtime.clock.now())
    for q in settled:
        typer.echo(_quote_line(q))
    typer.echo(f"({len(settled)} balance{'s' if len(settled) != 1 else ''} settled)")


quote_assignments.register(app)
