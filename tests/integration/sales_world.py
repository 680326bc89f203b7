"""A small sales world for the extended-warranty tests (services, API): accounts, units,
price lists, all dated from the tests' TODAY (2026-11-23).

Imported by ``tests/integration/*/test_sales_*.py`` (this folder is on ``sys.path``
because its ``conftest.py`` is).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from warrantor.domain.actors import Actor, Role
from warrantor.domain.money import Money
from warrantor.policy.book import PolicyBook
from warrantor.services.clock import SystemClock
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.sales.prices import add_price
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.sales_prices import NewPrice

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
INVOICED = TODAY - timedelta(days=22)  # 2026-11-01: well inside the 60-day window

ADMIN = Actor(Role.ADMIN, None, 1, "ada")
AGENT = Actor(Role.AGENT, None, 2, "alex")
TECHNICIAN = Actor(Role.TECHNICIAN, None, 3, "tess")
DIRECT = Actor(Role.CUSTOMER, "CUST-DIRECT", 10, "dora")
RETAIL = Actor(Role.CUSTOMER, "CUST-RETAIL", 11, "rita")
DIST = Actor(Role.DISTRIBUTOR, "DIST-US", 20, "dan")
OTHER_DIST = Actor(Role.DISTRIBUTOR, "DIST-CA", 21, "carl")
EU_DIST = Actor(Role.DISTRIBUTOR, "DIST-EU", 22, "eve")

ACCOUNTS = [
    Account("CUST-DIRECT", "Dora Direct", "customer", True, "US"),
    Account("CUST-RETAIL", "Rita Retail", "customer", False, "US"),
    Account("DIST-US", "US Distribution Inc.", "distributor", True, "US"),
    Account("DIST-CA", "Canada Distribution Ltd.", "distributor", True, "CA"),
    Account("DIST-EU", "EU Distribution GmbH", "distributor", True, "DE"),
]

PRICES = {1: "79.00", 2: "139.00", 3: "189.00"}
"""USD for TS-x53 +1/+2/+3 years (test figures)."""


def _day(offset: int) -> str:
    return (TODAY - timedelta(days=offset)).isoformat()


UNITS = [
    # Sold direct to an end customer, with proof: the direct order's unit.
    {
        "serial": "Q-OK",
        "model": "TS-453 Pro",
        "first_invoiced_on": INVOICED.isoformat(),
        "first_invoiced_to": "CUST-DIRECT",
        "purchased_on": INVOICED.isoformat(),
        "proof_of_purchase": "INV-1",
        "country_of_purchase": "US",
    },
    {
        "serial": "Q-DAY60",
        "model": "TS-453 Pro",
        "first_invoiced_on": _day(60),
        "first_invoiced_to": "CUST-DIRECT",
        "purchased_on": _day(60),
        "proof_of_purchase": "INV-2",
        "country_of_purchase": "US",
    },
    {
        "serial": "Q-DAY61",
        "model": "TS-453 Pro",
        "first_invoiced_on": _day(61),
        "first_invoiced_to": "CUST-DIRECT",
        "purchased_on": _day(61),
        "proof_of_purchase": "INV-3",
        "country_of_purchase": "US",
    },
    {
        "serial": "Q-SAS",
        "model": "TVS-EC1580MU-SAS-RP",
        "first_invoiced_on": INVOICED.isoformat(),
        "first_invoiced_to": "CUST-DIRECT",
        "purchased_on": INVOICED.isoformat(),
        "proof_of_purchase": "INV-4",
        "country_of_purchase": "US",
    },
    {
        "serial": "Q-879",
        "model": "TS-879 Pro",
        "first_invoiced_on": INVOICED.isoformat(),
        "first_invoiced_to": "CUST-DIRECT",
        "purchased_on": INVOICED.isoformat(),
        "proof_of_purchase": "INV-5",
        "country_of_purchase": "US",
    },
    {
        "serial": "Q-DE",
        "model": "TS-453 Pro",
        "first_invoiced_on": INVOICED.isoformat(),
        "first_invoiced_to": "DIST-EU",
    },
    {
        "serial": "Q-RETAIL",
        "model": "TS-453 Pro",
        "first_invoiced_on": INVOICED.isoformat(),
        "first_invoiced_to": "DIST-US",
        "purchased_on": INVOICED.isoformat(),
        "proof_of_purchase": "R-1",
        "country_of_purchase": "US",
        "owner": "CUST-RETAIL",
    },
    # A distributor's stock: no end customer yet.
    *[
        {
            "serial": f"D-{n}",
            "model": "TS-453 Pro",
            "first_invoiced_on": INVOICED.isoformat(),
            "first_invoiced_to": "DIST-US",
        }
        for n in range(1, 6)
    ],
    {
        "serial": "D-LATE",
        "model": "TS-453 Pro",
        "first_invoiced_on": _day(90),
        "first_invoiced_to": "DIST-US",
    },
    {
        "serial": "D-251",
        "model": "TS-251",
        "first_invoiced_on": INVOICED.isoformat(),
        "first_invoiced_to": "DIST-US",
    },
    {
        "serial": "C-1",
        "model": "TS-453 Pro",
        "first_invoiced_on": INVOICED.isoformat(),
        "first_invoiced_to": "DIST-CA",
    },
]


@dataclass
class World:
    uow_factory: UnitOfWorkFactory
    book: PolicyBook


def units_csv(rows: list[dict[str, str]]) -> bytes:
    from warrantor.services.installed_base.unit_import import COLUMNS

    lines = [",".join(COLUMNS)]
    for row in rows:
        values = {"brand": "QNAP", **row}
        lines.append(",".join(values.get(column, "") for column in COLUMNS))
    return ("\n".join(lines) + "\n").encode()


def build(uow_factory: UnitOfWorkFactory, book: PolicyBook, *, with_prices: bool = True) -> World:
    """Accounts, units and (unless told not to) USD price lists for TS-x53 and TS-x79."""
    with uow_factory() as uow:
        for account in ACCOUNTS:
            uow.accounts.upsert(account, NOW)
    summary = import_units(uow_factory, io.BytesIO(units_csv(UNITS)), book, now=SystemClock().now())
    assert summary.rejected == 0
    if with_prices:
        for years, amount in PRICES.items():
            add_price(uow_factory, book, ADMIN, price("TS-x53", years, amount), NOW)
        add_price(uow_factory, book, ADMIN, price("TS-x79", 1, "99.00"), NOW)
    return World(uow_factory, book)


def price(
    line: str,
    years: int,
    amount: str,
    valid_from: date = date(2026, 1, 1),
    valid_until: date | None = None,
    currency: str = "USD",
) -> NewPrice:
    return NewPrice("QNAP", line, years, Money.parse(amount, currency), valid_from, valid_until)


def paid_quote_by_api(dist: Any, agent: Any, quantity: int = 3, reference: str = "W-1") -> int:
    """A quote of ``quantity`` TS-453 Pro extensions (1 year) that ``dist``'s client asked for
    and accepted over the API and ``agent``'s client recorded as paid (``reference``); its id."""
    body = {"brand": "QNAP", "model": "TS-453 Pro", "quantity": quantity, "years": 1}
    quote_id = dist.post("/api/v1/quotes", json=body).json()["id"]
    assert dist.post(f"/api/v1/quotes/{quote_id}/accept").status_code == 200
    paid = agent.post(f"/api/v1/quotes/{quote_id}/payment", json={"reference": reference})
    assert paid.is_success, paid.text
    return int(quote_id)
