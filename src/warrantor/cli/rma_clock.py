"""``warrantor rma clock-pauses`` and ``warrantor rma wait-ended``: the paused clock on the
command line (issue #23, item 5). Which waits on the customer (``quote``, ``documents``,
``certificate``) pause which clock (``number``, ``repair``) at a service centre, and the
desk recording that what it waited for came. The rules are
``services.rma.clock_pauses``'s; the CLI acts as the operator (admin)."""

from __future__ import annotations

import typer

from warrantor.cli.options import open_runtime, print_json
from warrantor.cli.rma_text import JSON_OPTION, REF_ARG
from warrantor.domain.actors import Actor
from warrantor.domain.rma_pauses import WAITS
from warrantor.errors import InvalidInput, Problem
from warrantor.services.rma.clock_pauses import end_wait, pause_settings, set_pause_settings

OPERATOR = Actor.operator()


def register(app: typer.Typer) -> None:
    """Add ``clock-pauses`` and ``wait-ended`` to the ``rma`` group."""
    app.command("clock-pauses")(clock_pauses)
    app.command("wait-ended")(wait_ended)


def _setting(raw: str) -> tuple[str, list[str]]:
    wait, sep, clocks = raw.partition("=")
    if not sep:
        message = f"expected WAIT=CLOCK[,CLOCK] (e.g. documents=number,repair), got {raw!r}"
        raise InvalidInput("invalid --set", [Problem(message, "--set")])
    return wait.strip(), [c.strip() for c in clocks.split(",") if c.strip()]


SET_OPTION = typer.Option(
    None,
    "--set",
    help=f"WAIT=CLOCKS, e.g. documents=number,repair or certificate= (none); "
    f"waits: {', '.join(WAITS)} (repeatable)",
)


def clock_pauses(
    brand: str = typer.Argument(..., help="The brand whose policy names the centre"),
    centre: str = typer.Argument(..., help="Service centre id, e.g. qnap-us"),
    set_: list[str] = SET_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Show (or with --set, set) which waits on the customer pause which clock at a centre."""
    runtime = open_runtime()
    if set_:
        clocks = dict(_setting(raw) for raw in set_)
        found = set_pause_settings(
            runtime.uow_factory, runtime.book, OPERATOR, brand, centre, clocks, runtime.clock.now()
        )
    else:
        found = pause_settings(runtime.uow_factory, runtime.book, OPERATOR, brand, centre)
    if as_json:
        print_json(found)
        return
    typer.echo(f"{found.centre} ({found.brand}):")
    for wait, paused in found.clocks.items():
        typer.echo(f"  {wait:<12} pauses: {', '.join(paused) or 'nothing'}")


def wait_ended(
    ref: str = REF_ARG,
    wait: str = typer.Argument(..., help=f"What came: {', '.join(WAITS)}"),
) -> None:
    """What the desk waited on the customer for came: its clocks run again, due dates moved."""
    runtime = open_runtime()
    ended = end_wait(runtime.uow_factory, runtime.book, OPERATOR, ref, wait, runtime.clock.now())
    for pause in ended:
        typer.echo(pause.describe())
