"""Repository.

Price lists, extension orders, payments, distributor quotes and serial assignments, and
the extensions granted to units (issue #4).

``uow.extensions`` holds the granted extensions itself and the sales records as
``prices``, ``orders`` and ``quotes`` (one repository per table group).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, func, select

from warrantor.domain.coverage import Extension
from warrantor.domain.sales import GrantedExtension
from warrantor.store.repository import lock_row
from warrantor.store.sales_orders import OrderRepository
from warrantor.store.sales_prices import PriceRepository
from warrantor.store.sales_quotes import QuoteRepository
from warrantor.store.tables import accounts, brands, models, units
from warrantor.store.tables_extensions import unit_extensions


@dataclass(frozen=True, slots=True)
class NewExtension:
    unit_id: int
    years: int
    purchased_on: date
    starts_on: date
    ends_on: date
    dates_from: str
    buyer_account_id: int


def _granted_query() -> Select[Any]:
    return (
        select(
            unit_extensions,
            brands.c.name.label("brand"),
            units.c.serial,
            models.c.name.label("model"),
            accounts.c.code.label("buyer_code"),
            accounts.c.name.label("buyer_name"),
        )
        .select_from(unit_extensions)
        .join(units, units.c.id == unit_extensions.c.unit_id)
        .join(brands, brands.c.id == units.c.brand_id)
        .join(models, models.c.id == units.c.model_id)
        .join(accounts, accounts.c.id == unit_extensions.c.buyer_account_id)
    )


def _granted(row: Row[Any]) -> GrantedExtension:
    return GrantedExtension(
        id=row.id,
        brand=row.brand,
        serial=row.serial,
        model=row.model,
        years=row.years,
        purchased_on=row.purchased_on,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        dates_from=row.dates_from,
        buyer_code=row.buyer_code,
        buyer_name=row.buyer_name,
        certificate_number=row.certificate_number,
    )


class ExtensionRepository:
    """Reads and writes on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self.prices = PriceRepository(connection)
        self.orders = OrderRepository(connection)
        self.quotes = QuoteRepository(connection)

    def for_unit(self, brand: str, serial: str) -> tuple[Extension, ...]:
        """The extensions granted to this unit, oldest first, with their certificate numbers."""
        rows = self._connection.execute(
            select(
                unit_extensions.c.years,
                unit_extensions.c.purchased_on,
                unit_extensions.c.certificate_number,
            )
            .join(units, units.c.id == unit_extensions.c.unit_id)
            .join(brands, brands.c.id == units.c.brand_id)
            .where(func.lower(brands.c.name) == brand.lower(), units.c.serial == serial)
            .order_by(unit_extensions.c.purchased_on, unit_extensions.c.id)
        )
        return tuple(Extension(r.years, r.purchased_on, r.certificate_number) for r in rows)

    def granted_for_unit(self, unit_id: int) -> list[GrantedExtension]:
        """The extension rows of a unit, oldest first (for moves and listings)."""
        query = (
            _granted_query()
            .where(unit_extensions.c.unit_id == unit_id)
            .order_by(unit_extensions.c.purchased_on, unit_extensions.c.id)
        )
        return [_granted(row) for row in self._connection.execute(query)]

    def get(self, extension_id: int) -> GrantedExtension | None:
        row = self._connection.execute(
            _granted_query().where(unit_extensions.c.id == extension_id)
        ).first()
        return _granted(row) if row else None

    def lock_unit(self, unit_id: int) -> None:
        """Hold the unit's row until the transaction ends (PostgreSQL), so two payments for
        the same unit are judged one after the other against its extensions."""
        lock_row(self._connection, units, unit_id)

    def add(self, extension: NewExtension, now: datetime) -> int:
        return int(
            self._connection.execute(
                unit_extensions.insert()
                .values(
                    unit_id=extension.unit_id,
                    years=extension.years,
                    purchased_on=extension.purchased_on,
                    starts_on=extension.starts_on,
                    ends_on=extension.ends_on,
                    dates_from=extension.dates_from,
                    buyer_account_id=extension.buyer_account_id,
                    granted_at=now,
                )
                .returning(unit_extensions.c.id)
            ).scalar_one()
        )

    def set_certificate(self, extension_id: int, number: str) -> None:
        self._connection.execute(
            unit_extensions.update()
            .where(unit_extensions.c.id == extension_id)
            .values(certificate_number=number)
        )

    def move(
        self, extension_id: int, to_unit_id: int, number: str | None, reason: str, now: datetime
    ) -> None:
        """Attach an extension to another unit (same dates), with its new certificate."""
        self._connection.execute(
            unit_extensions.update()
            .where(unit_extensions.c.id == extension_id)
            .values(
                moved_from_unit_id=unit_extensions.c.unit_id,
                unit_id=to_unit_id,
                certificate_number=number,
                moved_at=now,
                move_reason=reason,
            )
        )
