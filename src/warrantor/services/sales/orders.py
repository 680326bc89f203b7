"""Use cases: a direct customer buys an extension for one unit (offer, order, pay, cancel).

The direct customer a unit was first invoiced to (a distributor, or an end
customer who bought from the maker) orders +N years for it. The policy engine
decides whether it may be sold (``extension_offer``); each refusal names its
clause. An accepted request becomes an order awaiting payment, at the price in
force on the order day. When staff record the payment, in one unit of work,
the order becomes paid, the extension is granted with its dates and its
certificate is issued: a failure anywhere leaves the order unpaid and the unit
as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from warrantor.certificates.keys import KeyRing
from warrantor.domain.actors import Actor
from warrantor.domain.order_lifecycle import order_step, placing_step
from warrantor.domain.sales import Order, PriceList
from warrantor.domain.units import Unit
from warrantor.errors import N_, Conflict, NotFound, PermissionDenied, Refused, Said
from warrantor.policy.book import PolicyBook
from warrantor.policy.offers import OfferDecision, OfferOutcome
from warrantor.services.installed_base.coverage_projection import refresh_projections
from warrantor.services.installed_base.units import find_unit, may_see_unit
from warrantor.services.paging import Page
from warrantor.services.sales.common import (
    buyer_account,
    listed_account,
    lists_nothing,
    offer_for,
    page_newest_first,
    price_in_force,
    require_allowed,
    require_taken,
    sees_everything,
)
from warrantor.services.sales.grants import grant_extension
from warrantor.services.sales.payments import Charge, PaymentMethod
from warrantor.services.sentences import no_unit
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.sales_orders import NewOrder


@dataclass(frozen=True, slots=True)
class OfferAnswer:
    """Whether +N years may be sold for a unit today, and at what price."""

    unit: Unit
    buyer: str
    decision: OfferDecision
    price: PriceList | None


ORDER = N_("extension order %(order)s")
"""An order named in a sentence (its number is data)."""


def may_be_offered_to(actor: Actor, unit: Unit) -> bool:
    """Whether ``actor`` may ask what an extension of ``unit`` would be: whoever may see
    the unit (staff, its owner, its distributor), and the direct customer it was first
    invoiced to (who may not be recorded as its owner)."""
    if may_see_unit(actor, unit):
        return True
    return actor.account_code is not None and unit.first_invoiced_to == actor.account_code


def _offerable_unit(uow: UnitOfWork, actor: Actor, serial: str, brand: str | None) -> Unit:
    """The unit, if ``actor`` may be offered an extension of it; else ``NotFound`` worded as
    for a serial nobody has (the refusal would tell another party's invoice dates, or that
    the serial exists)."""
    unit = find_unit(uow, serial, brand)
    if not may_be_offered_to(actor, unit):
        raise NotFound(no_unit(unit.serial, brand.strip() if brand else None))
    return unit


def _not_this_units_customer(unit: Unit, buyer: Account) -> bool:
    return buyer.is_direct_customer and unit.first_invoiced_to != buyer.code


def _check(
    uow: UnitOfWork,
    book: PolicyBook,
    unit: Unit,
    buyer: Account,
    years: int,
    on: date,
) -> OfferDecision:
    """The engine's answer; ``Refused`` / ``InvalidInput`` unless it is allowed."""
    policy = book.judging(unit)
    existing = uow.extensions.for_unit(unit.brand, unit.serial)
    offer = offer_for(policy, unit, on, years, buyer, existing)
    if offer.outcome is OfferOutcome.REFUSED and _not_this_units_customer(unit, buyer):
        raise Refused(
            f"{unit.serial}: {buyer.code} is not the direct customer this unit was first "
            f"invoiced to. {offer.summary}",
            list(offer.clause_ids),
        )
    require_allowed(offer, unit.serial)
    return offer


def offer_extension(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    serial: str,
    years: int,
    on: date,
    brand: str | None = None,
    account: str | None = None,
    currency: str | None = None,
) -> OfferAnswer:
    """May +``years`` be sold for this unit on ``on``, and its price; nothing is written.

    A refusal is returned, not raised, so a page can show it with its clauses. A unit
    the actor may not see (``may_be_offered_to``) is ``NotFound``, worded as for a
    serial nobody has: the answer would tell another party's invoice dates.
    """
    with uow_factory() as uow:
        unit = _offerable_unit(uow, actor, serial, brand)
        buyer = buyer_account(uow, actor, account, unit.first_invoiced_to)
        policy = book.judging(unit)
        existing = uow.extensions.for_unit(unit.brand, unit.serial)
        decision = offer_for(policy, unit, on, years, buyer, existing)
        price = None
        if decision.allowed and unit.product_line:
            matching = [
                p
                for p in uow.extensions.prices.matching(
                    unit.brand, unit.product_line, years, currency
                )
                if p.in_force_on(on)
            ]
            price = matching[0] if len(matching) == 1 else None
        return OfferAnswer(unit, buyer.code, decision, price)


def place_order(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    serial: str,
    years: int,
    now: datetime,
    brand: str | None = None,
    account: str | None = None,
    currency: str | None = None,
) -> Order:
    """Order +``years`` for a unit: checked by the policy, priced by the list in force today.

    The buyer is the actor's account (staff name one; by default the account the
    unit was first invoiced to). Refusals: ``Refused`` with the clause ids; an
    unknown unit, or one the actor may not be offered (``may_be_offered_to``),
    ``NotFound`` worded alike; no price in force ``InvalidInput``; an order
    already awaiting payment for the unit ``Conflict``.
    """
    on = now.date()
    with uow_factory() as uow:
        unit = _offerable_unit(uow, actor, serial, brand)
        buyer = buyer_account(uow, actor, account, unit.first_invoiced_to)
        _check(uow, book, unit, buyer, years, on)
        assert unit.product_line is not None
        price = price_in_force(uow, unit.brand, unit.product_line, years, on, currency)
        unit_id = uow.units.id_of(unit.brand, unit.serial)
        account_id = uow.accounts.id_of(buyer.code)
        assert unit_id is not None and account_id is not None
        uow.extensions.lock_unit(unit_id)
        if uow.extensions.orders.count_open_for_unit(unit_id):
            waiting = N_(
                "%(serial)s already has an extension order awaiting payment; pay or cancel it first"
            )
            raise Conflict(Said(waiting, serial=unit.serial))
        new = NewOrder(unit_id, account_id, years, price.id, price.price, on)
        return uow.extensions.orders.add(new, placing_step(), actor.label, now)


def _visible_order(uow: UnitOfWork, actor: Actor, order_id: int, for_update: bool = False) -> Order:
    order = uow.extensions.orders.get(order_id, for_update=for_update)
    if order is None or not (sees_everything(actor) or order.account_code == actor.account_code):
        raise NotFound(Said(N_("no extension order %(order)s"), order=str(order_id)))
    return order


def show_order(uow_factory: UnitOfWorkFactory, actor: Actor, order_id: int) -> Order:
    """One order: the buyer's own, or any for staff; anyone else's is ``NotFound``."""
    with uow_factory() as uow:
        return _visible_order(uow, actor, order_id)


def list_orders(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    status: str | None = None,
    account: str | None = None,
    limit: int = 100,
    unit: tuple[str, str] | None = None,
) -> list[Order]:
    """Orders, newest first: staff see all (or one account's); others their own only;
    with ``unit`` (brand, serial), that unit's only (the extend page's list)."""
    if lists_nothing(actor):
        return []
    with uow_factory() as uow:
        return uow.extensions.orders.find(listed_account(actor, account), status, limit, unit=unit)


def page_orders(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    status: str | None = None,
    account: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[Order]:
    """One page of ``list_orders`` (newest first) after ``cursor``; not counted."""
    return page_newest_first(
        uow_factory,
        actor,
        account,
        limit,
        cursor,
        "orders",
        lambda uow, owner, most, before: uow.extensions.orders.find(
            owner, status, most, before_id=before
        ),
    )


def pay_order(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    keys: KeyRing,
    actor: Actor,
    order_id: int,
    method: PaymentMethod,
    reference: str,
    now: datetime,
) -> Order:
    """Record the payment and, in the same unit of work, grant the extension and certify it.

    The offer rules are asked again at payment time, with one rule chosen here:
    the purchase window is counted at the *order day* (a customer who ordered
    on day 60 and paid on day 65 bought in time; the price, too, is the order
    day's). Every other rule is judged on the facts at payment time (the
    unit's extensions now, the buyer's standing now), so two orders for one
    unit can never together pass the maximum. A refusal records nothing: the
    order stays awaiting payment and staff cancel it (and return the money).
    """
    with uow_factory() as uow:
        order = _visible_order(uow, actor, order_id, for_update=True)
        if not actor.is_staff:
            raise PermissionDenied("only a support agent or an admin may record a payment")
        step = order_step(order, "pay")
        charge = Charge("order", order.id, order.account_code, order.price)
        payment = method.collect(charge, actor, reference, now)
        unit = uow.units.get(order.brand, order.serial)
        buyer = uow.accounts.get(order.account_code)
        unit_id = uow.units.id_of(order.brand, order.serial)
        assert unit is not None and buyer is not None and unit_id is not None
        uow.extensions.lock_unit(unit_id)
        _check(uow, book, unit, buyer, order.years, order.ordered_on)
        granted = grant_extension(
            uow,
            keys,
            book.judging(unit),
            unit,
            years=order.years,
            purchased_on=order.ordered_on,
            buyer=buyer,
            now=now,
        )
        refresh_projections(uow, book, [unit_id])
        uow.extensions.orders.add_payment(payment, order_id=order.id)
        paid_now = uow.extensions.orders.close(order.id, step, now, granted.id)
        require_taken(paid_now, Said(ORDER, order=str(order_id)))
        paid = uow.extensions.orders.get(order.id)
        assert paid is not None
        return paid


def cancel_order(
    uow_factory: UnitOfWorkFactory, actor: Actor, order_id: int, now: datetime
) -> Order:
    """Cancel an order awaiting payment (the buyer, or staff); a paid one is ``Conflict``."""
    with uow_factory() as uow:
        order = _visible_order(uow, actor, order_id, for_update=True)
        step = order_step(order, "cancel")
        cancelled_now = uow.extensions.orders.close(order.id, step, now)
        require_taken(cancelled_now, Said(ORDER, order=str(order_id)))
        cancelled = uow.extensions.orders.get(order.id)
        assert cancelled is not None
        return cancelled
