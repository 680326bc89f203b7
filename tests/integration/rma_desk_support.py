"""Shared setup for the RMA desk's tests: accounts, units, actors, and a quick path.

Importable from every folder under ``tests/integration`` (its conftest's
folder is on ``sys.path``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from rma_desk_steps import validate_after_first_contact
from warrantor.domain.actors import Actor, Role
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.opening import RmaRequest, open_rma
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
"""The tests' 'now' (a Monday), as in ``tests/integration/conftest.py``."""

ANN = Actor(Role.CUSTOMER, "CUST-ANN", user_id=11, name="Ann")
BOB = Actor(Role.CUSTOMER, "CUST-BOB", user_id=12, name="Bob")
DEALER = Actor(Role.DEALER, "DEALER-SZ", user_id=21, name="Shenzhen Digital")
OTHER_DEALER = Actor(Role.DEALER, "DEALER-NY", user_id=22, name="NY Computers")
DISTRIBUTOR = Actor(Role.DISTRIBUTOR, "DIST-US", user_id=31, name="US Distribution")
AGENT = Actor(Role.AGENT, "MAKER", user_id=41, name="Agnes")
TECH = Actor(Role.TECHNICIAN, "MAKER", user_id=42, name="Theo")
ADMIN = Actor.operator()

QNAP_SERIAL = "Q26DESK001"
QNAP_SERIAL_2 = "Q26DESK002"
NETAC_SERIAL = "N26DESK001"


def seed(uow_factory: UnitOfWorkFactory, add_units: Any) -> None:
    """Accounts and three units: two QNAP in the USA (Ann's, Bob's), one Netac in China."""
    with uow_factory() as uow:
        for code, name, kind in [
            ("CUST-ANN", "Ann Smith", "customer"),
            ("CUST-BOB", "Bob Jones", "customer"),
            ("DEALER-SZ", "Shenzhen Digital", "dealer"),
            ("DEALER-NY", "NY Computers", "dealer"),
            ("DIST-US", "US Distribution", "distributor"),
            ("MAKER", "The maker", "admin"),
        ]:
            uow.accounts.upsert(
                Account(code, name, kind, is_direct_customer=kind == "distributor"), NOW
            )
    summary = add_units(
        [
            {
                "brand": "QNAP",
                "serial": QNAP_SERIAL,
                "model": "TS-453 Pro",
                "first_invoiced_on": "2026-01-10",
                "first_invoiced_to": "DIST-US",
                "purchased_on": "2026-02-01",
                "proof_of_purchase": "INV-ANN-1",
                "country_of_purchase": "US",
                "owner": "CUST-ANN",
            },
            {
                "brand": "QNAP",
                "serial": QNAP_SERIAL_2,
                "model": "TS-453 Pro",
                "purchased_on": "2026-03-01",
                "proof_of_purchase": "INV-BOB-1",
                "country_of_purchase": "US",
                "owner": "CUST-BOB",
            },
            {
                "brand": "Netac",
                "serial": NETAC_SERIAL,
                "model": "NV7000 2TB",
                "manufactured_on": "2025-10-01",
                "purchased_on": "2026-01-05",
                "country_of_purchase": "CN",
            },
        ]
    )
    assert summary.rejected == 0


def request(serial: str = QNAP_SERIAL, **changes: Any) -> RmaRequest:
    values: dict[str, Any] = {
        "serial": serial,
        "symptom": "does not power on",
        "contact_name": "Ann Smith",
        "contact_email": "ann@example.com",
        "backup_acknowledged": True,
    }
    values.update(changes)
    return RmaRequest(**values)


def awaiting_unit(uow_factory: UnitOfWorkFactory, book: Any, at: datetime = NOW) -> str:
    """Open Ann's QNAP RMA, validate it and issue its number; returns the number."""
    rma = open_rma(uow_factory, book, ANN, request(), at)
    validate_after_first_contact(uow_factory, book, AGENT, rma.id, at + timedelta(hours=1))
    issued = issue_number(uow_factory, book, AGENT, rma.id, at + timedelta(hours=2))
    assert issued.rma.number is not None
    return issued.rma.number
