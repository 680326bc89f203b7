"""`warrantor users ...`: users and their API tokens; `users create` makes the first admin.

The CLI runs on the server with database access and acts as the operator
(an admin), so it can make the first admin before anyone can sign in.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import typer

from warrantor.cli.hits import print_hits
from warrantor.cli.options import open_runtime
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, print_pages
from warrantor.domain.actors import Actor
from warrantor.services.access.directory import search_users
from warrantor.services.access.tokens import create_token, page_tokens, revoke_token
from warrantor.services.access.users import (
    NewUser,
    change_role,
    create_user,
    deactivate_user,
    page_users,
    reactivate_user,
)
from warrantor.services.outbox.failing import correct_user_address
from warrantor.services.paging import Page
from warrantor.store.users import ApiToken, User

app = typer.Typer(help="Users and API tokens.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for integrations.", no_args_is_help=True)
app.add_typer(tokens_app, name="tokens")

EMAIL = typer.Argument(..., help="The user's email")
REASON = typer.Option("", "--reason", help="Why (kept in the audit trail)")


def _user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "account": user.account_code,
        "active": user.active,
        "created_at": user.created_at.isoformat(),
        "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
    }


def _token_json(token: ApiToken) -> dict[str, Any]:
    def instant(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": instant(token.created_at),
        "last_used_at": instant(token.last_used_at),
        "expires_at": instant(token.expires_at),
        "revoked_at": instant(token.revoked_at),
    }


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@app.command()
def create(
    email: str = typer.Option(..., "--email", help="Sign-in email (stored lower-cased)"),
    name: str = typer.Option(..., "--name", help="The person's name"),
    role: str = typer.Option(
        ..., "--role", help="customer, distributor, dealer, agent, technician or admin"
    ),
    account: str = typer.Option(
        ..., "--account", help="Code of the account they act for (see `warrantor accounts list`)"
    ),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of stdin"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Add a user (asks for the password twice unless --password-stdin)."""
    password = _read_password(password_stdin)
    runtime = open_runtime()
    user = create_user(
        runtime.uow_factory,
        Actor.operator(),
        NewUser(email, name, role, account, password),
        runtime.clock.now(),
    )
    if as_json:
        typer.echo(json.dumps(_user_json(user), indent=2))
        return
    typer.echo(f"user {user.email} created: {user.role} for account {user.account_code}")


@app.command("list")
def list_(
    account: str = typer.Option(None, "--account", help="Only users of this account"),
    limit: int = typer.Option(100, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """List users by email, a page at a time (not counted)."""
    uow_factory = open_runtime().uow_factory

    def read(after: str | None) -> Page[User]:
        return page_users(uow_factory, Actor.operator(), account, limit, after)

    print_pages(read, cursor, every, as_json, _echo_user, "user", _user_json)


def _echo_user(user: User) -> None:
    state = "" if user.active else "  (deactivated)"
    typer.echo(f"{user.email:40} {user.role:11} {user.account_code}{state}")


@app.command()
def search(
    text: str = typer.Argument(..., help="An e-mail address, its start, or a name"),
    limit: int = typer.Option(20, "--limit", help="At most this many"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Find users: the exact address first, then addresses and names starting with the
    text, then names and addresses like it."""
    hits = search_users(open_runtime().uow_factory, Actor.operator(), text, limit)
    print_hits(hits, lambda hit: hit.user, as_json, _echo_user, _user_json, "user")


@app.command()
def deactivate(
    email: str = EMAIL,
    reason: str = REASON,
) -> None:
    """Stop a user signing in: their sessions end and their API tokens stop working."""
    runtime = open_runtime()
    user = deactivate_user(
        runtime.uow_factory, Actor.operator(), email, runtime.clock.now(), reason
    )
    typer.echo(f"user {user.email} deactivated")


@app.command()
def reactivate(
    email: str = EMAIL,
    reason: str = REASON,
) -> None:
    """Let a deactivated user sign in again, with their old password; their API tokens
    work again unless revoked or expired (`users tokens revoke` ends one for good)."""
    runtime = open_runtime()
    user = reactivate_user(
        runtime.uow_factory, Actor.operator(), email, runtime.clock.now(), reason
    )
    typer.echo(f"user {user.email} is active")


@app.command("mail-corrected")
def mail_corrected(
    email: str = EMAIL,
    reason: str = REASON,
) -> None:
    """The user's sign-in address, refused by a mail server, works again: mail goes to it."""
    runtime = open_runtime()
    refusal = correct_user_address(
        runtime.uow_factory, Actor.operator(), email, runtime.clock.now(), reason
    )
    typer.echo(f"mail goes to {refusal.address} again (it was refused: {refusal.reason})")


@app.command()
def role(
    email: str = EMAIL,
    new_role: str = typer.Argument(
        ..., metavar="ROLE", help="customer, distributor, dealer, agent, technician or admin"
    ),
    reason: str = REASON,
) -> None:
    """Give a user another role (one that fits their account); their sessions end."""
    runtime = open_runtime()
    user = change_role(
        runtime.uow_factory, Actor.operator(), email, new_role, runtime.clock.now(), reason
    )
    typer.echo(f"user {user.email} is now {user.role} for account {user.account_code}")


@tokens_app.command("create")
def tokens_create(
    email: str = typer.Option(..., "--email", help="The user the token acts as"),
    name: str = typer.Option(..., "--name", help="What the token is for, e.g. 'ERP sync'"),
    expires_in_days: int = typer.Option(None, "--expires-in-days", help="Stop working after"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Make an API token; its value is printed this once, never again."""
    runtime = open_runtime()
    created = create_token(
        runtime.uow_factory,
        Actor.operator(),
        name,
        runtime.clock.now(),
        expires_in_days,
        email=email,
    )
    if as_json:
        typer.echo(json.dumps({**_token_json(created.token), "token": created.secret}, indent=2))
        return
    typer.echo(created.secret)
    typer.echo(
        f"token {created.token.id} ({created.token.name}) for {email}: store it now, "
        "it is not shown again. Send it as 'Authorization: Bearer <token>'.",
        err=True,
    )


@tokens_app.command("list")
def tokens_list(
    email: str = typer.Option(None, "--email", help="Only this user's tokens"),
    limit: int = typer.Option(100, "--limit", help="At most this many a page"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """List tokens (prefix only), newest first, a page at a time (not counted)."""
    uow_factory = open_runtime().uow_factory

    def read(after: str | None) -> Page[ApiToken]:
        return page_tokens(uow_factory, Actor.operator(), email, limit, after)

    def echo(token: ApiToken) -> None:
        state = "revoked" if token.revoked_at else "active"
        typer.echo(f"{token.id:5} {token.prefix}…  {token.name:30} {state}")

    print_pages(read, cursor, every, as_json, echo, "token", _token_json)


@tokens_app.command("revoke")
def tokens_revoke(token_id: int = typer.Argument(..., help="The token's id (see `list`)")) -> None:
    """Revoke a token at once."""
    runtime = open_runtime()
    token = revoke_token(runtime.uow_factory, Actor.operator(), token_id, runtime.clock.now())
    typer.echo(f"token {token.id} ({token.name}) revoked")
