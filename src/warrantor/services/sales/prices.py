"""Use cases: price lists for extended warranties (add, list, retire).

A price is per brand, product line and extension period (years), in integer
minor units of one currency, valid ``valid_from``..``valid_until`` (both
inclusive; open-ended when no end is given). Two unretired lists for the same
brand, line, period and currency never share a day, so the price in force on
any day is never in doubt. Admins write price lists; anyone signed in reads them.
"""

from __future__ import annotations

from datetime import date, datetime

from warrantor.domain.actors import Actor
from warrantor.domain.money import Money
from warrantor.domain.sales import PriceList
from warrantor.errors import Conflict, InvalidInput, NotFound, Problem
from warrantor.policy.book import PolicyBook
from warrantor.policy.extension_terms import extension_steps
from warrantor.services.audit import changes as audit
from warrantor.services.paging import Page, read_page
from warrantor.services.sales.common import require_admin
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.sales_prices import NewPrice


def _checked(book: PolicyBook, price: NewPrice) -> NewPrice:
    """The price with the brand spelled as its policy does; ``InvalidInput`` naming the field."""
    problems: list[Problem] = []
    policy = book.version_for(price.brand, None)  # NotFound for an unknown brand
    lines = dict(book.product_lines(price.brand))
    name = lines.get(price.product_line)
    if name is None:
        known = ", ".join(lines)
        problems.append(
            Problem(f"not a {policy.brand} product line (one of {known})", "product_line")
        )
    else:
        steps = extension_steps(policy, price.product_line)
        if not steps:
            problems.append(Problem(f"no extension is offered for {name}", "product_line"))
        elif price.years not in steps:
            shown = ", ".join(map(str, steps))
            problems.append(Problem(f"{name} is extended by {shown} years", "years"))
    if price.price.minor < 0:
        problems.append(Problem("must not be negative", "amount"))
    if price.valid_until is not None and price.valid_until < price.valid_from:
        problems.append(Problem("is before valid_from", "valid_until"))
    if problems:
        raise InvalidInput("invalid price list: " + "; ".join(map(str, problems)), problems)
    return NewPrice(
        brand=policy.brand,
        product_line=price.product_line,
        years=price.years,
        price=price.price,
        valid_from=price.valid_from,
        valid_until=price.valid_until,
        note=price.note,
    )


def add_price(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    actor: Actor,
    price: NewPrice,
    now: datetime,
) -> PriceList:
    """Add a price list; ``Conflict`` when it shares a day with another for the same
    brand, line, period and currency (end that one first with ``retire --last-day``)."""
    require_admin(actor, "manage price lists")
    price = _checked(book, price)
    with uow_factory() as uow:
        prices = uow.extensions.prices
        for other in prices.matching(
            price.brand, price.product_line, price.years, price.price.currency
        ):
            if other.overlaps(price.valid_from, price.valid_until):
                until = other.valid_until.isoformat() if other.valid_until else "open-ended"
                raise Conflict(
                    f"price list {other.id} ({other.price}, {other.valid_from.isoformat()} to "
                    f"{until}) already covers some of these days for {price.brand} "
                    f"{price.product_line} +{price.years} years in {price.price.currency}"
                )
        added = prices.add(price, actor.label, now)
        audit.price_added(uow, actor, now, added)
        return added


PRICES_LIST = "prices"
"""The price lists' name in their page cursors (key: brand, line, period, currency, start
day, id)."""


def page_prices(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    brand: str | None = None,
    product_line: str | None = None,
    on: date | None = None,
    include_retired: bool = False,
    limit: int = 100,
    cursor: str | None = None,
) -> Page[PriceList]:
    """One page of the price lists by brand, line, period, currency and start day, after
    ``cursor``; ``on``: only those in force that day. Not counted (``total`` is ``None``)."""
    with uow_factory() as uow:
        return read_page(
            limit,
            cursor,
            PRICES_LIST,
            (str, str, int, str, date, int),
            lambda after, most: uow.extensions.prices.find(
                brand, product_line, on, include_retired, most, after
            ),
            lambda p: (p.brand, p.product_line, p.years, p.price.currency, p.valid_from, p.id),
        )


def retire_price(
    uow_factory: UnitOfWorkFactory,
    actor: Actor,
    price_id: int,
    now: datetime,
    last_day: date | None = None,
) -> PriceList:
    """Withdraw a price list (never in force again), or, with ``last_day``, end it that day.

    Orders and quotes already made keep the price they were made at.
    """
    require_admin(actor, "manage price lists")
    with uow_factory() as uow:
        prices = uow.extensions.prices
        found = prices.get(price_id)
        if found is None or found.retired:
            raise NotFound(f"no price list {price_id} in force or planned")
        if last_day is None:
            prices.retire(price_id, actor.label, now)
        else:
            if last_day < found.valid_from or (
                found.valid_until is not None and last_day > found.valid_until
            ):
                until = found.valid_until.isoformat() if found.valid_until else "open-ended"
                raise InvalidInput(
                    "last day is outside the price list's validity",
                    [
                        Problem(
                            f"must be within {found.valid_from.isoformat()}..{until}", "last_day"
                        )
                    ],
                )
            prices.end(price_id, last_day)
        updated = prices.get(price_id)
        assert updated is not None
        audit.price_changed(uow, actor, now, found, updated)
        return updated


def parse_money(amount: str, currency: str) -> Money:
    """``Money`` from entry-point text, or ``InvalidInput`` naming ``amount``/``currency``."""
    try:
        return Money.parse(amount, currency)
    except ValueError as error:
        field = "currency" if "currency" in str(error) else "amount"
        raise InvalidInput(str(error), [Problem(str(error), field)]) from None
