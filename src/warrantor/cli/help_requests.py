"""`warrantor help-requests ...`: customers' requests about a serial the installed base lacks
or a unit another account owns (issue #23, items 6 and 7), and their resolution."""

from __future__ import annotations

import json
from datetime import date

import typer

from warrantor.cli.options import open_runtime, plain
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, echo_json_array, pages
from warrantor.cli.shown_times import shown_day
from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput, Problem
from warrantor.services.help_requests.requests import page_help_requests, show_help_request
from warrantor.services.help_requests.resolution import (
    Resolution,
    reject_help_request,
    resolve_help_request,
)
from warrantor.services.paging import Page
from warrantor.store.help_requests import HelpRequest

app = typer.Typer(
    help="Help requests: unknown serials and claims on units another account owns.",
    no_args_is_help=True,
)

KIND_WORDS = {"unknown_serial": "unknown serial", "ownership_claim": "claims a unit"}


def _json(request: HelpRequest) -> dict[str, object]:
    shown = plain(request)
    assert isinstance(shown, dict)
    shown.pop("proof", None)
    shown["proof_file"] = request.proof.file_name if request.proof else None
    return shown


def _line(request: HelpRequest) -> str:
    return (
        f"{request.id}  {request.state}  {KIND_WORDS[request.kind]}  {request.brand} "
        f"{request.serial}  {request.account}  {shown_day(request.opened_at)}"
    )


@app.command("list")
def list_(
    state: str = typer.Option("open", "--state", help="open, resolved, rejected or any"),
    limit: int = typer.Option(50, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """The requests, oldest first (the open ones: the agents' queue); the count on stderr."""
    uow_factory = open_runtime().uow_factory
    wanted = None if state == "any" else state

    def read(after: str | None) -> Page[HelpRequest]:
        page = page_help_requests(uow_factory, Actor.operator(), wanted, limit, after)
        if after == cursor:
            typer.echo(f"{page.total} {state} in all", err=True)
        return page

    found = pages(read, cursor, every)
    if as_json:
        echo_json_array(found, _json)
        return
    for request in found:
        typer.echo(_line(request))


@app.command()
def show(request_id: int = typer.Argument(..., help="The request's id")) -> None:
    """One request in full (JSON)."""
    found = show_help_request(open_runtime().uow_factory, Actor.operator(), request_id)
    typer.echo(json.dumps(_json(found), indent=2))


@app.command()
def resolve(
    request_id: int = typer.Argument(..., help="The request's id"),
    model: str = typer.Option("", "--model", help="The unit's model (default: the customer's)"),
    purchased_on: str = typer.Option("", "--purchased-on", help="YYYY-MM-DD (default: theirs)"),
    country: str = typer.Option("", "--country", help="Country of purchase (unknown serial)"),
    note: str = typer.Option("", "--note", help="What was done, for the customer"),
) -> None:
    """Do what it asks: add the unknown serial as the customer's unit, or move the claimed
    unit to them (coverage stays with the unit); the customer is mailed."""
    day = None
    if purchased_on.strip():
        try:
            day = date.fromisoformat(purchased_on.strip())
        except ValueError:
            message = f"--purchased-on must be YYYY-MM-DD, not {purchased_on!r}"
            raise InvalidInput(message, [Problem(message, "purchased_on")]) from None
    runtime = open_runtime()
    closed = resolve_help_request(
        runtime.uow_factory,
        runtime.book,
        Actor.operator(),
        request_id,
        Resolution(model, day, country, note),
        runtime.clock.now(),
    )
    typer.echo(
        f"help request {closed.id} resolved: {closed.brand} {closed.serial} is {closed.account}'s"
    )


@app.command()
def reject(
    request_id: int = typer.Argument(..., help="The request's id"),
    reason: str = typer.Option(..., "--reason", help="Why, for the customer"),
) -> None:
    """Turn it down with a reason; the customer is mailed it."""
    runtime = open_runtime()
    closed = reject_help_request(
        runtime.uow_factory, Actor.operator(), request_id, reason, runtime.clock.now()
    )
    typer.echo(f"help request {closed.id} rejected")
