"""Repository: direct extension orders and the payments recorded for orders and quotes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, func, select

from warrantor.domain.lifecycle import Step
from warrantor.domain.money import Money
from warrantor.domain.sales import Order, OrderStatus, Payment
from warrantor.store.repository import lock_row
from warrantor.store.tables import accounts, brands, models, units
from warrantor.store.tables_extensions import extension_orders, extension_payments, unit_extensions


@dataclass(frozen=True, slots=True)
class NewOrder:
    unit_id: int
    account_id: int
    years: int
    price_id: int
    price: Money
    ordered_on: date


def payment_columns() -> tuple[Any, ...]:
    """The payment's columns as ``payment_of`` reads them, for a query that outer-joins
    ``extension_payments`` (an order's or a quote's)."""
    return (
        extension_payments.c.method,
        extension_payments.c.reference,
        extension_payments.c.amount_minor.label("paid_minor"),
        extension_payments.c.currency.label("paid_currency"),
        extension_payments.c.received_at,
        extension_payments.c.recorded_by,
    )


def _order_query() -> Select[Any]:
    return (
        select(
            extension_orders,
            brands.c.name.label("brand"),
            units.c.serial,
            models.c.name.label("model"),
            accounts.c.code.label("account_code"),
            *payment_columns(),
            unit_extensions.c.certificate_number,
        )
        .select_from(extension_orders)
        .join(units, units.c.id == extension_orders.c.unit_id)
        .join(brands, brands.c.id == units.c.brand_id)
        .join(models, models.c.id == units.c.model_id)
        .join(accounts, accounts.c.id == extension_orders.c.account_id)
        .outerjoin(extension_payments, extension_payments.c.order_id == extension_orders.c.id)
        .outerjoin(unit_extensions, unit_extensions.c.id == extension_orders.c.extension_id)
    )


def payment_of(row: Row[Any]) -> Payment | None:
    """The payment columns of a joined row (``method``, ``reference``, ``paid_*``), if any."""
    if row.method is None:
        return None
    return Payment(
        method=row.method,
        reference=row.reference,
        amount=Money(row.paid_minor, row.paid_currency),
        received_at=row.received_at,
        recorded_by=row.recorded_by,
    )


def _order(row: Row[Any]) -> Order:
    return Order(
        id=row.id,
        brand=row.brand,
        serial=row.serial,
        model=row.model,
        account_code=row.account_code,
        years=row.years,
        price=Money(row.amount_minor, row.currency),
        price_id=row.price_id,
        ordered_on=row.ordered_on,
        status=OrderStatus(row.status),
        created_at=row.created_at,
        payment=payment_of(row),
        extension_id=row.extension_id,
        certificate_number=row.certificate_number,
    )


class OrderRepository:
    """Reads and writes direct orders and payments on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, order: NewOrder, placed: Step, by: str, now: datetime) -> Order:
        """Store a new order in the status its creation step leads to."""
        new_id = self._connection.execute(
            extension_orders.insert()
            .values(
                unit_id=order.unit_id,
                account_id=order.account_id,
                years=order.years,
                price_id=order.price_id,
                amount_minor=order.price.minor,
                currency=order.price.currency,
                ordered_on=order.ordered_on,
                status=placed.to_state,
                created_at=now,
                created_by=by,
            )
            .returning(extension_orders.c.id)
        ).scalar_one()
        found = self.get(new_id)
        assert found is not None
        return found

    def get(self, order_id: int, *, for_update: bool = False) -> Order | None:
        if for_update:  # lock the order row itself (PostgreSQL) before reading it whole
            lock_row(self._connection, extension_orders, order_id)
        row = self._connection.execute(
            _order_query().where(extension_orders.c.id == order_id)
        ).first()
        return _order(row) if row else None

    def find(
        self,
        account_code: str | None = None,
        status: str | None = None,
        limit: int = 100,
        before_id: int | None = None,
        unit: tuple[str, str] | None = None,
    ) -> list[Order]:
        """Newest first; with ``before_id``, only older ones (the next page, by keyset);
        with ``unit`` (brand, serial), that unit's only."""
        query = _order_query().order_by(extension_orders.c.id.desc()).limit(limit)
        if unit is not None:
            query = query.where(brands.c.name == unit[0], units.c.serial == unit[1])
        if before_id is not None:
            query = query.where(extension_orders.c.id < before_id)
        if account_code is not None:
            query = query.where(accounts.c.code == account_code)
        if status is not None:
            query = query.where(extension_orders.c.status == status)
        return [_order(row) for row in self._connection.execute(query)]

    def count_open_for_unit(self, unit_id: int) -> int:
        return (
            self._connection.scalar(
                select(func.count())
                .select_from(extension_orders)
                .where(
                    extension_orders.c.unit_id == unit_id,
                    extension_orders.c.status == OrderStatus.AWAITING_PAYMENT.value,
                )
            )
            or 0
        )

    def close(
        self, order_id: int, step: Step, now: datetime, extension_id: int | None = None
    ) -> bool:
        """Take the machine's ``step`` (paid, with the extension granted, or cancelled);
        False when the order had left its from-status meanwhile."""
        result = self._connection.execute(
            extension_orders.update()
            .where(extension_orders.c.id == order_id, extension_orders.c.status == step.from_state)
            .values(status=step.to_state, closed_at=now, extension_id=extension_id)
        )
        return result.rowcount == 1

    def add_payment(
        self, payment: Payment, *, order_id: int | None = None, quote_id: int | None = None
    ) -> None:
        self._connection.execute(
            extension_payments.insert().values(
                order_id=order_id,
                quote_id=quote_id,
                method=payment.method,
                reference=payment.reference,
                amount_minor=payment.amount.minor,
                currency=payment.amount.currency,
                received_at=payment.received_at,
                recorded_by=payment.recorded_by,
            )
        )
