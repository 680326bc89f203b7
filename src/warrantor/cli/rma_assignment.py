"""``warrantor rma assign`` and ``rma workload``: who works on an RMA (issue #23, item 4).

The CLI acts as the operator, a lead: it assigns any open RMA to anyone. A
person's queue is ``rma list --assignee EMAIL``; the centres' unassigned
queues ``rma list --unassigned``.
"""

from __future__ import annotations

import typer

from warrantor.cli.options import open_runtime, print_json
from warrantor.cli.rma_text import JSON_OPTION, REF_ARG, echo_rma
from warrantor.domain.actors import Actor
from warrantor.services.rma.assignment import assign_rma, workload
from warrantor.views.names import Names

OPERATOR = Actor.operator()


def register(app: typer.Typer) -> None:
    """Add ``assign`` and ``workload`` to the ``rma`` group."""
    app.command()(assign)
    app.command("workload")(workload_)


def assign(
    ref: str = REF_ARG,
    to: str = typer.Option(None, "--to", help="The agent's or technician's e-mail"),
    unassign: bool = typer.Option(
        False, "--unassign", help="Back to its service centre's unassigned queue"
    ),
    reason: str = typer.Option("", "--reason", help="Why (on the timeline and in the audit)"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Assign an open RMA to an agent or technician, reassign it, or unassign it."""
    if (to is None) == (not unassign):
        raise typer.BadParameter("give --to EMAIL or --unassign (one of them)")
    runtime = open_runtime()
    rma = assign_rma(runtime.uow_factory, OPERATOR, ref, to, reason, runtime.clock.now())
    echo_rma(rma, as_json)


def workload_(as_json: bool = JSON_OPTION) -> None:
    """Each person's open RMAs, and each service centre's unassigned ones."""
    runtime = open_runtime()
    loads = workload(runtime.uow_factory, OPERATOR)
    if as_json:
        print_json(loads)
        return
    names = Names(runtime.book)  # a centre by its name, its id a hint (--json: the id)
    for load in loads:
        point = load.service_point
        where = f" at {names.centre_name_of(point)} ({point})" if point else ""
        typer.echo(f"{load.rmas:>6}  {load.name}{where}")
