"""`warrantor accounts ...`: the customers, distributors and staff units and RMAs refer to."""

from __future__ import annotations

from dataclasses import asdict

import typer

from warrantor.cli import account_pages
from warrantor.cli.hits import print_hits
from warrantor.cli.options import open_runtime
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, print_pages
from warrantor.domain.actors import Actor
from warrantor.domain.units import normalize_country
from warrantor.errors import InvalidInput, Problem
from warrantor.services.access.directory import page_accounts, search_accounts
from warrantor.services.paging import Page
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
    limit: int = typer.Option(100, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """List accounts by code, a page at a time (not counted)."""
    uow_factory = open_runtime().uow_factory

    def read(after: str | None) -> Page[Account]:
        return page_accounts(uow_factory, Actor.operator(), kind, limit, after)

    print_pages(read, cursor, every, as_json, _echo_account, "account", asdict)


def _echo_account(account: Account) -> None:
    direct = "direct" if account.is_direct_customer else ""
    typer.echo(f"{account.code}  {account.kind}  {direct}  {account.name}".replace("    ", "  "))


@app.command()
def search(
    text: str = typer.Argument(..., help="An account code, its start, or a name"),
    limit: int = typer.Option(20, "--limit", help="At most this many"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Find accounts: the exact code first, then codes and names starting with the text,
    then names and codes like it."""
    hits = search_accounts(open_runtime().uow_factory, Actor.operator(), text, limit)
    print_hits(hits, lambda hit: hit.account, as_json, _echo_account, asdict, "account")


app.command("show")(account_pages.show)
