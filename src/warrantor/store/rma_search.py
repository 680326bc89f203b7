"""Finding RMAs by what a caller quotes (issue #23, item 2), in three tiers, each one
query on an index:

- exact: the RMA number, the unit's serial, the proof-of-purchase reference, a
  parcel's or return shipment's tracking number (plain indexes);
- prefix: the start of the contact's e-mail address, or of a word of their name;
- fuzzy: a name or address like the text (a typo, a spelling): ``pg_trgm``'s
  word similarity on PostgreSQL, the FTS5 trigram table on SQLite (migration 0017).

Each tier returns RMA ids, best first, leaving out those an earlier tier found.
"""

from __future__ import annotations

from sqlalchemy import func, literal, or_, select, text, union

from warrantor.store.repository import Repository
from warrantor.store.tables_rma import rma_parcels, rma_shipments, rmas

FUZZY_THRESHOLD = 0.3
"""pg_trgm word similarity a fuzzy match needs (its default, 0.6, misses one wrong letter
in a short surname)."""


def _escaped(text_: str) -> str:
    return text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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
        return _first_of_each([(int(i), str(m)) for i, m in rows])

    def prefix(self, wanted: str, limit: int, found: set[int]) -> list[tuple[int, str]]:
        """RMAs whose contact e-mail, or a word of whose contact name, starts with ``wanted``."""
        start = _escaped(wanted) + "%"
        by_email = rmas.c.contact_email.ilike(start, escape="\\")
        by_name = or_(
            rmas.c.contact_name.ilike(start, escape="\\"),
            rmas.c.contact_name.ilike("% " + start, escape="\\"),
        )
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
        if len(wanted) < 3:
            return []
        if self._connection.dialect.name == "postgresql":
            ids = self._fuzzy_postgresql(wanted, limit + len(found))
        else:
            ids = self._fuzzy_sqlite(wanted, limit + len(found))
        return [(i, "contact") for i in ids if i not in found][:limit]

    def _fuzzy_postgresql(self, wanted: str, limit: int) -> list[int]:
        self._connection.execute(
            text("SELECT set_config('pg_trgm.word_similarity_threshold', :t, true)"),
            {"t": str(FUZZY_THRESHOLD)},
        )
        likeness = func.greatest(
            func.word_similarity(wanted, rmas.c.contact_name),
            func.word_similarity(wanted, rmas.c.contact_email),
        )
        query = (
            select(rmas.c.id)
            .where(or_(rmas.c.contact_name.op("%>")(wanted), rmas.c.contact_email.op("%>")(wanted)))
            .order_by(likeness.desc(), rmas.c.id.desc())
            .limit(limit)
        )
        return [int(i) for i in self._connection.scalars(query)]

    def _fuzzy_sqlite(self, wanted: str, limit: int) -> list[int]:
        padded = " " + wanted.lower().replace('"', "") + " "
        grams = sorted({padded[i : i + 3] for i in range(len(padded) - 2)})
        match = " OR ".join(f'"{gram}"' for gram in grams)
        rows = self._connection.execute(
            text(
                "SELECT rowid FROM search_rma_contacts WHERE search_rma_contacts MATCH :match "
                "ORDER BY rank, rowid DESC LIMIT :limit"
            ),
            {"match": match, "limit": limit},
        )
        return [int(row[0]) for row in rows]


def _first_of_each(hits: list[tuple[int, str]]) -> list[tuple[int, str]]:
    seen: set[int] = set()
    kept = []
    for rma_id, matched in hits:
        if rma_id not in seen:
            seen.add(rma_id)
            kept.append((rma_id, matched))
    return kept
