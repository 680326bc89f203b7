"""Return shipments: the unit sent back to its owner, the carrier, and who paid.

Each shipment names the clauses that decided who pays the leg (the policy's
shipping rule). Maps ``rma_shipments`` rows to ``domain.rma_parcels.Shipment``;
parcels the centre receives are in ``store.parcels``.
"""

from __future__ import annotations

from sqlalchemy import select

from warrantor.domain.rma_parcels import Shipment
from warrantor.store.repository import Repository
from warrantor.store.tables_rma import rma_shipments


class RmaShipments(Repository):
    """The return shipments of an RMA, in the order they left."""

    def add_shipment(self, shipment: Shipment) -> None:
        self._connection.execute(
            rma_shipments.insert().values(
                rma_id=shipment.rma_id,
                carrier=shipment.carrier,
                tracking=shipment.tracking,
                paid_by=shipment.paid_by,
                clause_ids=" ".join(shipment.clause_ids),
                shipped_at=shipment.shipped_at,
                shipped_by=shipment.shipped_by,
            )
        )

    def shipments(self, rma_id: int) -> list[Shipment]:
        rows = self._connection.execute(
            select(rma_shipments)
            .where(rma_shipments.c.rma_id == rma_id)
            .order_by(rma_shipments.c.id)
        )
        return [
            Shipment(
                rma_id=row.rma_id,
                carrier=row.carrier,
                tracking=row.tracking,
                paid_by=row.paid_by,
                clause_ids=tuple(row.clause_ids.split()),
                shipped_at=row.shipped_at,
                shipped_by=row.shipped_by,
            )
            for row in rows
        ]
