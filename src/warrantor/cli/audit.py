"""`warrantor audit ...`: the audit trail, per object, per person, or all (newest first, paged).

The CLI runs as the operator (an admin). A page says on stderr how to ask for the
next, older one (``more: --cursor ...``); ``--all`` reads every page.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import typer

from warrantor.cli.options import open_runtime
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, print_pages
from warrantor.cli.shown_times import shown
from warrantor.domain.actors import Actor
from warrantor.services.audit.trail import TrailQuery, read_trail
from warrantor.services.paging import Page
from warrantor.store.audit import AuditRecord
from warrantor.views.audit import AuditEventOut, audit_event_out

app = typer.Typer(
    help="The audit trail: who changed what, when, before and after, and why.",
    no_args_is_help=True,
)

JSON_HELP = "Print the rows as a JSON array"


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    return json.dumps(value) if isinstance(value, list | dict) else str(value)


def _event_lines(event: AuditEventOut) -> list[str]:
    who = f"{event.actor_name} [{event.actor}]" if event.actor_name else event.actor
    head = (
        f"#{event.id} {shown(event.recorded_at)} {event.action} "
        f"{event.kind} {event.object_id} by {who}"
    )
    lines = [head]
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    for key in event.changed:
        if event.before is None:
            lines.append(f"    {key}: {_shown(after.get(key))}")
        else:
            old, new = _shown(before.get(key)), _shown(after.get(key))
            lines.append(f"    {key}: {old} -> {new}")
    if event.back_dated_to:
        lines.append(f"    back-dated to {event.back_dated_to.isoformat()}")
    if event.why:
        lines.append(f"    why: {event.why}")
    return lines


def _show(query: TrailQuery, cursor: str | None, every: bool, as_json: bool) -> None:
    uow_factory = open_runtime().uow_factory

    def read(after: str | None) -> Page[AuditRecord]:
        return read_trail(uow_factory, Actor.operator(), replace(query, cursor=after))

    def echo(record: AuditRecord) -> None:
        typer.echo("\n".join(_event_lines(audit_event_out(record))))

    def shape(record: AuditRecord) -> Any:
        return audit_event_out(record).model_dump(mode="json")

    print_pages(read, cursor, every, as_json, echo, "audit row", shape)


LIMIT_HELP = "At most this many rows a page (1 to 500)"


@app.command("object")
def object_(
    kind: str = typer.Argument(..., help="unit, units_import, model, price_list, user, ..."),
    object_id: str = typer.Argument(
        ..., metavar="ID", help="e.g. QNAP/Q123 (unit), 42 (price list, user, token)"
    ),
    limit: int = typer.Option(50, "--limit", help=LIMIT_HELP),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The changes of one object, newest first."""
    _show(TrailQuery(kind=kind, object_id=object_id, limit=limit), cursor, every, as_json)


@app.command()
def person(
    email: str = typer.Argument(..., help="The e-mail of the user who made the changes"),
    limit: int = typer.Option(50, "--limit", help=LIMIT_HELP),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The changes one user made, newest first."""
    _show(TrailQuery(person=email, limit=limit), cursor, every, as_json)


@app.command("list")
def list_(
    kind: str = typer.Option(None, "--kind", help="Only this kind of object"),
    action: str = typer.Option(None, "--action", help="Only this action, e.g. unit.changed"),
    back_dated: bool = typer.Option(
        False, "--back-dated", help="Only changes recording a fact dated before the day they were"
    ),
    run: str = typer.Option(None, "--run", help="Only the rows of one import run (its key)"),
    limit: int = typer.Option(50, "--limit", help=LIMIT_HELP),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The whole trail (or one kind, action or run), newest first."""
    query = TrailQuery(kind=kind, action=action, back_dated=back_dated, run=run, limit=limit)
    _show(query, cursor, every, as_json)
