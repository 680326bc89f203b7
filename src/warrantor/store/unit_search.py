"""Finding units by what their owner types (issue #23, item 2): a customer searches their
own units, a distributor or dealer the units first invoiced to it, staff the whole
installed base. The three tiers of every search (``store.text_search``):

- exact: the serial (serials are stored in capitals; ``ix_units_serial``);
- prefix: the start of the serial, or of a word of the model's name: two reads merged
  in the installed base's order (brand, serial). The serial's start is the range
  ``p <= serial < p_next`` (``%``, ``_`` and ``\\`` are plain characters in it),
  compared by code point (``COLLATE "C"`` on PostgreSQL, whatever the database's
  collation; SQLite's BINARY does); over the whole base PostgreSQL reads it a page
  per brand at most from ``ix_search_units_serial_prefix`` (``brand_id, serial
  COLLATE "C"``, migration 0028), where one ``LIKE 'p%'`` ORed with the model's
  words read the whole table. The model's words are matched in the small catalogue,
  then its units read;
- fuzzy: models whose name is like the text (``ix_search_models_name_trgm`` on
  PostgreSQL, the FTS5 table ``search_models`` on SQLite; migration 0022): the
  catalogue is small, so the likeness is found there and the units of those
  models read after.

Each tier reads only the account's units (``ix_units_owner`` or
``ix_units_first_invoiced_to``, migration 0022, lead with the account), so a
customer's search costs what their few hundred units do, not the installed base.
There is no nickname of a unit to search: units carry none.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, bindparam, case, select, true

from warrantor.domain.units import Unit
from warrantor.store.keyset import page_limit
from warrantor.store.tables import accounts, brands, models, units
from warrantor.store.text_search import fuzzy_ids, word_starts
from warrantor.store.unit_scope import Relation
from warrantor.store.units import to_unit, unit_query

Hit = tuple[int, str]
"""A unit's id and what matched (serial or model)."""


def prefix_end(prefix: str) -> str | None:
    """The least string after every string starting with ``prefix`` in code point order
    (its last character's next one; none when no character follows it): ``serial >=
    prefix AND serial < prefix_end(prefix)`` is "starts with ``prefix``"."""
    kept = prefix
    while kept:
        last = ord(kept[-1]) + 1
        if last == 0xD800:  # surrogates are no characters of a UTF-8 string
            last = 0xE000
        if last <= 0x10FFFF:
            return kept[:-1] + chr(last)
        kept = kept[:-1]
    return None


class UnitSearch:
    """The tiers of a unit search within one account's units (or every unit), on one
    connection."""

    def __init__(
        self, connection: Connection, account_code: str | None, relation: Relation | None
    ) -> None:
        self._connection = connection
        self._account_code = account_code
        self._relation = relation

    def _scoped(self, query: Select[Any]) -> Select[Any]:
        if self._relation is None:
            return query
        column = units.c.owner_id if self._relation == "owner" else units.c.first_invoiced_to_id
        account = select(accounts.c.id).where(accounts.c.code == self._account_code)
        return query.where(column == account.scalar_subquery())

    def _serial_order(self) -> ColumnElement[str]:
        """The serial compared by code point, as Python compares strings."""
        if self._connection.dialect.name == "postgresql":
            return units.c.serial.collate("C")
        return units.c.serial

    def _ids(self, query: Select[Any], limit: int, found: set[int]) -> list[int]:
        query = self._scoped(query).order_by(units.c.brand_id, units.c.serial)
        ids = [int(i) for i in self._connection.scalars(query.limit(limit + len(found)))]
        return [i for i in ids if i not in found][:limit]

    def exact(self, wanted: str, limit: int, found: set[int]) -> list[tuple[int, str]]:
        """Units whose serial is ``wanted`` (in any case)."""
        query = select(units.c.id).where(units.c.serial == wanted.upper())
        return [(i, "serial") for i in self._ids(query, limit, found)]

    def prefix(self, wanted: str, limit: int, found: set[int]) -> list[Hit]:
        """Units whose serial, or a word of whose model's name, starts with ``wanted``,
        by brand and serial (a unit both ways matched by its serial)."""
        n = limit + len(found)
        rows = [(b, s, 0, i) for i, b, s in self._serial_starts(wanted.upper(), n)]
        rows += [(b, s, 1, i) for i, b, s in self._model_word_starts(wanted, n)]
        hits: dict[int, str] = {}
        for _, _, by_model, unit_id in sorted(rows):  # by serial first when both
            hits.setdefault(unit_id, "model" if by_model else "serial")
        return [(i, matched) for i, matched in hits.items() if i not in found][:limit]

    def _serial_starts(self, prefix: str, n: int) -> list[tuple[int, int, str]]:
        """(id, brand id, serial) of the first ``n`` units whose serial starts with
        ``prefix``, by brand and serial."""
        serial = self._serial_order()
        starts = serial >= prefix
        end = prefix_end(prefix)
        if end is not None:
            starts = starts & (serial < end)
        picked: Select[Any] = select(units.c.id, units.c.brand_id, units.c.serial)
        query: Select[Any]
        whole_base = self._relation is None
        if whole_base and self._connection.dialect.name == "postgresql":  # a page a brand
            each: Any = bindparam("brand_limit", n, literal_execute=True)
            per_brand = (
                picked.where(units.c.brand_id == brands.c.id, starts)
                .order_by(serial)
                .limit(each)
                .lateral("per_brand")
            )
            query = (
                select(per_brand.c.id, per_brand.c.brand_id, per_brand.c.serial)
                .select_from(brands.join(per_brand, true()))
                .order_by(per_brand.c.brand_id, per_brand.c.serial.collate("C"))
            )
        else:
            query = self._scoped(picked.where(starts)).order_by(units.c.brand_id, serial)
        rows = self._connection.execute(query.limit(page_limit(n)))
        return [(int(i), int(b), str(s)) for i, b, s in rows]

    def _model_word_starts(self, wanted: str, n: int) -> list[tuple[int, int, str]]:
        """(id, brand id, serial) of the first ``n`` units of the models a word of whose
        name starts with ``wanted``, by brand and serial: the models first (the
        catalogue is small), then their units."""
        named = select(models.c.id).where(word_starts(models.c.name, wanted))
        model_ids = [int(i) for i in self._connection.scalars(named)]
        if not model_ids:
            return []
        query: Select[Any] = select(units.c.id, units.c.brand_id, units.c.serial)
        query = self._scoped(query.where(units.c.model_id.in_(model_ids)))
        query = query.order_by(units.c.brand_id, self._serial_order()).limit(page_limit(n))
        return [(int(i), int(b), str(s)) for i, b, s in self._connection.execute(query)]

    def fuzzy(self, wanted: str, limit: int, found: set[int]) -> list[tuple[int, str]]:
        """Units of the models whose name is like ``wanted``, the likest model first."""
        name = [models.c.name]
        liked = fuzzy_ids(self._connection, models.c.id, name, "search_models", wanted, 50)
        if not liked:
            return []
        rank = case({model_id: n for n, model_id in enumerate(liked)}, value=units.c.model_id)
        query = self._scoped(select(units.c.id).where(units.c.model_id.in_(liked)))
        query = query.order_by(rank, units.c.brand_id, units.c.serial)
        ids = [int(i) for i in self._connection.scalars(query.limit(limit + len(found)))]
        return [(i, "model") for i in ids if i not in found][:limit]

    def units(self, ids: list[int]) -> dict[int, Unit]:
        """The units with ``ids``, by id."""
        if not ids:
            return {}
        rows = self._connection.execute(unit_query().where(units.c.id.in_(ids)))
        return {int(row.id): to_unit(row) for row in rows}
