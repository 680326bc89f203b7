"""``warrantor rma receive`` and ``warrantor rma unauthorized ...``: parcels at the service point.

A parcel is matched to its RMA by the number on it, or held as an unauthorized
return; held ones are charged, returned to their sender or disposed of, as the
brand's policy allows. ``cli.rma`` calls ``register`` to add these to its
group. The CLI acts as the operator (admin).
"""

from __future__ import annotations

import typer

from warrantor.cli.options import open_runtime, print_json
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, print_pages
from warrantor.cli.rma_text import JSON_OPTION, due_text, echo_parcel, rma_line
from warrantor.domain.actors import Actor
from warrantor.domain.rma_parcels import Parcel
from warrantor.services.paging import Page
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.rma.unauthorized import (
    dispose,
    page_unauthorized,
    record_cost,
    return_to_sender,
)
from warrantor.views.amounts import minor_units

OPERATOR = Actor.operator()

unauthorized_app = typer.Typer(
    help="Units that arrived without a valid RMA number: held, charged, returned, disposed.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add ``receive`` and the ``unauthorized`` group to the ``rma`` group."""
    app.command()(receive)
    app.add_typer(unauthorized_app, name="unauthorized")


def receive(
    number: str = typer.Option(None, "--number", help="The RMA number on the parcel, if any"),
    brand: str = typer.Option(None, "--brand", help="Brand, when the parcel names no RMA"),
    serial: str = typer.Option(None, "--serial", help="Serial on the unit in the parcel"),
    sender: str = typer.Option("", "--sender", help="Sender's name"),
    sender_contact: str = typer.Option("", "--sender-contact", help="Sender's address or e-mail"),
    sender_account: str = typer.Option(None, "--sender-account", help="Sender's account code"),
    carrier: str = typer.Option("", "--carrier", help="Carrier that delivered it"),
    tracking: str = typer.Option("", "--tracking", help="Its tracking number"),
    note_text: str = typer.Option("", "--note", help="A note"),
    centre: str = typer.Option(
        None,
        "--service-centre",
        help="The receiving centre's id (default: the RMA's, else the brand's first)",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Receive a parcel: matched to its RMA, or held as an unauthorized return."""
    runtime = open_runtime()
    arrival = ParcelArrival(
        rma_number=number,
        brand=brand,
        serial=serial,
        sender_name=sender,
        sender_contact=sender_contact,
        sender_account=sender_account,
        carrier=carrier,
        tracking=tracking,
        note=note_text,
        service_centre=centre,
    )
    received = receive_parcel(
        runtime.uow_factory, runtime.book, OPERATOR, arrival, runtime.clock.now()
    )
    if as_json:
        print_json({"parcel": received.parcel, "rma": received.rma})
        return
    if received.rma is not None:
        typer.echo(rma_line(received.rma))
        typer.echo(f"repair due: {due_text(received.rma.repair_due)}")
    else:
        echo_parcel(received.parcel, as_json=False)


@unauthorized_app.command("list")
def unauthorized_list(
    status: list[str] = typer.Option(None, "--status", help="held, returned, disposed"),
    brand: str = typer.Option(None, "--brand", help="Only this brand"),
    limit: int = typer.Option(100, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List unauthorized returns (held ones by default), oldest first, a page at a time,
    and how many the list holds."""
    uow_factory = open_runtime().uow_factory
    statuses = tuple(status or ("held",))

    def read(after: str | None) -> Page[Parcel]:
        return page_unauthorized(uow_factory, OPERATOR, statuses, brand, limit, after)

    def echo(parcel: Parcel) -> None:
        echo_parcel(parcel, as_json=False)

    print_pages(read, cursor, every, as_json, echo, "unauthorized return")


@unauthorized_app.command("cost")
def unauthorized_cost(
    parcel_id: int = typer.Argument(..., help="The parcel's id"),
    what: str = typer.Option(..., "--what", help="What the cost is for"),
    amount: str = typer.Option(
        ..., "--amount", help="Amount in major units of the currency, e.g. 12.50"
    ),
    currency: str = typer.Option(..., "--currency", help="ISO 4217 code, e.g. USD"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Charge a cost to the sender (e.g. --amount 12.50 --currency USD)."""
    minor = minor_units(amount, currency, "--amount", "--currency")
    runtime = open_runtime()
    parcel = record_cost(
        runtime.uow_factory, OPERATOR, parcel_id, what, minor, currency, runtime.clock.now()
    )
    echo_parcel(parcel, as_json)


@unauthorized_app.command("return")
def unauthorized_return(
    parcel_id: int = typer.Argument(..., help="The parcel's id"),
    carrier: str = typer.Option(..., "--carrier", help="Carrier"),
    tracking: str = typer.Option(..., "--tracking", help="Tracking number"),
    note_text: str = typer.Option("", "--note", help="A note"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Return the unit to its sender, at the sender's cost."""
    runtime = open_runtime()
    parcel = return_to_sender(
        runtime.uow_factory,
        runtime.book,
        OPERATOR,
        parcel_id,
        carrier,
        tracking,
        runtime.clock.now(),
        note=note_text,
    )
    echo_parcel(parcel, as_json)


@unauthorized_app.command("dispose")
def unauthorized_dispose(
    parcel_id: int = typer.Argument(..., help="The parcel's id"),
    note_text: str = typer.Option("", "--note", help="A note"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Dispose of the unit, where the brand's policy allows it."""
    runtime = open_runtime()
    parcel = dispose(
        runtime.uow_factory, runtime.book, OPERATOR, parcel_id, runtime.clock.now(), note=note_text
    )
    echo_parcel(parcel, as_json)
