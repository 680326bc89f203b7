"""The ``warrantor`` command: a thin shell over the services.

Each group lives in its own module; this one assembles them and maps service
errors to messages and exit codes, in one place (``WarrantorGroup.invoke``).
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from warrantor.cli import shown_times
from warrantor.errors import Ambiguous, InvalidInput, NotFound, Refused, WarrantorError


class WarrantorGroup(TyperGroup):
    """Turns a service error anywhere below into a clear message and exit code 2."""

    def invoke(self, ctx: Any) -> Any:  # click.Context, vendored by typer
        try:
            return super().invoke(ctx)
        except WarrantorError as error:
            typer.echo(f"Error: {error.message}", err=True)
            if isinstance(error, InvalidInput):
                for problem in error.problems[:50]:
                    typer.echo(f"  {problem}", err=True)
                if len(error.problems) > 50:
                    typer.echo(f"  ... and {len(error.problems) - 50} more", err=True)
            elif isinstance(error, Ambiguous):
                typer.echo(f"  choose one of: {', '.join(error.choices)}", err=True)
            elif isinstance(error, Refused) and error.clause_ids:
                typer.echo(f"  clauses: {', '.join(error.clause_ids)}", err=True)
            elif isinstance(error, NotFound):
                pass
            raise typer.Exit(code=2) from None


app = typer.Typer(
    cls=WarrantorGroup,
    help="Warrantor: warranty policies, the installed base, extended warranties and RMAs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _options(
    ctx: typer.Context,
    time_zone: str = typer.Option(
        shown_times.DEFAULT,
        shown_times.OPTION,
        envvar=shown_times.ENV,
        help=shown_times.HELP,
    ),
) -> None:
    """Warrantor: warranty policies, the installed base, extended warranties and RMAs."""
    source = ctx.get_parameter_source("time_zone")
    from_env = source is not None and source.name == "ENVIRONMENT"
    shown_times.choose(time_zone, shown_times.ENV if from_env else shown_times.OPTION)


def _register() -> None:
    """Attach every command group. Imported here so `--help` lists them all."""
    from warrantor.cli import (
        accounts,
        audit,
        certificate,
        check,
        coverage,
        db,
        demo,
        extensions,
        help_requests,
        models,
        policy,
        prices,
        reports,
        rma,
        serve,
        units,
        users,
        worker,
    )

    app.add_typer(db.app, name="db")
    app.add_typer(units.app, name="units")
    app.add_typer(accounts.app, name="accounts")
    app.add_typer(policy.app, name="policy")
    app.add_typer(users.app, name="users")
    app.add_typer(prices.app, name="prices")
    app.add_typer(models.app, name="models")
    app.add_typer(extensions.app, name="extensions")
    app.add_typer(certificate.app, name="certificate")
    app.add_typer(rma.app, name="rma")
    app.add_typer(worker.app, name="worker")
    app.add_typer(audit.app, name="audit")
    app.add_typer(coverage.app, name="coverage")
    app.add_typer(help_requests.app, name="help-requests")
    app.add_typer(reports.app, name="reports")
    app.command("check")(check.check)
    app.command("demo")(demo.demo)
    app.command("serve")(serve.serve)


_register()
