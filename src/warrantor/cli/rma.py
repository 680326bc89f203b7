"""`warrantor rma ...`: the RMA desk, step by step (issue #5).

A thin shell over the desk's use cases, acting as the operator (admin):
open, troubleshoot, validate documents, issue numbers, ship, close, cancel,
reject. The other commands of the group are added by ``register`` calls at the
end: receiving parcels and unauthorized returns (``cli.rma_parcels``), asking
for documents and a bouncing address corrected (``cli.rma_mail``), the
queues and one RMA (``cli.rma_queues``), the workshop's steps (inspect,
decide, repair, quote: ``cli.rma_workshop``). Printing is ``cli.rma_text``.
"""

from __future__ import annotations

import typer

from warrantor.cli import (
    rma_assignment,
    rma_clock,
    rma_holding,
    rma_mail,
    rma_parcels,
    rma_queues,
    rma_search,
    rma_workshop,
)
from warrantor.cli.options import open_runtime, plain, print_json
from warrantor.cli.rma_text import JSON_OPTION, REF_ARG, due_text, echo_rma, rma_line
from warrantor.domain.actors import Actor
from warrantor.services.rma.documents import validate_documents
from warrantor.services.rma.events import add_note, clear_rma_flag, send_event
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.opening import RmaRequest, coverage_at_opening, open_rma
from warrantor.services.rma.shipping import ship as ship_rma
from warrantor.views.names import Names
from warrantor.views.rma_opening import not_covered_out

app = typer.Typer(help="The RMA desk, step by step (issue #5).", no_args_is_help=True)

OPERATOR = Actor.operator()


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
    now = runtime.clock.now()
    rma = open_rma(runtime.uow_factory, runtime.book, OPERATOR, request, now)
    found = coverage_at_opening(runtime.uow_factory, runtime.book, rma, now)
    warning = not_covered_out(found, Names(runtime.book))
    if as_json:
        print_json({**plain(rma), "not_covered": warning.model_dump() if warning else None})
        return
    echo_rma(rma, as_json=False)
    if warning is not None:
        typer.echo(f"Not covered today: {warning.coverage}")
        typer.echo(f"  {warning.paid_repair}")
        if warning.determining:
            typer.echo(f"  clauses: {', '.join(warning.determining)}")


def _event(ref: str, event: str, reason: str, as_json: bool) -> None:
    runtime = open_runtime()
    now, units = runtime.clock.now(), runtime.settings.rejected_units
    rma = send_event(runtime.uow_factory, OPERATOR, ref, event, reason, now, units, runtime.book)
    echo_rma(rma, as_json)


@app.command()
def troubleshoot(
    ref: str = REF_ARG,
    reason: str = typer.Option("", "--reason", help="Why"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Start remote troubleshooting."""
    _event(ref, "start_troubleshooting", reason, as_json)


@app.command("skip-troubleshooting")
def skip_troubleshooting(
    ref: str = REF_ARG,
    reason: str = typer.Option(..., "--reason", help="Why troubleshooting is not needed"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Skip the troubleshooting the brand's policy puts first (on the timeline and audited)."""
    _event(ref, "skip_troubleshooting", reason, as_json)


@app.command()
def note(
    ref: str = REF_ARG,
    text: str = typer.Argument(..., help="The note"),
) -> None:
    """Add a troubleshooting note."""
    runtime = open_runtime()
    add_note(runtime.uow_factory, OPERATOR, ref, text, runtime.clock.now())
    typer.echo("note added")


@app.command()
def resolve(
    ref: str = REF_ARG,
    reason: str = typer.Option(..., "--reason", help="How it was solved remotely"),
    as_json: bool = JSON_OPTION,
) -> None:
    """End the case remotely, without an RMA number."""
    _event(ref, "resolve_remotely", reason, as_json)


@app.command()
def validate(
    ref: str = REF_ARG,
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
    echo_rma(rma, as_json)
    if not as_json:
        typer.echo(f"RMA number due: {due_text(rma.number_due)}")


@app.command()
def issue(
    ref: str = REF_ARG,
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
    typer.echo(rma_line(issued.rma))
    typer.echo(issued.instructions.text())


@app.command()
def ship(
    ref: str = REF_ARG,
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
    typer.echo(rma_line(shipped.rma))
    clauses = ", ".join(shipped.shipment.clause_ids)
    typer.echo(f"paid by {shipped.shipment.paid_by}" + (f" [{clauses}]" if clauses else ""))


@app.command()
def close(
    ref: str = REF_ARG,
    reason: str = typer.Option("", "--reason", help="e.g. delivered"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Close a shipped RMA."""
    _event(ref, "close", reason, as_json)


@app.command()
def cancel(
    ref: str = REF_ARG,
    reason: str = typer.Option(..., "--reason", help="Why"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Cancel an RMA before its unit is received."""
    _event(ref, "cancel", reason, as_json)


@app.command()
def reject(
    ref: str = REF_ARG,
    reason: str = typer.Option(..., "--reason", help="Why"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Reject an RMA in any state before shipping, with why: a unit in hand is returned or
    retained by WARRANTOR_REJECTED_UNITS; the customer is told why."""
    _event(ref, "reject", reason, as_json)


@app.command("clear-flag")
def clear_flag(
    ref: str = REF_ARG,
    note_text: str = typer.Option("", "--note", help="What was done"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Clear an RMA's "needs a person" flag."""
    runtime = open_runtime()
    rma = clear_rma_flag(runtime.uow_factory, OPERATOR, ref, note_text, runtime.clock.now())
    echo_rma(rma, as_json)


rma_parcels.register(app)
rma_holding.register(app)
rma_queues.register(app)
rma_workshop.register(app)
rma_assignment.register(app)
rma_search.register(app)
rma_mail.register(app)
rma_clock.register(app)
