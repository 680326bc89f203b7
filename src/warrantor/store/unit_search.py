"""Finding units by what their owner types (issue #23, item 2): a customer searches their
own units, a distributor or dealer the units first invoiced to it, staff the whole
installed base. The three tiers of every search (``store.text_search``):

- exact: the serial (serials are stored in capitals; ``ix_units_serial``);
- prefix: the start of the serial, or of a word of the model's name;
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

from sqlalchemy import Connection, Select, case, select

from warrantor.domain.units import Unit
from warrantor.store.tables import accounts, models, units
from warrantor.store.text_search import escaped, fuzzy_ids, word_starts
from warrantor.store.unit_scope import Relation
from warrantor.store.units import to_unit, unit_query


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

    def _ids(self, query: Select[Any], limit: int, found: set[int]) -> list[int]:
        query = self._scoped(query).order_by(units.c.brand_id, units.c.serial)
        ids = [int(i) for i in self._connection.scalars(query.limit(limit + len(found)))]
        return [i for i in ids if i not in found][:limit]

    def exact(self, wanted: str, limit: int, found: set[int]) -> list[tuple[int, str]]:
        """Units whose serial is ``wanted`` (in any case)."""
        query = select(units.c.id).where(units.c.serial == wanted.upper())
        return [(i, "serial") for i in self._ids(query, limit, found)]

    def prefix(self, wanted: str, limit: int, found: set[int]) -> list[tuple[int, str]]:
        """Units whose serial, or a word of whose model's name, starts with ``wanted``."""
        by_serial = units.c.serial.like(escaped(wanted.upper()) + "%", escape="\\")
        query = (
            select(units.c.id, by_serial.label("by_serial"))
            .join(models, models.c.id == units.c.model_id)
            .where(by_serial | word_starts(models.c.name, wanted))
        )
        query = self._scoped(query).order_by(units.c.brand_id, units.c.serial)
        rows = self._connection.execute(query.limit(limit + len(found)))
        hits = [(int(i), "serial" if s else "model") for i, s in rows]
        return [hit for hit in hits if hit[0] not in found][:limit]

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
