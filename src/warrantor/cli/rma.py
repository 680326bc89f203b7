"""`warrantor rma ...`: the RMA desk, step by step (issue #5).

A thin shell over the desk's use cases, acting as the operator (admin):
open, troubleshoot, validate documents, issue numbers, receive parcels
(and handle unauthorized returns), ship, close, cancel, reject; list the
queues and what is late; show one RMA with its timeline. The workshop's
commands (inspect, decide, repair, quote) are added by ``cli.rma_workshop``.
"""

from __future__ import annotations

import typer

from warrantor.cli import rma_workshop
from warrantor.cli.options import open_runtime, print_json
from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma, RmaDue
from warrantor.domain.rma_parcels import Parcel
from warrantor.services.rma.documents import validate_documents
from warrantor.services.rma.events import add_note, clear_rma_flag, send_event
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.opening import RmaRequest, open_rma
from warrantor.services.rma.queues import RmaQuery, list_rmas, show_rma
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.rma.shipping import ship as ship_rma
from warrantor.services.rma.unauthorized import (
    dispose,
    list_unauthorized,
    record_cost,
    return_to_sender,
)

app = typer.Typer(help="The RMA desk, step by step (issue #5).", no_args_is_help=True)
unauthorized_app = typer.Typer(
    help="Units that arrived without a valid RMA number: held, charged, returned, disposed.",
    no_args_is_help=True,
)
app.add_typer(unauthorized_app, name="unauthorized")

OPERATOR = Actor.operator()
JSON_OPTION = typer.Option(False, "--json", help="Print JSON")


def _due_text(due: RmaDue | None) -> str:
    if due is None:
        return "-"
    flag = " (provisional)" if due.provisional else ""
    return f"{due.due_on.isoformat()}{flag} [{', '.join(due.clause_ids)}]"


def _summary(rma: Rma) -> str:
    number = rma.number or f"#{rma.id}"
    due = rma.current_due()
    due_text = f"  due {due.due_on.isoformat()}" if due else ""
    flag = "  NEEDS A PERSON" if rma.needs_attention else ""
    return f"{number}  {rma.state}  {rma.brand} {rma.serial}  {rma.service_point}{due_text}{flag}"


def _echo_rma(rma: Rma, as_json: bool) -> None:
    if as_json:
        print_json(rma)
    else:
        typer.echo(_summary(rma))


def _echo_parcel(parcel: Parcel, as_json: bool) -> None:
    if as_json:
        print_json(parcel)
        return
    where = f"RMA {parcel.rma_number}" if parcel.rma_number else "unauthorized return"
    typer.echo(f"parcel #{parcel.id}  {parcel.status}  {parcel.brand}  {where}")
    if parcel.note:
        typer.echo(f"  {parcel.note}")
    if parcel.clause_ids:
        typer.echo(f"  clauses: {', '.join(parcel.clause_ids)}")
    for currency, total in parcel.costs_by_currency().items():
        typer.echo(f"  charged to the sender: {total} {currency} (minor units)")


# --- opening and the desk's steps ----------------------------------------------------------


@app.command("open")
def open_(
    serial: str = typer.Argument(..., help="The unit's serial number"),
    brand: str = typer.Option(None, "--brand", "-b", help="Brand; needed if ambiguous"),
    symptom: str = typer.Option(..., "--symptom", help="What is wrong with the unit"),
    name: str = typer.Option(..., "--name", help="Contact name"),
    email: str = typer.Option(..., "--email", help="Contact e-mail (the customer's messages)"),
    backup_acknowledged: bool = typer.Option(
        False,
        "--backup-acknowledged",
        help="The customer acknowledges that backing up the data is their responsibility",
    ),
    proof: str = typer.Option(None, "--proof", help="Proof of purchase reference"),
    country: str = typer.Option(None, "--country", help="Country where service is asked"),
    service_point: str = typer.Option(
        None, "--service-point", help="A service centre id, or a dealer's account code"
    ),
    customer: str = typer.Option(None, "--customer", help="The customer's account code"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Open an RMA for a unit (state: requested)."""
    runtime = open_runtime()
    request = RmaRequest(
        serial=serial,
        brand=brand,
        symptom=symptom,
        contact_name=name,
        contact_email=email,
        backup_acknowledged=backup_acknowledged,
        proof_of_purchase=proof,
        service_country=country,
        service_point=service_point,
        customer=customer,
    )
    rma = open_rma(runtime.uow_factory, runtime.book, OPERATOR, request, runtime.clock.now())
    _echo_rma(rma, as_json)


def _event(ref: str, event: str, reason: str, as_json: bool) -> None:
    runtime = open_runtime()
    rma = send_event(runtime.uow_factory, OPERATOR, ref, event, reason, runtime.clock.now())
    _echo_rma(rma, as_json)


@app.command()
def troubleshoot(
    ref: str = typer.Argument(..., help="RMA number or id"),
    reason: str = typer.Option("", "--reason", help="Why"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Start remote troubleshooting."""
    _event(ref, "start_troubleshooting", reason, as_json)


@app.command()
def note(
    ref: str = typer.Argument(..., help="RMA number or id"),
    text: str = typer.Argument(..., help="The note"),
) -> None:
    """Add a troubleshooting note."""
    runtime = open_runtime()
    add_note(runtime.uow_factory, OPERATOR, ref, text, runtime.clock.now())
    typer.echo("note added")


@app.command()
def resolve(
    ref: str = typer.Argument(..., help="RMA number or id"),
    reason: str = typer.Option(..., "--reason", help="How it was solved remotely"),
    as_json: bool = JSON_OPTION,
) -> None:
    """End the case remotely, without an RMA number."""
    _event(ref, "resolve_remotely", reason, as_json)


@app.command()
def validate(
    ref: str = typer.Argument(..., help="RMA number or id"),
    proof: str = typer.Option(None, "--proof", help="Record this proof of purchase first"),
    note_text: str = typer.Option("", "--note", help="A note for the timeline"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Validate the documents; the RMA number's clock starts."""
    runtime = open_runtime()
    rma = validate_documents(
        runtime.uow_factory,
        runtime.book,
        OPERATOR,
        ref,
        runtime.clock.now(),
        proof_of_purchase=proof,
        note=note_text,
    )
    _echo_rma(rma, as_json)
    if not as_json:
        typer.echo(f"RMA number due: {_due_text(rma.number_due)}")


@app.command()
def issue(
    ref: str = typer.Argument(..., help="RMA number or id"),
    note_text: str = typer.Option("", "--note", help="A note for the timeline"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Issue the RMA number and mail the customer where to ship."""
    runtime = open_runtime()
    issued = issue_number(
        runtime.uow_factory, runtime.book, OPERATOR, ref, runtime.clock.now(), note=note_text
    )
    if as_json:
        print_json({"rma": issued.rma, "instructions": issued.instructions})
        return
    typer.echo(_summary(issued.rma))
    typer.echo(issued.instructions.text())


@app.command()
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
    )
    received = receive_parcel(
        runtime.uow_factory, runtime.book, OPERATOR, arrival, runtime.clock.now()
    )
    if as_json:
        print_json({"parcel": received.parcel, "rma": received.rma})
        return
    if received.rma is not None:
        typer.echo(_summary(received.rma))
        typer.echo(f"repair due: {_due_text(received.rma.repair_due)}")
    else:
        _echo_parcel(received.parcel, as_json=False)


@app.command()
def ship(
    ref: str = typer.Argument(..., help="RMA number or id"),
    carrier: str = typer.Option(..., "--carrier", help="Carrier"),
    tracking: str = typer.Option(..., "--tracking", help="Tracking number"),
    paid_by: str = typer.Option(
        None, "--paid-by", help="maker or customer, when the policy does not decide it"
    ),
    coverage_until: str = typer.Option(
        None, "--coverage-until", help="Coverage of the repaired or replacement unit, for the mail"
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Ship the unit back to the customer."""
    runtime = open_runtime()
    shipped = ship_rma(
        runtime.uow_factory,
        runtime.book,
        OPERATOR,
        ref,
        carrier,
        tracking,
        runtime.clock.now(),
        paid_by=paid_by,
        coverage_until=coverage_until,
    )
    if as_json:
        print_json({"rma": shipped.rma, "shipment": shipped.shipment})
        return
    typer.echo(_summary(shipped.rma))
    clauses = ", ".join(shipped.shipment.clause_ids)
    typer.echo(f"paid by {shipped.shipment.paid_by}" + (f" [{clauses}]" if clauses else ""))


@app.command()
def close(
    ref: str = typer.Argument(..., help="RMA number or id"),
    reason: str = typer.Option("", "--reason", help="e.g. delivered"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Close a shipped RMA."""
    _event(ref, "close", reason, as_json)


@app.command()
def cancel(
    ref: str = typer.Argument(..., help="RMA number or id"),
    reason: str = typer.Option(..., "--reason", help="Why"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Cancel an RMA before its unit is received."""
    _event(ref, "cancel", reason, as_json)


@app.command()
def reject(
    ref: str = typer.Argument(..., help="RMA number or id"),
    reason: str = typer.Option(..., "--reason", help="Why"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Reject a request before an RMA number is issued."""
    _event(ref, "reject", reason, as_json)


@app.command("clear-flag")
def clear_flag(
    ref: str = typer.Argument(..., help="RMA number or id"),
    note_text: str = typer.Option("", "--note", help="What was done"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Clear an RMA's "needs a person" flag."""
    runtime = open_runtime()
    rma = clear_rma_flag(runtime.uow_factory, OPERATOR, ref, note_text, runtime.clock.now())
    _echo_rma(rma, as_json)


# --- queues and one RMA ------------------------------------------------------------------


@app.command("list")
def list_(
    state: list[str] = typer.Option(None, "--state", help="Only these states (repeatable)"),
    brand: str = typer.Option(None, "--brand", "-b", help="Only this brand"),
    serial: str = typer.Option(None, "--serial", help="Only this serial"),
    late: bool = typer.Option(False, "--late", help="Only RMAs whose current step is overdue"),
    attention: bool = typer.Option(False, "--attention", help="Only RMAs flagged for a person"),
    limit: int = typer.Option(100, "--limit", help="At most this many"),
    as_json: bool = JSON_OPTION,
) -> None:
    """List RMAs, what is due first first."""
    query = RmaQuery(
        states=tuple(state or ()),
        brand=brand,
        serial=serial,
        late=late,
        needs_attention=True if attention else None,
        limit=limit,
    )
    _print_list(query, as_json)


@app.command()
def late(
    limit: int = typer.Option(100, "--limit", help="At most this many"),
    as_json: bool = JSON_OPTION,
) -> None:
    """List RMAs whose current step is past its due date, most overdue first."""
    _print_list(RmaQuery(late=True, limit=limit), as_json)


def _print_list(query: RmaQuery, as_json: bool) -> None:
    runtime = open_runtime()
    found = list_rmas(runtime.uow_factory, OPERATOR, query, runtime.clock.now())
    if as_json:
        print_json(found)
        return
    for rma in found:
        typer.echo(_summary(rma))
    typer.echo(f"({len(found)} RMA{'s' if len(found) != 1 else ''})")


@app.command()
def show(
    ref: str = typer.Argument(..., help="RMA number or id"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show one RMA: due dates, timeline, notes, shipments, instructions."""
    runtime = open_runtime()
    details = show_rma(runtime.uow_factory, runtime.book, OPERATOR, ref, runtime.clock.now())
    if as_json:
        print_json(details)
        return
    rma = details.rma
    typer.echo(_summary(rma))
    typer.echo(f"  model {rma.model}; customer {rma.customer or '-'}; opened by {rma.opened_by}")
    typer.echo(f"  contact {rma.contact_name} <{rma.contact_email}>; symptom: {rma.symptom}")
    typer.echo(f"  RMA number due: {_due_text(rma.number_due)}")
    typer.echo(f"  repair due:     {_due_text(rma.repair_due)}")
    if details.late:
        typer.echo("  LATE")
    if rma.needs_attention:
        typer.echo(f"  needs a person: {rma.attention_reason}")
    typer.echo("timeline:")
    for step in details.timeline:
        typer.echo(
            f"  {step.at.isoformat()}  {step.event}: {step.from_state or '-'} -> {step.to_state}"
            f"  by {step.actor}  ({step.reason})"
        )
    for at, author, text in details.notes:
        typer.echo(f"note {at.isoformat()} {author}: {text}")
    for shipment in details.shipments:
        typer.echo(
            f"shipped {shipment.shipped_at.isoformat()} by {shipment.carrier} "
            f"{shipment.tracking}, paid by {shipment.paid_by}"
        )
    if details.instructions:
        typer.echo("instructions:")
        typer.echo(details.instructions.text())


# --- unauthorized returns ----------------------------------------------------------------


@unauthorized_app.command("list")
def unauthorized_list(
    status: list[str] = typer.Option(None, "--status", help="held, returned, disposed"),
    brand: str = typer.Option(None, "--brand", help="Only this brand"),
    as_json: bool = JSON_OPTION,
) -> None:
    """List unauthorized returns (held ones by default)."""
    runtime = open_runtime()
    parcels = list_unauthorized(runtime.uow_factory, OPERATOR, tuple(status or ("held",)), brand)
    if as_json:
        print_json(parcels)
        return
    for parcel in parcels:
        _echo_parcel(parcel, as_json=False)
    typer.echo(f"({len(parcels)} unauthorized return{'s' if len(parcels) != 1 else ''})")


@unauthorized_app.command("cost")
def unauthorized_cost(
    parcel_id: int = typer.Argument(..., help="The parcel's id"),
    what: str = typer.Option(..., "--what", help="What the cost is for"),
    amount_minor: int = typer.Option(..., "--amount-minor", help="Amount in minor units (cents)"),
    currency: str = typer.Option(..., "--currency", help="ISO 4217 code, e.g. USD"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Charge a cost to the sender."""
    runtime = open_runtime()
    parcel = record_cost(
        runtime.uow_factory, OPERATOR, parcel_id, what, amount_minor, currency, runtime.clock.now()
    )
    _echo_parcel(parcel, as_json)


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
    _echo_parcel(parcel, as_json)


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
    _echo_parcel(parcel, as_json)


rma_workshop.register(app)
