"""Finding RMAs by what a caller quotes (issue #23, item 2), in three tiers, each one
query on an index:

- exact: the RMA number, the unit's serial, the proof-of-purchase reference, a
  parcel's or return shipment's tracking number (plain indexes);
- prefix: the start of the contact's e-mail address, or of a word of their name;
- fuzzy: a name or address like the text (a typo, a spelling): ``pg_trgm``'s
  word similarity on PostgreSQL, the FTS5 trigram table on SQLite (migration 0017),
  built by ``store.text_search`` as every search's are.

Each tier returns RMA ids, best first, leaving out those an earlier tier found.
"""

from __future__ import annotations

from sqlalchemy import literal, or_, select, union

from warrantor.store.repository import Repository
from warrantor.store.tables_rma import rma_parcels, rma_shipments, rmas
from warrantor.store.text_search import first_of_each, fuzzy_ids, starts, word_starts


class RmaSearch(Repository):
    """The three tiers of the desk's search, on one connection."""

    def exact(self, wanted: str, limit: int) -> list[tuple[int, str]]:
        """(RMA id, what matched) for RMAs whose number, serial, proof of purchase or a
        tracking number is ``wanted`` (as given, or in capitals), newest first."""
        forms = list(dict.fromkeys([wanted, wanted.upper()]))
        query = union(
            select(rmas.c.id, literal("number").label("matched")).where(rmas.c.number.in_(forms)),
            select(rmas.c.id, literal("serial")).where(rmas.c.serial.in_(forms)),
            select(rmas.c.id, literal("proof_of_purchase")).where(
                rmas.c.proof_of_purchase.in_(forms)
            ),
            select(rma_parcels.c.rma_id, literal("tracking")).where(
                rma_parcels.c.tracking.in_(forms), rma_parcels.c.rma_id.is_not(None)
            ),
            select(rma_shipments.c.rma_id, literal("tracking")).where(
                rma_shipments.c.tracking.in_(forms)
            ),
        ).subquery()
        rows = self._connection.execute(
            select(query.c.id, query.c.matched).order_by(query.c.id.desc()).limit(limit)
        )
        return first_of_each([(int(i), str(m)) for i, m in rows])

    def prefix(self, wanted: str, limit: int, found: set[int]) -> list[tuple[int, str]]:
        """RMAs whose contact e-mail, or a word of whose contact name, starts with ``wanted``."""
        by_email = starts(rmas.c.contact_email, wanted)
        by_name = word_starts(rmas.c.contact_name, wanted)
        query = (
            select(rmas.c.id, by_email.label("by_email"))
            .where(or_(by_email, by_name))
            .order_by(rmas.c.id.desc())
            .limit(limit + len(found))
        )
        rows = self._connection.execute(query)
        hits = [(int(i), "contact_email" if e else "contact_name") for i, e in rows]
        return [hit for hit in hits if hit[0] not in found][:limit]

    def fuzzy(self, wanted: str, limit: int, found: set[int]) -> list[tuple[int, str]]:
        """RMAs whose contact name or e-mail is like ``wanted``, the likest first."""
        columns = [rmas.c.contact_name, rmas.c.contact_email]
        ids = fuzzy_ids(
            self._connection, rmas.c.id, columns, "search_rma_contacts", wanted, limit + len(found)
        )
        return [(i, "contact") for i in ids if i not in found][:limit]
