"""Parcels the service centre receives, and the return shipments it sends. Pure data.

A parcel with a valid RMA number is matched to its RMA. One with no number,
or a number the desk never issued (or one for an RMA no longer awaiting a
unit), is an *unauthorized return*: held, never repaired, its costs charged
to its sender, and later returned to the sender or, where the policy allows,
disposed of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

ParcelStatus = Literal["matched", "held", "returned", "disposed"]
Payer = Literal["maker", "customer"]


@dataclass(frozen=True, slots=True)
class ParcelCost:
    """A cost an unauthorized return caused, charged to its sender."""

    what: str
    amount_minor: int
    currency: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class Parcel:
    """One parcel received; ``rma_number`` is the RMA it was matched to, if any."""

    id: int
    status: ParcelStatus
    brand: str
    number_on_parcel: str | None
    rma_number: str | None
    serial: str | None
    sender_name: str
    sender_contact: str
    sender_account: str | None
    carrier: str
    tracking: str
    note: str
    received_at: datetime
    received_by: str
    clause_ids: tuple[str, ...] = ()
    resolved_at: datetime | None = None
    resolved_by: str | None = None
    resolution_note: str | None = None
    return_carrier: str | None = None
    return_tracking: str | None = None
    costs: tuple[ParcelCost, ...] = ()
    service_centre: str | None = None
    """The policy's id of the service centre that received it (``None``: not recorded, as
    for parcels received before centres were, or a brand whose policy lists none)."""

    def costs_by_currency(self) -> dict[str, int]:
        """Total charged to the sender, per currency (minor units)."""
        totals: dict[str, int] = {}
        for cost in self.costs:
            totals[cost.currency] = totals.get(cost.currency, 0) + cost.amount_minor
        return totals


@dataclass(frozen=True, slots=True)
class Shipment:
    """The return shipment of an RMA's unit: carrier, tracking, who pays and the clauses why."""

    rma_id: int
    carrier: str
    tracking: str
    paid_by: Payer
    clause_ids: tuple[str, ...]
    shipped_at: datetime
    shipped_by: str
