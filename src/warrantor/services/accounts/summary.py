"""Use case: one account at a glance for the staff (issue #23, item 7).

Who the account is, who signs in for it (its contacts), and four lists, each
paged by cursor as everywhere else: its units, its RMAs, its extension
orders, its certificates. The units and RMAs are exactly those the account's
own users see (``services.installed_base.units`` and ``services.rma.access``:
a customer's own; a distributor's or dealer's, first invoiced to it or opened
by it), read through the same paged use cases as if the account asked, so the
staff page and the customer's portal can't disagree. Orders are those it
placed; certificates those it bought or that are for units it owns; help requests those
its users sent (issue #23, items 6 and 7), in every state.

Staff only (agents, technicians, admins: every staff role sees every account's
objects anyway); to anyone else an account is ``NotFound``, as if there were
none, so codes can't be probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import Rma
from warrantor.domain.sales import Order
from warrantor.domain.units import Unit
from warrantor.errors import InvalidInput, NotFound, Problem
from warrantor.services.installed_base.units import page_visible_units
from warrantor.services.paging import Page, check_limit, decode_cursor, page_of
from warrantor.services.rma.queues import RmaQuery, page_rmas
from warrantor.services.sales.orders import page_orders
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.certificates import IssuedCertificate
from warrantor.store.help_requests import HelpRequest, HelpRequestRepository
from warrantor.store.units import UnitFilter
from warrantor.store.users import User

Section = Literal["units", "rmas", "orders", "certificates", "help_requests"]
SECTIONS: tuple[Section, ...] = get_args(Section)

CERTIFICATES_LIST = "account_certificates"
"""The account's certificates' list name in page cursors (by number, from the last)."""
HELP_LIST = "account_help_requests"
"""The account's help requests' list name in page cursors (oldest first, by id)."""

MAX_CONTACTS = 100

_AS_ROLE = {"customer": Role.CUSTOMER, "distributor": Role.DISTRIBUTOR, "dealer": Role.DEALER}
"""The role an account's own users have: its lists are read as they see them."""


@dataclass(frozen=True, slots=True)
class AccountSummary:
    account: Account
    contacts: list[User]
    """The users who sign in for it (name, e-mail, role, active), by e-mail."""
    units: Page[Unit]
    rmas: Page[Rma]
    orders: Page[Order]
    certificates: Page[IssuedCertificate]
    help_requests: Page[HelpRequest]
    """Its help requests (unknown serials, claims on units), every state, counted."""


def _account(uow_factory: UnitOfWorkFactory, actor: Actor, code: str) -> Account:
    with uow_factory(read_only=True) as uow:
        account = uow.accounts.get(code.strip()) if actor.is_staff else None
    if account is None:
        raise NotFound(f"no account {code.strip()}")
    return account


def account_summary(
    uow_factory: UnitOfWorkFactory, actor: Actor, code: str, now: datetime, limit: int = 10
) -> AccountSummary:
    """The account, its contacts, and the first ``limit`` rows of each list."""
    check_limit(limit)
    account = _account(uow_factory, actor, code)
    with uow_factory(read_only=True) as uow:
        contacts = uow.users.list_users(account_code=account.code, limit=MAX_CONTACTS)

    def first(section: Section) -> Any:
        return _section(uow_factory, actor, account, section, limit, None, now)

    return AccountSummary(
        account=account,
        contacts=contacts,
        units=first("units"),
        rmas=first("rmas"),
        orders=first("orders"),
        certificates=first("certificates"),
        help_requests=first("help_requests"),
    )


def account_section(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    code: str,
    section: str,
    now: datetime,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[Any]:
    """One page of one of the account's lists (``SECTIONS``), after ``cursor``."""
    if section not in SECTIONS:
        message = f"section must be one of {', '.join(SECTIONS)}"
        raise InvalidInput(message, [Problem(message, "section")])
    check_limit(limit)
    account = _account(uow_factory, actor, code)
    return _section(uow_factory, actor, account, section, limit, cursor, now)


def _section(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    account: Account,
    section: str,
    limit: int,
    cursor: str | None,
    now: datetime,
) -> Page[Any]:
    if section == "orders":
        return page_orders(uow_factory, actor, account=account.code, limit=limit, cursor=cursor)
    if section == "certificates":
        return _certificates(uow_factory, account.code, limit, cursor)
    if section == "help_requests":
        return _help_requests(uow_factory, account.code, limit, cursor)
    role = _AS_ROLE.get(account.kind)
    if role is None:  # the maker's own accounts own no units and open no RMAs
        return Page([], None, 0 if section == "rmas" else None)
    itself = Actor(role, account.code)
    if section == "units":
        return page_visible_units(uow_factory, itself, UnitFilter(limit=limit), cursor)
    return page_rmas(uow_factory, itself, RmaQuery(limit=limit), now, cursor)


def _certificates(
    uow_factory: UnitOfWorkFactory, code: str, limit: int, cursor: str | None
) -> Page[IssuedCertificate]:
    after = decode_cursor(CERTIFICATES_LIST, cursor, (str,))
    before = str(after[0]) if after else None
    with uow_factory(read_only=True) as uow:
        found = uow.certificates.for_account(code, limit + 1, before)
    return page_of(found, limit, CERTIFICATES_LIST, lambda c: (c.certificate.number,))


def _help_requests(
    uow_factory: UnitOfWorkFactory, code: str, limit: int, cursor: str | None
) -> Page[HelpRequest]:
    after = decode_cursor(HELP_LIST, cursor, (int,))
    after_id = after[0] if after and isinstance(after[0], int) else None
    with uow_factory(read_only=True) as uow:
        repository = HelpRequestRepository(uow.connection)
        found = repository.page(None, code, limit + 1, after_id)
        total = repository.count(None, code)
    return page_of(found, limit, HELP_LIST, lambda r: (r.id,), total)
