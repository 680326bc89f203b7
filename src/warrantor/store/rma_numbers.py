"""RMA number sequences: the next number of a brand's year, safe under concurrent issuers.

Use ``next_sequence`` inside the transaction that records the number: the
brand-year row stays locked until it ends, so two desks never issue the same
number. The number's text is built by the service from the sequence.
"""

from __future__ import annotations

from sqlalchemy import update

from warrantor.store.repository import Repository
from warrantor.store.tables_rma import rma_number_sequences
from warrantor.store.upsert import insert_for


class RmaNumberSequences(Repository):
    """The per-brand, per-year counters RMA numbers are issued from."""

    def next_sequence(self, brand: str, year: int) -> int:
        """The next RMA sequence number of ``brand`` in ``year``, inside this transaction.

        ``UPDATE ... RETURNING`` locks the brand-year row until the transaction
        ends, so concurrent issuers on PostgreSQL wait for each other instead
        of reading the same value. The first number of a year inserts the row
        (``ON CONFLICT DO NOTHING`` when another issuer got there first).
        """
        bump = (
            update(rma_number_sequences)
            .where(rma_number_sequences.c.brand == brand, rma_number_sequences.c.year == year)
            .values(last_value=rma_number_sequences.c.last_value + 1)
            .returning(rma_number_sequences.c.last_value)
        )
        value: int | None = self._connection.execute(bump).scalar_one_or_none()
        if value is not None:
            return value
        self._connection.execute(
            insert_for(self._connection, rma_number_sequences)
            .values(brand=brand, year=year, last_value=0)
            .on_conflict_do_nothing(index_elements=["brand", "year"])
        )
        return int(self._connection.execute(bump).scalar_one())
