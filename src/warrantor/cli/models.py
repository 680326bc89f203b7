"""CLI: models no policy places, assigned to a product line by an admin (issue 19).

The CLI acts as the operator (an admin). Each assignment is a new version,
recorded in the audit trail with its reason (``warrantor audit object model BRAND/MODEL``).
"""

from __future__ import annotations

import json

import typer

from warrantor.cli.options import open_runtime
from warrantor.cli.shown_times import shown
from warrantor.domain.actors import Actor
from warrantor.services.installed_base.model_assignments import (
    assign_model,
    assignment_history,
    list_assignments,
)
from warrantor.store.catalogue import ModelAssignment
from warrantor.views.brands import model_assignment_out

app = typer.Typer(
    help="Models no policy places, assigned to a product line by an admin.",
    no_args_is_help=True,
)


def _line(found: ModelAssignment) -> str:
    return (
        f"{found.brand} {found.model!r} -> {found.product_line}  v{found.version}  "
        f"{shown(found.assigned_at)}  {found.assigned_by}"
    )


@app.command()
def assign(
    brand: str = typer.Option(..., "--brand", help="Brand, e.g. QNAP"),
    model: str = typer.Option(..., "--model", help="The model name as units carry it"),
    line: str = typer.Option(..., "--line", help="Product line id, e.g. TS-x53"),
    reason: str = typer.Option(..., "--reason", help="Why the model belongs to that line"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Assign a model no policy places to a product line (a new version, audited)."""
    runtime = open_runtime()
    found = assign_model(
        runtime.uow_factory,
        runtime.book,
        Actor.operator(),
        brand,
        model,
        line,
        reason,
        runtime.clock.now(),
    )
    if as_json:
        typer.echo(model_assignment_out(found).model_dump_json(indent=2))
        return
    typer.echo(f"assigned: {_line(found)}")


@app.command("list")
def list_(
    brand: str = typer.Option(None, "--brand", help="Only this brand"),
    model: str = typer.Option(None, "--model", help="Every version of this model (with --brand)"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """The assignments in force, or with --brand and --model every version of one model."""
    runtime = open_runtime()
    if brand is not None and model is not None:
        found = assignment_history(runtime.uow_factory, Actor.operator(), brand, model)
    else:
        found = list_assignments(runtime.uow_factory, Actor.operator(), brand)
    if as_json:
        rows = [model_assignment_out(a).model_dump(mode="json") for a in found]
        typer.echo(json.dumps(rows, indent=2))
        return
    for assignment in found:
        typer.echo(_line(assignment))
    typer.echo(f"({len(found)} assignment{'s' if len(found) != 1 else ''})")
