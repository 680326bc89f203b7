"""Use case: the names of accounts the staff's pages mention by code (issue #25, item 2).

An RMA, a search hit or a help request records its customer's account by code
(``CUST-US-029``); the desk reads the account's name ("Ben Garcia") beside it.
"""

from __future__ import annotations

from collections.abc import Iterable

from warrantor.domain.actors import Actor
from warrantor.services.uow import UnitOfWorkFactory


def account_names(
    uow_factory: UnitOfWorkFactory, actor: Actor, codes: Iterable[str | None]
) -> dict[str, str]:
    """The names of the accounts with ``codes``, by code, for the staff (anyone else: none,
    as accounts are the staff's to see); a code with no account is left out."""
    wanted = sorted({code for code in codes if code})
    if not actor.is_staff or not wanted:
        return {}
    with uow_factory(read_only=True) as uow:
        return uow.accounts.names_of(wanted)
