"""Helpers for the workshop tests: units and RMAs brought to the workshop's door.

An RMA is opened through the store and walked to ``received`` through the real
state machine (``apply_event``), as the desk would; the workshop takes it from there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import Rma, opening_step
from warrantor.services.rma.transitions import apply_event
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.rmas import NewRma

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "smartctl"

TECHNICIAN = Actor(role=Role.TECHNICIAN, account_code="MAKER", user_id=7, name="Tess")
ADMIN = Actor.operator()

QNAP_UNIT = {
    "brand": "QNAP",
    "serial": "Q23A00001",
    "model": "TS-453 Pro",
    "purchased_on": "2025-06-01",
    "proof_of_purchase": "INV-1001",
    "country_of_purchase": "US",
    "owner": "CUST-A",
}
"""A 2-year QNAP NAS bought in the USA: covered until 2027-05-31."""

NETAC_UNIT = {
    "brand": "Netac",
    "serial": "NT24B00001",
    "model": "NV3000 1TB",
    "purchased_on": "2024-03-01",
    "proof_of_purchase": "INV-2001",
    "country_of_purchase": "CN",
    "owner": "CUST-A",
}
"""A Netac NVMe SSD, 5 years or 600 TB written (the demo catalogue's figure)."""


def customer(code: str) -> Actor:
    return Actor(role=Role.CUSTOMER, account_code=code, user_id=100, name=code)


def open_rma(
    uow_factory: UnitOfWorkFactory,
    now: datetime,
    brand: str,
    serial: str,
    *,
    customer_code: str = "CUST-A",
    service_country: str = "US",
    service_point: str = "centre",
    state: str = "received",
) -> Rma:
    """An RMA on the unit, taken through the desk's steps to ``state`` (default ``received``)."""
    with uow_factory() as uow:
        unit = uow.units.get(brand, serial)
        unit_id = uow.units.id_of(brand, serial)
        assert unit is not None and unit_id is not None
        rma_id = uow.rmas.add(
            NewRma(
                unit_id=unit_id,
                brand=unit.brand,
                serial=unit.serial,
                model=unit.model,
                customer_account_id=uow.accounts.id_of(customer_code),
                opened_by_account_id=uow.accounts.id_of(customer_code),
                opened_by_label=customer_code,
                contact_name="Ann Customer",
                contact_email="ann@example.com",
                symptom="does not start",
                backup_acknowledged_at=now,
                proof_of_purchase=unit.proof_of_purchase,
                service_country=service_country,
                service_point=service_point,
            ),
            opening_step(),
            now,
        )
        steps = ["validate_documents", "issue_number", "receive"]
        for event in steps[: {"documents_validated": 1, "awaiting_unit": 2}.get(state, 3)]:
            apply_event(uow, rma_id, event, ADMIN, "test desk", now)
            if event == "issue_number":
                uow.rmas.record_number(rma_id, f"{brand.upper()}-2026-{rma_id:06d}", now)
        if state == "received":
            uow.rmas.record_received(rma_id, now.date(), now)
        rma = uow.rmas.get(rma_id)
        assert rma is not None
        return rma


@dataclass
class Workshop:
    """What a workshop test needs: the factory, the runtime and helpers."""

    runtime: Any
    now: datetime

    @property
    def uow_factory(self) -> UnitOfWorkFactory:
        factory: UnitOfWorkFactory = self.runtime.uow_factory
        return factory

    def rma(self, unit: dict[str, str], **kwargs: Any) -> Rma:
        return open_rma(self.uow_factory, self.now, unit["brand"], unit["serial"], **kwargs)

    def get(self, rma_id: int) -> Rma:
        with self.uow_factory() as uow:
            rma = uow.rmas.get(rma_id)
            assert rma is not None
            return rma


def seed(runtime: Any, add_units: Any) -> Workshop:
    """Accounts CUST-A and CUST-B, the QNAP and Netac test units; returns the helpers."""
    now = runtime.clock.now()
    with runtime.uow_factory() as uow:
        for code in ("CUST-A", "CUST-B"):
            uow.accounts.upsert(
                Account(code=code, name=code, kind="customer", email=f"{code}@example.com"), now
            )
    summary = add_units([QNAP_UNIT, NETAC_UNIT])
    assert summary.rejected == 0
    return Workshop(runtime=runtime, now=now)
