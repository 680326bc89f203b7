"""Use cases: the admin's directory (issue #23, items 1 and 2): accounts a page at a time,
and one search over users (e-mail, name) and accounts (code, name), exact matches
first, then prefixes, then names like the text (``store.directory_search``).
Warranty admins only (and the CLI operator)."""

from __future__ import annotations

from dataclasses import dataclass

from warrantor.domain.actors import Actor
from warrantor.services.access.users import require_admin
from warrantor.services.paging import Page, read_page
from warrantor.services.text_search import SEARCH_MOST, Tier, search_text, tiers
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.directory_search import AccountSearch, UserSearch
from warrantor.store.users import User

ACCOUNTS_LIST = "accounts"
"""The accounts list's name in its page cursors (key: the code, unique)."""


def page_accounts(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    kind: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[Account]:
    """One page of the accounts (of ``kind`` if given), by code, after ``cursor``; not
    counted (a full-table list: ``total`` is ``None``)."""
    require_admin(actor, "list accounts")
    with uow_factory() as uow:
        return read_page(
            limit,
            cursor,
            ACCOUNTS_LIST,
            (str,),
            lambda after, most: uow.accounts.list(kind, most, after),
            lambda account: (account.code,),
        )


@dataclass(frozen=True, slots=True)
class UserHit:
    tier: Tier
    matched: str
    """email, name or similar."""
    user: User


@dataclass(frozen=True, slots=True)
class AccountHit:
    tier: Tier
    matched: str
    """code, name or similar."""
    account: Account


def search_users(
    uow_factory: UnitOfWorkFactory, actor: Actor, wanted: str, limit: int = 20
) -> list[UserHit]:
    """At most ``limit`` users matching ``wanted``: the exact address, then by prefix, then
    names and addresses like it. ``InvalidInput`` naming ``q`` or ``limit``."""
    require_admin(actor, "search users")
    text = search_text(wanted, SEARCH_MOST, limit)
    with uow_factory() as uow:
        search = UserSearch(uow.connection)
        hits = []
        for tier, user_id, matched in tiers(text, limit, search.exact, search.prefix, search.fuzzy):
            user = uow.users.by_id(user_id)
            if user is not None:
                hits.append(UserHit(tier, matched, user))
    return hits


def search_accounts(
    uow_factory: UnitOfWorkFactory, actor: Actor, wanted: str, limit: int = 20
) -> list[AccountHit]:
    """At most ``limit`` accounts matching ``wanted``: the exact code, then by prefix, then
    names and codes like it. ``InvalidInput`` naming ``q`` or ``limit``."""
    require_admin(actor, "search accounts")
    text = search_text(wanted, SEARCH_MOST, limit)
    with uow_factory() as uow:
        search = AccountSearch(uow.connection)
        found = tiers(text, limit, search.exact, search.prefix, search.fuzzy)
        by_id = uow.accounts.by_ids([account_id for _, account_id, _ in found])
    return [AccountHit(tier, matched, by_id[i]) for tier, i, matched in found if i in by_id]
