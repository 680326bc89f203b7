"""Units an outside party may see: the ones it owns, or the ones the maker first invoiced to it.

``UnitRepository.list`` (``store.units``) reads the whole installed base, for
staff and the CLI; this reads the same shape narrowed to one account, in SQL
so a limit counts only the account's units.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Connection, func, select

from warrantor.domain.units import Unit
from warrantor.store.tables import accounts, units
from warrantor.store.units import UnitFilter, filtered, to_unit, unit_query

Relation = Literal["owner", "first_invoiced_to"]
"""How an account is tied to a unit: it owns it, or the maker first invoiced it to it."""


class UnitScopeRepository:
    """Reads one account's units on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def list_for(self, account_code: str, relation: Relation, filters: UnitFilter) -> list[Unit]:
        """The units ``account_code`` is tied to by ``relation`` that match ``filters``."""
        column = units.c.owner_id if relation == "owner" else units.c.first_invoiced_to_id
        account_id = select(accounts.c.id).where(accounts.c.code == account_code).scalar_subquery()
        query = filtered(unit_query().where(column == account_id), filters)
        return [to_unit(row) for row in self._connection.execute(query)]

    def busiest_account(
        self, kind: str, relation: Relation, countries: tuple[str, ...] = ()
    ) -> str | None:
        """The code of the ``kind`` account tied to the most units by ``relation`` (demo data
        picks its sample users this way, so they have something to look at), among accounts
        in ``countries`` when given."""
        column = units.c.owner_id if relation == "owner" else units.c.first_invoiced_to_id
        query = (
            select(accounts.c.code)
            .join(units, column == accounts.c.id)
            .where(accounts.c.kind == kind)
            .where(accounts.c.country.in_(countries) if countries else accounts.c.id.is_not(None))
            .group_by(accounts.c.code)
            .order_by(func.count().desc(), accounts.c.code)
            .limit(1)
        )
        return self._connection.scalar(query)
