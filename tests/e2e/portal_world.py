"""What the portal journeys need on the live server: accounts, users, units, a price list,
and a service desk with RMAs in several states (some late) to look at.

Everything goes through the services, as an admin would add it; dates are
relative to the real day, since the live server runs on the system clock.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from rma_desk_steps import validate_after_first_contact
from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.domain.money import Money
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.clock import SystemClock
from warrantor.services.installed_base.unit_import import COLUMNS, import_units
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.opening import RmaRequest, open_rma
from warrantor.services.sales.prices import add_price
from warrantor.store.accounts import Account
from warrantor.store.sales_prices import NewPrice

PASSWORD = "correct horse battery staple"
OPERATOR = Actor.operator()


@dataclass(frozen=True)
class PortalWorld:
    customer: str
    agent: str
    technician: str
    distributor: str
    admin: str
    ssd_rma_number: str
    """A Netac SSD's RMA, numbered and waiting for its parcel (the SMART journey)."""


def _units(rows: list[dict[str, str]]) -> bytes:
    lines = [",".join(COLUMNS)]
    lines += [",".join(row.get(column, "") for column in COLUMNS) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def build_portal_world(runtime: Runtime) -> PortalWorld:
    now = datetime.now(UTC)
    today = now.date()
    uow_factory, book = runtime.uow_factory, runtime.book
    with uow_factory() as uow:
        for account in (
            Account("CUST-E2E", "Casey Customer", "customer", False, "US", "casey@example.com"),
            Account("DIST-E2E", "E2E Distribution", "distributor", True, "US"),
            Account("MAKER", "The maker", "admin"),
        ):
            uow.accounts.upsert(account, now)
    users = {
        "customer": ("casey@example.com", "Casey", "CUST-E2E"),
        "agent": ("alex@maker.example", "Alex Agent", "MAKER"),
        "technician": ("tess@maker.example", "Tess Tech", "MAKER"),
        "distributor": ("dana@dist.example", "Dana Dist", "DIST-E2E"),
        "admin": ("ada@maker.example", "Ada Admin", "MAKER"),
    }
    for role, (email, name, account) in users.items():
        create_user(uow_factory, OPERATOR, NewUser(email, name, role, account, PASSWORD), now)

    invoiced = (today - timedelta(days=10)).isoformat()
    bought = (today - timedelta(days=200)).isoformat()
    made = (today - timedelta(days=400)).isoformat()
    rows = [
        # the customer registers this one in the browser
        {"brand": "QNAP", "serial": "QE2E0100", "model": "TS-453 Pro", "manufactured_on": made,
         "country_of_purchase": "US"},
        # the distributor's units, inside their 60-day extension window
        *({"brand": "QNAP", "serial": f"QE2E020{i}", "model": "TS-453 Pro", "manufactured_on": made,
           "first_invoiced_on": invoiced, "first_invoiced_to": "DIST-E2E",
           "country_of_purchase": "US"} for i in (1, 2)),
        # the customer's SSD (SMART journey) and units with RMAs for the desk's queues
        {"brand": "Netac", "serial": "NE2E0100", "model": "NV7000 2TB", "manufactured_on": made,
         "purchased_on": bought, "proof_of_purchase": "INV-SSD", "country_of_purchase": "CN",
         "owner": "CUST-E2E"},
        *({"brand": "QNAP", "serial": f"QE2E030{i}", "model": model, "manufactured_on": made,
           "purchased_on": bought, "proof_of_purchase": f"INV-30{i}", "country_of_purchase": "US",
           "owner": "CUST-E2E"}
          for i, model in enumerate(["TS-453 Pro", "TS-653 Pro", "TS-253 Pro", "TS-853 Pro"])),
    ]  # fmt: skip
    summary = import_units(uow_factory, io.BytesIO(_units(rows)), book, now=SystemClock().now())
    assert summary.rejected == 0, summary
    for years, amount in ((1, "79.00"), (2, "139.00")):
        price = NewPrice("QNAP", "TS-x53", years, Money.parse(amount, "USD"), today, None)
        add_price(uow_factory, book, OPERATOR, price, now)

    customer = Actor(Role.CUSTOMER, "CUST-E2E", None, "Casey")
    agent = Actor(Role.AGENT, "MAKER", None, "Alex Agent")

    def ask(brand: str, serial: str, symptom: str, at: datetime) -> int:
        request = RmaRequest(serial, symptom, "Casey", "casey@example.com", True, brand=brand)
        return open_rma(uow_factory, book, customer, request, at).id

    ssd = ask("Netac", "NE2E0100", "drive not detected after a power cut", now)
    validate_after_first_contact(uow_factory, book, agent, ssd, now)
    ssd_number = issue_number(uow_factory, book, agent, ssd, now).rma.number
    assert ssd_number is not None
    # the desk's other work: a late number, one due soon, one awaiting its unit, one new
    late = ask("QNAP", "QE2E0300", "fan noise, then shuts down", now - timedelta(days=6))
    validate_after_first_contact(uow_factory, book, agent, late, now - timedelta(days=6))
    soon = ask("QNAP", "QE2E0301", "two drive bays not detected", now - timedelta(hours=3))
    validate_after_first_contact(uow_factory, book, agent, soon, now - timedelta(hours=2))
    waiting = ask("QNAP", "QE2E0302", "power supply dead", now - timedelta(days=2))
    validate_after_first_contact(uow_factory, book, agent, waiting, now - timedelta(days=2))
    issue_number(uow_factory, book, agent, waiting, now - timedelta(days=1))
    ask("QNAP", "QE2E0303", "network port flaps", now - timedelta(minutes=30))
    return PortalWorld(
        customer=users["customer"][0],
        agent=users["agent"][0],
        technician=users["technician"][0],
        distributor=users["distributor"][0],
        admin=users["admin"][0],
        ssd_rma_number=ssd_number,
    )
