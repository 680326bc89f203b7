"""Demo data: price lists, orders, quotes and certificates (issue #4).

Called by ``demo_activity.load_activity`` after the installed base is loaded.
Everything goes through the sales services, as a user's requests would: the
policy decides which units may be extended, the price lists price them, and
payments grant the extensions and issue their certificates.

The prices are demo figures, not QNAP's (the page publishes none); each list
says so in its note.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from warrantor.bootstrap import Runtime
from warrantor.demo.users import showcase_distributor
from warrantor.domain.actors import Actor
from warrantor.domain.money import Money
from warrantor.domain.units import Unit
from warrantor.errors import WarrantorError
from warrantor.policy.evaluator_terms import extension_offers
from warrantor.policy.schema_rules import PurchaseWindowRule
from warrantor.services.sales.common import offer_for
from warrantor.services.sales.orders import pay_order, place_order
from warrantor.services.sales.payments import BankTransfer
from warrantor.services.sales.prices import add_price
from warrantor.services.sales.quote_assignments import assign_serials
from warrantor.services.sales.quotes import accept_quote, pay_quote, request_quote
from warrantor.store.accounts import Account
from warrantor.store.sales_prices import NewPrice
from warrantor.store.units import UnitFilter

BRAND = "QNAP"
DEMO_NOTE = "demo figure, not QNAP's price"
DEMO_PRICES_USD = {
    2: {1: "89.00", 2: "159.00", 3: "219.00"},
    3: {1: "119.00", 2: "209.00"},
}
"""Demo prices by standard term (years) and extension period (years), in USD."""
DIRECT_ORDERS = 4
"""How many direct orders to place; all but the last are paid."""


def _quote_ready(groups: dict[tuple[str, str], list[Unit]], showcase: str | None) -> bool:
    """Enough units found for the demo quote: three of one model, the demo distributor's
    when there is one."""
    return any(
        len(units) >= 3 and (showcase is None or owner == showcase)
        for (owner, _), units in groups.items()
    )


def load(runtime: Runtime) -> list[str]:
    """Add this area's demo records; returns summary lines for ``warrantor demo`` to print."""
    operator = Actor.operator()
    now = runtime.clock.now()
    today = now.date()
    try:
        policy = runtime.book.version_for(BRAND, None)
    except WarrantorError:
        return []
    with runtime.uow_factory() as uow:
        if uow.extensions.prices.find(brand=BRAND, include_retired=True):
            return ["Sales demo: price lists already present, nothing added."]
    lists = 0
    for line in policy.doc.lines:
        steps = sorted({y for offer in extension_offers(policy, line.id) for y in offer.years})
        for years in steps:
            amount = DEMO_PRICES_USD.get(line.standard_years or 0, {}).get(years)
            if amount is None:
                continue
            price = NewPrice(
                BRAND,
                line.id,
                years,
                Money.parse(amount, "USD"),
                today - timedelta(days=365),
                None,
                DEMO_NOTE,
            )
            add_price(runtime.uow_factory, runtime.book, operator, price, now)
            lists += 1
    lines = [f"Sales demo: {lists} USD price lists for {BRAND} lines (demo figures)."]

    window = policy.rule(PurchaseWindowRule)
    days = window.days if window else 60
    showcase = showcase_distributor(runtime)
    direct: list[Unit] = []
    showcase_direct: list[Unit] = []
    by_owner_model: dict[tuple[str, str], list[Unit]] = defaultdict(list)
    with runtime.uow_factory() as uow:
        accounts: dict[str, Account | None] = {}
        for unit in uow.units.list(UnitFilter(brand=BRAND, limit=1_000_000)):
            owner = unit.first_invoiced_to
            invoiced = unit.first_invoiced_on
            if owner is None or invoiced is None or not 0 <= (today - invoiced).days < days - 5:
                continue
            if owner not in accounts:
                accounts[owner] = uow.accounts.get(owner)
            buyer = accounts[owner]
            if buyer is None:
                continue
            offer = offer_for(runtime.book.judging(unit), unit, today, 1, buyer, ())
            if not offer.allowed:
                continue
            if owner == showcase and unit.purchased_on is not None and len(showcase_direct) < 2:
                showcase_direct.append(unit)  # orders the demo distributor's portal shows
            elif unit.purchased_on is not None and len(direct) < DIRECT_ORDERS:
                direct.append(unit)
            else:
                by_owner_model[(owner, unit.model)].append(unit)
            if len(direct) == DIRECT_ORDERS and _quote_ready(by_owner_model, showcase):
                break
    direct = (showcase_direct + direct)[:DIRECT_ORDERS]

    bank = BankTransfer()
    for n, unit in enumerate(direct, start=1):
        placed = place_order(
            runtime.uow_factory, runtime.book, operator, unit.serial, 1, now, brand=BRAND
        )
        if n < len(direct):
            paid = pay_order(
                runtime.uow_factory,
                runtime.book,
                runtime.keys,
                operator,
                placed.id,
                bank,
                f"DEMO-TRX-{n:03d}",
                now,
            )
            lines.append(
                f"  paid direct order {paid.id}: {unit.serial} +1 year, certificate "
                f"{paid.certificate_number}"
            )
        else:
            lines.append(f"  order {placed.id} for {unit.serial} is awaiting payment")

    # The demo distributor's quote first (its portal shows the quote, the balance and the
    # certificates of the serials assigned), else the biggest group of one model.
    groups = sorted(by_owner_model.items(), key=lambda g: (g[0][0] != showcase, -len(g[1])))
    if groups:
        (owner, model), units = groups[0]
        to_assign = units[: min(3, len(units))]
        quote = request_quote(
            runtime.uow_factory,
            runtime.book,
            operator,
            brand=BRAND,
            model=model,
            quantity=len(to_assign) + 2,
            years=1,
            now=now,
            account=owner,
        )
        accept_quote(runtime.uow_factory, operator, quote.id, now)
        pay_quote(runtime.uow_factory, operator, quote.id, bank, "DEMO-WIRE-001", now)
        result = assign_serials(
            runtime.uow_factory,
            runtime.book,
            runtime.keys,
            operator,
            quote.id,
            [u.serial for u in to_assign],
            now,
        )
        lines.append(
            f"  quote {quote.id} for {owner}: {quote.quantity} x {model} +1 year, paid, "
            f"{result.quote.assigned} assigned, balance {result.quote.remaining} "
            f"({result.quote.unit_price * result.quote.remaining})"
        )
    return lines
