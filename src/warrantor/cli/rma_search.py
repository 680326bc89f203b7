"""``warrantor rma search TEXT``: the desk's one search box on the command line (issue #23,
item 2): exact matches first, then prefixes, then fuzzy; each line says which."""

from __future__ import annotations

import typer

from warrantor.cli.options import open_runtime, print_json
from warrantor.cli.rma_text import JSON_OPTION, rma_line
from warrantor.domain.actors import Actor
from warrantor.services.rma.search import search_rmas


def register(app: typer.Typer) -> None:
    """Add ``search`` to the ``rma`` group."""
    app.command()(search)


def search(
    text: str = typer.Argument(
        ..., help="RMA number, serial, tracking number, proof of purchase, name or e-mail"
    ),
    limit: int = typer.Option(20, "--limit", help="At most this many"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Find RMAs: exact matches first, then by prefix, then names and addresses like it."""
    hits = search_rmas(open_runtime().uow_factory, Actor.operator(), text, limit)
    if as_json:
        print_json(hits)
        return
    for hit in hits:
        typer.echo(f"{hit.tier:<6}  {hit.matched:<17}  {rma_line(hit.rma)}")
    typer.echo(f"({len(hits)} found)")
