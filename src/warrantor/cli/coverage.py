"""`warrantor coverage ...`: the stored coverage projection.

``recompute`` is the catch-up after a policy version is added or changed, at
once (the worker's ``recompute_coverage`` duty does the same within 15
minutes): it walks the installed base in chunks, each committed, and
recomputes every projection that is missing or rests on a version no longer
in force for its unit.
"""

from __future__ import annotations

import typer

from warrantor.cli.options import open_runtime
from warrantor.services.installed_base.coverage_projection import (
    RECOMPUTE_CHUNK,
    recompute_projections,
)

app = typer.Typer(help="The coverage projection: recompute it after a policy change.")


@app.command()
def recompute(
    after: int = typer.Option(0, "--after", help="Start after this unit id (to resume)"),
    chunk: int = typer.Option(RECOMPUTE_CHUNK, "--chunk", min=1, help="Units per transaction"),
    everything: bool = typer.Option(
        False, "--all", help="Recompute every projection, not only missing or behind ones"
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary"),
) -> None:
    """Recompute the projections that are missing or behind the policies in force.

    Each chunk commits on its own: stopped anywhere, run it again (chunks done
    are only read) or resume with --after LAST_ID, as the progress lines say.
    """
    runtime = open_runtime()
    last = None
    for progress in recompute_projections(
        runtime.uow_factory, runtime.book, after=after, chunk_size=chunk, everything=everything
    ):
        last = progress
        if not quiet:
            typer.echo(
                f"up to unit {progress.last_unit_id}: {progress.examined} examined, "
                f"{progress.recomputed} recomputed (resume with --after {progress.last_unit_id})",
                err=True,
            )
    if last is None:
        typer.echo(f"no units after id {after}: nothing to recompute")
    else:
        typer.echo(f"{last.examined} units examined, {last.recomputed} projections recomputed")
