"""How the ``warrantor rma`` commands print an RMA and a parcel: one line each, or JSON.

Shared by ``cli.rma`` (the desk's steps), ``cli.rma_parcels`` (receiving and
unauthorized returns) and ``cli.rma_queues`` (lists and one RMA), so every
command shows an RMA the same way.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import typer

from warrantor.cli.options import print_json
from warrantor.cli.shown_times import shown_day
from warrantor.domain.money import Money
from warrantor.domain.rma import Rma, RmaDue
from warrantor.domain.rma_parcels import Parcel
from warrantor.domain.rma_pauses import WAIT_WORDING
from warrantor.policy.book import PolicyBook
from warrantor.settings import Settings
from warrantor.views.names import Names, rma_state

JSON_OPTION = typer.Option(False, "--json", help="Print JSON")
REF_ARG = typer.Argument(..., help="RMA number or id")


def due_text(due: RmaDue | None) -> str:
    """A due date with its clauses, e.g. ``2026-03-02 (provisional) [qnap-rma-3]``; ``-``."""
    if due is None:
        return "-"
    flag = " (provisional)" if due.provisional else ""
    return f"{due.due_on.isoformat()}{flag} [{', '.join(due.clause_ids)}]"


@cache
def _names_in(policies_dir: Path) -> Names:
    """The names the policies in ``policies_dir`` give (read once per command)."""
    return Names(PolicyBook.from_dir(policies_dir))


def centre_name(brand: str, centre_id: str) -> str:
    """A service centre by its name ("QNAP RMA, USA"), as the configured policies name it;
    a point of purchase (no centre of the policy) by its id."""
    return _names_in(Settings().policies_dir).centre_name(brand, centre_id)


def _wait_named(wait: str | None) -> str:
    """What a paused clock waits for, in the words the desk's pages use (issue #25: names,
    not codes); a wait this build does not know, as stored."""
    return WAIT_WORDING.get(wait or "", wait or "")


def rma_line(rma: Rma) -> str:
    """One line: number, state (by its name: "Waiting for the unit"), unit, service point (by
    its name: "QNAP RMA, USA"), the current due date and any flag."""
    number = rma.number or f"#{rma.id}"
    due = rma.current_due()
    due_text = f"  due {due.due_on.isoformat()}" if due else ""
    flag = "  NEEDS A PERSON" if rma.needs_attention else ""
    who = f"  assigned to {rma.assignee}" if rma.assignee else ""
    paused = (
        f"  PAUSED since {shown_day(rma.paused_since)} (waiting for {_wait_named(rma.paused_for)})"
        if rma.paused_since
        else ""
    )
    return (
        f"{number}  {rma_state(rma.state)}  {rma.brand} {rma.serial}"
        f"  at {centre_name(rma.brand, rma.service_point)}"
        f"{due_text}{paused}{who}{flag}"
    )


def echo_rma(rma: Rma, as_json: bool) -> None:
    """Print the RMA as JSON, or as its one line."""
    if as_json:
        print_json(rma)
    else:
        typer.echo(rma_line(rma))


def echo_parcel(parcel: Parcel, as_json: bool) -> None:
    """Print the parcel as JSON, or as a line with its note, clauses and costs."""
    if as_json:
        print_json(parcel)
        return
    where = f"RMA {parcel.rma_number}" if parcel.rma_number else "unauthorized return"
    typer.echo(f"parcel #{parcel.id}  {parcel.status}  {parcel.brand}  {where}")
    if parcel.service_centre:
        name = centre_name(parcel.brand, parcel.service_centre)
        typer.echo(f"  received at: {name} ({parcel.service_centre})")
    if parcel.note:
        typer.echo(f"  {parcel.note}")
    if parcel.clause_ids:
        typer.echo(f"  clauses: {', '.join(parcel.clause_ids)}")
    for currency, total in parcel.costs_by_currency().items():
        typer.echo(f"  charged to the sender: {Money(total, currency)}")
