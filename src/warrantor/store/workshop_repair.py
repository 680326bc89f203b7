"""The repair of an RMA: the quote for a paid repair, the customer's answer, the parts used.

Maps ``rma_quotes`` and ``rma_parts`` rows to ``domain.workshop.Quote`` and
``PartUsed``. A replacement of the whole unit is in ``workshop_replacements``;
the cover a repair gives is in ``workshop_repair_coverages``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from warrantor.domain.workshop import PartUsed, Quote
from warrantor.store.repository import Repository
from warrantor.store.tables_workshop import rma_parts, rma_quotes


class RepairRecords(Repository):
    """Quotes and parts of an RMA."""

    def add_quote(
        self, rma_id: int, amount_minor: int, currency: str, note: str, by: str, now: datetime
    ) -> None:
        self._connection.execute(
            rma_quotes.insert().values(
                rma_id=rma_id,
                amount_minor=amount_minor,
                currency=currency,
                note=note,
                quoted_at=now,
                quoted_by=by,
            )
        )

    def quotes(self, rma_id: int) -> tuple[Quote, ...]:
        rows = self._connection.execute(
            select(rma_quotes)
            .where(rma_quotes.c.rma_id == rma_id)
            .order_by(rma_quotes.c.quoted_at, rma_quotes.c.id)
        )
        return tuple(
            Quote(
                id=row.id,
                amount_minor=row.amount_minor,
                currency=row.currency,
                note=row.note,
                quoted_at=row.quoted_at,
                quoted_by=row.quoted_by,
                answer=row.answer,
                answered_at=row.answered_at,
                answered_by=row.answered_by,
            )
            for row in rows
        )

    def answer_quote(self, quote_id: int, answer: str, by: str, now: datetime) -> None:
        self._connection.execute(
            update(rma_quotes)
            .where(rma_quotes.c.id == quote_id)
            .values(answer=answer, answered_at=now, answered_by=by)
        )

    def add_part(self, rma_id: int, part: PartUsed) -> None:
        self._connection.execute(
            rma_parts.insert().values(
                rma_id=rma_id,
                part=part.part,
                part_number=part.part_number,
                quantity=part.quantity,
                replaced=part.replaced,
                removed_part_owner=part.removed_part_owner,
                note=part.note,
                recorded_at=part.recorded_at,
                recorded_by=part.recorded_by,
            )
        )

    def parts(self, rma_id: int) -> tuple[PartUsed, ...]:
        rows = self._connection.execute(
            select(rma_parts)
            .where(rma_parts.c.rma_id == rma_id)
            .order_by(rma_parts.c.recorded_at, rma_parts.c.id)
        )
        return tuple(
            PartUsed(
                part=row.part,
                part_number=row.part_number,
                quantity=row.quantity,
                replaced=row.replaced,
                removed_part_owner=row.removed_part_owner,
                note=row.note,
                recorded_at=row.recorded_at,
                recorded_by=row.recorded_by,
            )
            for row in rows
        )
