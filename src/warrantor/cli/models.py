"""CLI: models no policy places, assigned to a product line by an admin (issue 19).

The CLI acts as the operator (an admin). Each assignment is a new version,
recorded in the audit trail with its reason (``warrantor audit object model BRAND/MODEL``).
"""

from __future__ import annotations

import json
from typing import Any

import typer

from warrantor.cli.options import open_runtime
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, print_pages
from warrantor.cli.shown_times import shown
from warrantor.domain.actors import Actor
from warrantor.services.installed_base.model_assignments import (
    assign_model,
    assignment_history,
    page_model_assignments,
)
from warrantor.services.paging import Page
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
    limit: int = typer.Option(100, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """The assignments in force by brand and model, a page at a time (--cursor, --all), or
    with --brand and --model every version of one model (whole: a handful)."""
    runtime = open_runtime()
    if brand is not None and model is not None:
        found = assignment_history(runtime.uow_factory, Actor.operator(), brand, model)
        if as_json:
            rows = [model_assignment_out(a).model_dump(mode="json") for a in found]
            typer.echo(json.dumps(rows, indent=2))
            return
        for assignment in found:
            typer.echo(_line(assignment))
        typer.echo(f"({len(found)} assignment{'s' if len(found) != 1 else ''})")
        return

    def read(after: str | None) -> Page[ModelAssignment]:
        return page_model_assignments(runtime.uow_factory, Actor.operator(), brand, limit, after)

    def shape(found: ModelAssignment) -> Any:
        return model_assignment_out(found).model_dump(mode="json")

    def echo(found: ModelAssignment) -> None:
        typer.echo(_line(found))

    print_pages(read, cursor, every, as_json, echo, "model assignment", shape)
