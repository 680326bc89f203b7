"""`warrantor accounts ...`: the customers, distributors and staff units and RMAs refer to."""

from __future__ import annotations

import json
from dataclasses import asdict

import typer

from warrantor.cli import account_pages
from warrantor.cli.options import open_runtime
from warrantor.domain.units import normalize_country
from warrantor.errors import InvalidInput, Problem
from warrantor.store.accounts import Account
from warrantor.store.tables import ACCOUNT_KINDS

app = typer.Typer(help="Accounts: customers, distributors, dealers, staff.", no_args_is_help=True)


@app.command()
def add(
    code: str = typer.Argument(..., help="Unique code, e.g. DIST-US"),
    name: str = typer.Option(..., "--name", help="Display name"),
    kind: str = typer.Option(..., "--kind", help=f"One of: {', '.join(ACCOUNT_KINDS)}"),
    direct: bool = typer.Option(
        False, "--direct", help="Buys from the maker (a distributor, or a customer buying direct)"
    ),
    country: str = typer.Option(None, "--country", help="Two-letter country code"),
    email: str = typer.Option(None, "--email", help="Contact e-mail"),
) -> None:
    """Add an account, or update the one with the same CODE."""
    if kind not in ACCOUNT_KINDS:
        raise InvalidInput(
            f"unknown kind {kind!r}",
            [Problem(f"must be one of {', '.join(ACCOUNT_KINDS)}", "kind")],
        )
    if country:
        try:
            country = normalize_country(country)
        except ValueError as error:
            raise InvalidInput(str(error), [Problem(str(error), "country")]) from None
    runtime = open_runtime()
    account = Account(code.strip(), name, kind, direct, country or None, email or None)
    with runtime.uow_factory() as uow:
        uow.accounts.upsert(account, runtime.clock.now())
    typer.echo(f"account {account.code} saved")


@app.command("list")
def list_(
    kind: str = typer.Option(None, "--kind", help="Only this kind"),
    limit: int = typer.Option(100, "--limit", help="At most this many"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """List accounts by code."""
    runtime = open_runtime()
    with runtime.uow_factory() as uow:
        found = uow.accounts.list(kind=kind, limit=limit)
    if as_json:
        typer.echo(json.dumps([asdict(account) for account in found], indent=2))
        return
    for account in found:
        direct = "direct" if account.is_direct_customer else ""
        typer.echo(
            f"{account.code}  {account.kind}  {direct}  {account.name}".replace("    ", "  ")
        )

app.command("show")(account_pages.show)
