"""Parcels the service centre receives: matched to their RMA, or held as unauthorized returns.

Maps rows to ``warrantor.domain.rma_parcels.Parcel``. A parcel's status is
written only from a ``Step`` of its lifecycle (``domain.parcel_lifecycle``):
its arrival (matched or held) and its way out of the hold (returned or
disposed); ``resolve`` takes the step only from the status it was read in.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, func, select, update

from warrantor.domain.lifecycle import Step
from warrantor.domain.rma_parcels import Parcel, ParcelCost
from warrantor.store.keyset import keyset_page
from warrantor.store.tables import accounts
from warrantor.store.tables_rma import rma_parcel_costs, rma_parcels, rmas

_sender = accounts.alias("parcel_sender")


def _matching(query: Select[Any], statuses: Sequence[str], brand: str | None) -> Select[Any]:
    if statuses:
        query = query.where(rma_parcels.c.status.in_(statuses))
    if brand:
        query = query.where(func.lower(rma_parcels.c.brand) == brand.lower())
    return query


@dataclass(frozen=True, slots=True)
class NewParcel:
    """A parcel as received (its status comes from its arrival step)."""

    brand: str
    rma_id: int | None
    number_on_parcel: str | None
    serial: str | None
    sender_name: str
    sender_contact: str
    sender_account_id: int | None
    carrier: str
    tracking: str
    note: str
    received_at: datetime
    received_by: str
    clause_ids: tuple[str, ...]
    service_centre: str | None = None
    """The policy's id of the centre that received it (``None``: a brand with no centre)."""


class ParcelRepository:
    """Reads and writes received parcels and their costs on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, parcel: NewParcel, arrived: Step) -> int:
        """Store a parcel as received, in the status its arrival step leads to."""
        parcel_id: int = self._connection.execute(
            rma_parcels.insert()
            .values(
                rma_id=parcel.rma_id,
                number_on_parcel=parcel.number_on_parcel,
                brand=parcel.brand,
                serial=parcel.serial,
                sender_name=parcel.sender_name,
                sender_contact=parcel.sender_contact,
                sender_account_id=parcel.sender_account_id,
                carrier=parcel.carrier,
                tracking=parcel.tracking,
                status=arrived.to_state,
                note=parcel.note,
                received_at=parcel.received_at,
                received_by=parcel.received_by,
                clause_ids=" ".join(parcel.clause_ids),
                service_centre=parcel.service_centre,
            )
            .returning(rma_parcels.c.id)
        ).scalar_one()
        return parcel_id

    def _query(self) -> Select[Any]:
        return (
            select(rma_parcels, rmas.c.number.label("rma_number"), _sender.c.code.label("sender"))
            .select_from(rma_parcels)
            .outerjoin(rmas, rmas.c.id == rma_parcels.c.rma_id)
            .outerjoin(_sender, _sender.c.id == rma_parcels.c.sender_account_id)
        )

    def get(self, parcel_id: int, for_update: bool = False) -> Parcel | None:
        query = self._query().where(rma_parcels.c.id == parcel_id)
        if for_update:
            query = query.with_for_update(of=rma_parcels)
        row = self._connection.execute(query).first()
        if row is None:
            return None
        return self._to_parcel(row, self._costs([parcel_id]).get(parcel_id, ()))

    def list(
        self,
        statuses: Sequence[str] = (),
        brand: str | None = None,
        limit: int = 100,
        after: Sequence[Any] | None = None,
    ) -> builtins.list[Parcel]:
        """Parcels by status (e.g. held unauthorized returns), oldest first (by arrival,
        then id), after the key ``after`` (keyset: the next page)."""
        key = [rma_parcels.c.received_at, rma_parcels.c.id]
        query = keyset_page(_matching(self._query(), statuses, brand), key, after, limit)
        rows = list(self._connection.execute(query))
        costs = self._costs([row.id for row in rows])
        return [self._to_parcel(row, costs.get(row.id, ())) for row in rows]

    def count(self, statuses: Sequence[str] = (), brand: str | None = None) -> int:
        """How many parcels ``list`` walks (every page): a queue's exact total."""
        query = _matching(select(func.count()).select_from(rma_parcels), statuses, brand)
        return int(self._connection.scalar(query) or 0)

    def resolve(
        self,
        parcel_id: int,
        step: Step,
        at: datetime,
        by: str,
        note: str,
        clause_ids: tuple[str, ...],
        return_carrier: str | None = None,
        return_tracking: str | None = None,
    ) -> bool:
        """Take the machine's ``step`` out of the hold (returned or disposed), with why;
        False when the parcel was no longer in the step's from-status."""
        result = self._connection.execute(
            update(rma_parcels)
            .where(rma_parcels.c.id == parcel_id, rma_parcels.c.status == step.from_state)
            .values(
                status=step.to_state,
                resolved_at=at,
                resolved_by=by,
                resolution_note=note,
                clause_ids=" ".join(clause_ids),
                return_carrier=return_carrier,
                return_tracking=return_tracking,
            )
        )
        return result.rowcount == 1

    def add_cost(self, parcel_id: int, cost: ParcelCost) -> None:
        self._connection.execute(
            rma_parcel_costs.insert().values(
                parcel_id=parcel_id,
                what=cost.what,
                amount_minor=cost.amount_minor,
                currency=cost.currency,
                recorded_at=cost.recorded_at,
                recorded_by=cost.recorded_by,
            )
        )

    def _costs(self, parcel_ids: builtins.list[int]) -> dict[int, tuple[ParcelCost, ...]]:
        if not parcel_ids:
            return {}
        found: dict[int, builtins.list[ParcelCost]] = {}
        rows = self._connection.execute(
            select(rma_parcel_costs)
            .where(rma_parcel_costs.c.parcel_id.in_(parcel_ids))
            .order_by(rma_parcel_costs.c.id)
        )
        for row in rows:
            found.setdefault(row.parcel_id, []).append(
                ParcelCost(
                    what=row.what,
                    amount_minor=row.amount_minor,
                    currency=row.currency,
                    recorded_at=row.recorded_at,
                    recorded_by=row.recorded_by,
                )
            )
        return {key: tuple(value) for key, value in found.items()}

    @staticmethod
    def _to_parcel(row: Row[Any], costs: tuple[ParcelCost, ...]) -> Parcel:
        return Parcel(
            id=row.id,
            status=row.status,
            brand=row.brand,
            number_on_parcel=row.number_on_parcel,
            rma_number=row.rma_number,
            serial=row.serial,
            sender_name=row.sender_name,
            sender_contact=row.sender_contact,
            sender_account=row.sender,
            carrier=row.carrier,
            tracking=row.tracking,
            note=row.note,
            received_at=row.received_at,
            received_by=row.received_by,
            clause_ids=tuple((row.clause_ids or "").split()),
            resolved_at=row.resolved_at,
            resolved_by=row.resolved_by,
            resolution_note=row.resolution_note,
            return_carrier=row.return_carrier,
            return_tracking=row.return_tracking,
            costs=costs,
            service_centre=row.service_centre,
        )
