"""``warrantor rma list``, ``late`` and ``show``: the desk's queues and one RMA in full.

``cli.rma`` calls ``register`` to add these to its group. The CLI acts as the
operator (admin), so it sees every RMA.
"""

from __future__ import annotations

from dataclasses import replace

import typer

from warrantor.cli.options import open_runtime, print_json
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, echo_json_array, pages
from warrantor.cli.rma_text import JSON_OPTION, REF_ARG, due_text, rma_line
from warrantor.cli.shown_times import shown
from warrantor.domain.actors import Actor
from warrantor.domain.rma import OPEN_STATES, Rma
from warrantor.services.paging import Page
from warrantor.services.rma.assignment import assignee_id
from warrantor.services.rma.queues import RmaQuery, page_rmas, show_rma

OPERATOR = Actor.operator()


def register(app: typer.Typer) -> None:
    """Add ``list``, ``late`` and ``show`` to the ``rma`` group."""
    app.command("list")(list_)
    app.command()(late)
    app.command()(show)


def list_(
    state: list[str] = typer.Option(None, "--state", help="Only these states (repeatable)"),
    brand: str = typer.Option(None, "--brand", "-b", help="Only this brand"),
    serial: str = typer.Option(None, "--serial", help="Only this serial"),
    late: bool = typer.Option(False, "--late", help="Only RMAs whose current step is overdue"),
    attention: bool = typer.Option(False, "--attention", help="Only RMAs flagged for a person"),
    assignee: str = typer.Option(
        None, "--assignee", help="That person's queue: the open RMAs assigned to this e-mail"
    ),
    unassigned: bool = typer.Option(False, "--unassigned", help="Only RMAs assigned to nobody"),
    limit: int = typer.Option(100, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List RMAs, what is due first first, a page at a time, and how many the list holds."""
    person = assignee_id(open_runtime().uow_factory, assignee) if assignee else None
    query = RmaQuery(
        states=tuple(state or ()),
        brand=brand,
        serial=serial,
        late=late,
        needs_attention=True if attention else None,
        limit=limit,
        assignee_user_id=person,
        unassigned=unassigned,
    )
    if person is not None and not query.states:
        query = replace(query, states=OPEN_STATES)
    _print_list(query, cursor, every, as_json)


def late(
    limit: int = typer.Option(100, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """List RMAs whose current step is past its due date, most overdue first."""
    _print_list(RmaQuery(late=True, limit=limit), cursor, every, as_json)


def _print_list(query: RmaQuery, cursor: str | None, every: bool, as_json: bool) -> None:
    runtime = open_runtime()
    now = runtime.clock.now()
    totals: list[int] = []

    def read(after: str | None) -> Page[Rma]:
        page = page_rmas(runtime.uow_factory, OPERATOR, query, now, after)
        totals.append(page.total or 0)
        return page

    found = pages(read, cursor, every)
    if as_json:
        echo_json_array(found)
        return
    count = 0
    for rma in found:
        typer.echo(rma_line(rma))
        count += 1
    typer.echo(f"({count} RMA{'s' if count != 1 else ''} of {totals[-1]} in this list)")


def show(
    ref: str = REF_ARG,
    as_json: bool = JSON_OPTION,
) -> None:
    """Show one RMA: due dates, timeline, notes, shipments, instructions."""
    runtime = open_runtime()
    details = show_rma(runtime.uow_factory, runtime.book, OPERATOR, ref, runtime.clock.now())
    if as_json:
        print_json(details)
        return
    rma = details.rma
    typer.echo(rma_line(rma))
    typer.echo(f"  model {rma.model}; customer {rma.customer or '-'}; opened by {rma.opened_by}")
    typer.echo(f"  contact {rma.contact_name} <{rma.contact_email}>; symptom: {rma.symptom}")
    typer.echo(f"  RMA number due: {due_text(rma.number_due)}")
    typer.echo(f"  repair due:     {due_text(rma.repair_due)}")
    if details.late:
        typer.echo("  LATE")
    if rma.needs_attention:
        typer.echo(f"  needs a person: {rma.attention_reason}")
    typer.echo("timeline:")
    for step in details.timeline:
        typer.echo(
            f"  {shown(step.at)}  {step.event}: {step.from_state or '-'} -> {step.to_state}"
            f"  by {step.actor}  ({step.reason})"
        )
    for pause in details.pauses:  # each clock paused while waiting on the customer
        until = f" to {shown(pause.ended_at)}" if pause.ended_at else " (still waiting)"
        typer.echo(f"  {shown(pause.started_at)}{until}  {pause.describe()}")
    for at, author, text in details.notes:
        typer.echo(f"note {shown(at)} {author}: {text}")
    for shipment in details.shipments:
        typer.echo(
            f"shipped {shown(shipment.shipped_at)} by {shipment.carrier} "
            f"{shipment.tracking}, paid by {shipment.paid_by}"
        )
    if details.instructions:
        typer.echo("instructions:")
        typer.echo(details.instructions.text())
