"""Picking an account by its name on an admin's form (issue #25, item 2: names, not codes).

The "Add a user" form offers the accounts matching what the admin types, each by its name
with its code ("Acme Analytics Corp. (CUST-US-029)"; the admin's directory search,
``services.access.directory.search_accounts``), and sends the code. What reaches the server
is read as a code, as a choice as shown ("Name (CODE)") or as an account's exact name
(one account of that name; several are named back to choose from); the services, the API
and the CLI keep taking the code.
"""

from __future__ import annotations

import re

from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput, Problem
from warrantor.services.access.directory import search_accounts
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

CHOICES = 20
"""Accounts the list offers for what is typed, the likest first."""

NAMED_AMONG = 50
"""Accounts searched for one whose name is exactly what was typed."""

_SHOWN = re.compile(r"\(([^()\s]+)\)\s*$")
"""A choice as the list shows it, "Acme Analytics Corp. (CUST-US-029)": the code at the end."""


def shown(account: Account) -> str:
    """An account as the list shows it: its name, its code in brackets."""
    return f"{account.name} ({account.code})" if account.name else account.code


def account_choices(reads: UnitOfWorkFactory, actor: Actor, typed: str) -> list[Account]:
    """The accounts matching ``typed`` (a code, or words of a name), best first; none for
    nothing typed."""
    if not typed.strip():
        return []
    return [hit.account for hit in search_accounts(reads, actor, typed, CHOICES)]


def account_code(reads: UnitOfWorkFactory, actor: Actor, typed: str, field: str) -> str:
    """The code of the account ``typed`` names: a code, a choice as shown or an exact name;
    ``InvalidInput`` naming ``field`` when no account, or several, answer to it."""
    text = " ".join(typed.split())
    if not text:
        raise InvalidInput("choose the account", [Problem("is required", field)])
    chosen = _SHOWN.search(text)
    wanted = chosen.group(1) if chosen else text
    hits = search_accounts(reads, actor, wanted, NAMED_AMONG)
    coded = [h.account for h in hits if h.tier == "exact"]
    if coded:
        return coded[0].code
    named = [h.account for h in hits if h.account.name.casefold() == wanted.casefold()]
    if len(named) == 1:
        return named[0].code
    if named:
        listed = "; ".join(shown(a) for a in named)
        message = f"several accounts are named {wanted!r}: {listed}; choose one"
        raise InvalidInput(message, [Problem(message, field)])
    message = f"no account is named {wanted!r} or has it as its code; choose one from the list"
    raise InvalidInput(message, [Problem(message, field)])
