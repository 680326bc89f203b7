"""Who owns which unit: the rows a customer's registration changes and "my products" reads.

Kept apart from ``store.units`` (the installed base's bulk paths) because a
claim is a guarded update: it only takes a unit nobody else owns, in one
statement, so two customers claiming the same serial at once can't both win.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, and_, func, or_, select, update

from warrantor.store.tables import accounts, brands, units


class UnitOwnerRepository:
    """Reads and writes unit ownership on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def owned_by(self, account_code: str) -> list[tuple[str, str]]:
        """(brand, serial) of the units ``account_code`` owns, by brand then serial."""
        rows = self._connection.execute(
            select(brands.c.name, units.c.serial)
            .join(units, units.c.brand_id == brands.c.id)
            .join(accounts, accounts.c.id == units.c.owner_id)
            .where(accounts.c.code == account_code)
            .order_by(brands.c.name, units.c.serial)
        )
        return [(row.name, row.serial) for row in rows]

    def claim(
        self,
        brand: str,
        serial: str,
        owner_id: int,
        purchased_on: date,
        proof_of_purchase: str,
        now: datetime,
    ) -> bool:
        """Make ``owner_id`` the owner with this proof, unless another account owns it.

        Returns ``False`` (and changes nothing) when another owner holds the unit.
        """
        brand_id = select(brands.c.id).where(func.lower(brands.c.name) == brand.lower())
        result = self._connection.execute(
            update(units)
            .where(
                and_(
                    units.c.brand_id == brand_id.scalar_subquery(),
                    units.c.serial == serial,
                    or_(units.c.owner_id.is_(None), units.c.owner_id == owner_id),
                )
            )
            .values(
                owner_id=owner_id,
                purchased_on=purchased_on,
                proof_of_purchase=proof_of_purchase,
                updated_at=now,
            )
        )
        return result.rowcount == 1

    def transfer(
        self, brand: str, serial: str, from_owner_id: int | None, to_owner_id: int, now: datetime
    ) -> bool:
        """Make ``to_owner_id`` the owner, only while ``from_owner_id`` still is (a change of
        hands: the purchase date and proof stay, coverage being the unit's). ``False``
        (nothing changed) when the owner changed meanwhile."""
        brand_id = select(brands.c.id).where(func.lower(brands.c.name) == brand.lower())
        owned_now = (
            units.c.owner_id.is_(None)
            if from_owner_id is None
            else units.c.owner_id == from_owner_id
        )
        result = self._connection.execute(
            update(units)
            .where(units.c.brand_id == brand_id.scalar_subquery(), units.c.serial == serial)
            .where(owned_now)
            .values(owner_id=to_owner_id, updated_at=now)
        )
        return result.rowcount == 1
