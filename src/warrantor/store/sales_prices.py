"""Repository: extended-warranty price lists (``extension_prices``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, func, or_, select

from warrantor.domain.money import Money
from warrantor.domain.sales import PriceList
from warrantor.store.keyset import keyset_page
from warrantor.store.tables_extensions import extension_prices


@dataclass(frozen=True, slots=True)
class NewPrice:
    brand: str
    product_line: str
    years: int
    price: Money
    valid_from: date
    valid_until: date | None
    note: str = ""


def _price(row: Row[Any]) -> PriceList:
    return PriceList(
        id=row.id,
        brand=row.brand,
        product_line=row.product_line,
        years=row.years,
        price=Money(row.amount_minor, row.currency),
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        note=row.note,
        retired=row.retired_at is not None,
    )


class PriceRepository:
    """Reads and writes price lists on one connection (inside a unit of work)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, price: NewPrice, by: str, now: datetime) -> PriceList:
        new_id = self._connection.execute(
            extension_prices.insert()
            .values(
                brand=price.brand,
                product_line=price.product_line,
                years=price.years,
                amount_minor=price.price.minor,
                currency=price.price.currency,
                valid_from=price.valid_from,
                valid_until=price.valid_until,
                note=price.note,
                created_at=now,
                created_by=by,
            )
            .returning(extension_prices.c.id)
        ).scalar_one()
        found = self.get(new_id)
        assert found is not None
        return found

    def get(self, price_id: int) -> PriceList | None:
        row = self._connection.execute(
            select(extension_prices).where(extension_prices.c.id == price_id)
        ).first()
        return _price(row) if row else None

    def matching(
        self, brand: str, product_line: str, years: int, currency: str | None = None
    ) -> list[PriceList]:
        """Every list (retired too) for this brand, line and period, by start day."""
        query = (
            select(extension_prices)
            .where(
                func.lower(extension_prices.c.brand) == brand.lower(),
                extension_prices.c.product_line == product_line,
                extension_prices.c.years == years,
            )
            .order_by(extension_prices.c.valid_from, extension_prices.c.id)
        )
        if currency is not None:
            query = query.where(extension_prices.c.currency == currency)
        return [_price(row) for row in self._connection.execute(query)]

    def find(
        self,
        brand: str | None = None,
        product_line: str | None = None,
        on: date | None = None,
        include_retired: bool = False,
        limit: int | None = None,
        after: Sequence[Any] | None = None,
    ) -> list[PriceList]:
        """Lists by brand, line, period, currency, start day (then id), after the key
        ``after`` (keyset: the next page); ``on``: only those in force that day."""
        p = extension_prices.c
        query = select(extension_prices)
        if brand is not None:
            query = query.where(func.lower(p.brand) == brand.lower())
        if product_line is not None:
            query = query.where(p.product_line == product_line)
        if not include_retired or on is not None:
            query = query.where(p.retired_at.is_(None))
        if on is not None:
            until = or_(p.valid_until.is_(None), p.valid_until >= on)
            query = query.where(p.valid_from <= on, until)
        key = [p.brand, p.product_line, p.years, p.currency, p.valid_from, p.id]
        query = query.order_by(*key) if limit is None else keyset_page(query, key, after, limit)
        return [_price(row) for row in self._connection.execute(query)]

    def retire(self, price_id: int, by: str, now: datetime) -> None:
        self._connection.execute(
            extension_prices.update()
            .where(extension_prices.c.id == price_id)
            .values(retired_at=now, retired_by=by)
        )

    def end(self, price_id: int, last_day: date) -> None:
        self._connection.execute(
            extension_prices.update()
            .where(extension_prices.c.id == price_id)
            .values(valid_until=last_day)
        )
