"""What every sales use case shares: who may do what, the offer check, the price in force.

The offer rules themselves are the policy engine's (``policy.offers.extension_offer``);
this module turns its answer into the errors the entry points show: a refusal is
``Refused`` naming each clause, a missing fact ``InvalidInput`` naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol, TypeVar

from warrantor.domain.actors import Actor, Role
from warrantor.domain.coverage import Extension
from warrantor.domain.sales import PriceList
from warrantor.domain.units import Unit
from warrantor.errors import (
    N_,
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Problem,
    Refused,
    Said,
)
from warrantor.policy.model import Policy
from warrantor.policy.offers import OfferDecision, OfferOutcome, extension_offer
from warrantor.services.paging import Page, check_limit, decode_cursor, page_of
from warrantor.services.sentences import about, one_of
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.accounts import Account

PAYMENT_ROLES = frozenset({Role.AGENT, Role.ADMIN})
"""Who records payments: support agents and admins (not technicians, not customers)."""


def require_admin(actor: Actor, what: str) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDenied(f"only an admin may {what}")


def require_payment_staff(actor: Actor) -> None:
    if actor.role not in PAYMENT_ROLES:
        raise PermissionDenied("only a support agent or an admin may record a payment")


def require_taken(taken: bool, what: str) -> None:
    """``Conflict`` when a status step found ``what`` already moved on (the caller locked
    its row, so only a request that got there first does that)."""
    if not taken:
        raise Conflict(Said(N_("%(what)s changed meanwhile; try again"), what=what))


def sees_everything(actor: Actor) -> bool:
    """Staff see every order and quote; everyone else only their account's."""
    return actor.is_staff


def listed_account(actor: Actor, asked: str | None) -> str | None:
    """Whose orders or quotes ``actor`` lists: staff the account asked for (``None``: every
    account), anyone else their own (``None`` only when nothing is theirs: ``lists_nothing``)."""
    return asked if sees_everything(actor) else actor.account_code


def lists_nothing(actor: Actor) -> bool:
    """A login that is neither staff nor linked to an account has no orders or quotes."""
    return not sees_everything(actor) and actor.account_code is None


class _Numbered(Protocol):
    @property
    def id(self) -> int: ...


Row = TypeVar("Row", bound=_Numbered)


def page_newest_first(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    account: str | None,
    limit: int,
    cursor: str | None,
    list_name: str,
    find: Callable[[UnitOfWork, str | None, int, int | None], list[Row]],
) -> Page[Row]:
    """One page of an order or quote list, newest first (by id) after ``cursor``; not counted.

    ``find(uow, account, how_many, before_id)`` reads the rows (``listed_account``'s
    account, ``limit + 1`` of them, ids below ``before_id``)."""
    check_limit(limit)
    after = decode_cursor(list_name, cursor, (int,))
    if lists_nothing(actor):
        return Page([], None)
    before = after[0] if after and isinstance(after[0], int) else None
    with uow_factory() as uow:
        found = find(uow, listed_account(actor, account), limit + 1, before)
    return page_of(found, limit, list_name, lambda row: (row.id,))


def own_account(actor: Actor) -> str:
    """The account a customer or distributor acts for (they must have one)."""
    if actor.account_code is None:
        raise PermissionDenied(N_("this login is not linked to an account"))
    return actor.account_code


def buyer_account(
    uow: UnitOfWork, actor: Actor, requested: str | None, default: str | None
) -> Account:
    """The account buying: the actor's own; staff name one (else ``default``)."""
    if actor.is_staff:
        code = requested or default
        if code is None:
            raise InvalidInput(
                "name the buying account", [Problem("staff must name the buyer", "account")]
            )
    else:
        code = own_account(actor)
        if requested is not None and requested != code:
            raise PermissionDenied(N_("you can only buy for your own account"))
    account = uow.accounts.get(code)
    if account is None:
        raise NotFound(f"no account {code}")
    return account


def where_valid(unit: Unit, buyer: Account) -> str | None:
    """Where the extension would be used: the unit's country of purchase when known,
    else the buying account's country (a distributor's stock is not sold on yet)."""
    return unit.country_of_purchase or buyer.country


def offer_for(
    policy: Policy,
    unit: Unit,
    on: date,
    years: int,
    buyer: Account,
    existing: tuple[Extension, ...],
) -> OfferDecision:
    """Ask the engine. The buyer counts as a direct customer only for the units first
    invoiced to it: an end customer or another distributor is not *this* unit's direct
    customer (QNAP: "can only be purchased by QNAP direct customers")."""
    is_direct = buyer.is_direct_customer and unit.first_invoiced_to == buyer.code
    return extension_offer(policy, unit, on, years, is_direct, where_valid(unit, buyer), existing)


def require_allowed(offer: OfferDecision, serial: str) -> None:
    """``Refused`` naming every clause, or ``InvalidInput`` naming the missing fact."""
    if offer.outcome is OfferOutcome.REFUSED:
        raise Refused(about(serial, offer.summary), list(offer.clause_ids))
    if offer.outcome is OfferOutcome.NEEDS_INFORMATION:
        problems = [Problem(m.why, m.fact) for m in offer.missing]
        raise InvalidInput(about(serial, offer.summary), problems)


def price_in_force(
    uow: UnitOfWork,
    brand: str,
    product_line: str,
    years: int,
    on: date,
    currency: str | None,
) -> PriceList:
    """The one price list in force on ``on``; a clear ``InvalidInput`` when there is none
    (or several currencies and none was named)."""
    found = [
        p
        for p in uow.extensions.prices.matching(brand, product_line, years, currency)
        if p.in_force_on(on)
    ]
    what = f"{brand} {product_line} +{years} years"
    if not found:
        in_currency = f" in {currency}" if currency else ""
        message = f"no price list for {what}{in_currency} is in force on {on.isoformat()}"
        raise InvalidInput(message, [Problem(N_("no price list in force"), "years")])
    if len(found) > 1:
        currencies = sorted(p.price.currency for p in found)
        message = f"{what} is priced in several currencies ({', '.join(currencies)}); name one"
        raise InvalidInput(message, [Problem(one_of(currencies), "currency")])
    return found[0]
