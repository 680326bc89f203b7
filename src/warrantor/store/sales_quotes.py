"""Repository: distributor quotes, serial assignments and refused assignment attempts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, func, select

from warrantor.domain.lifecycle import Step
from warrantor.domain.money import Money
from warrantor.domain.sales import (
    Assignment,
    Quote,
    QuoteStatus,
    RefusedAttempt,
    Settlement,
)
from warrantor.store.keyset import keyset_page
from warrantor.store.repository import lock_row
from warrantor.store.sales_orders import payment_columns, payment_of
from warrantor.store.tables import accounts, brands, units
from warrantor.store.tables_extensions import (
    extension_assignment_refusals,
    extension_assignments,
    extension_payments,
    extension_quotes,
    unit_extensions,
)


@dataclass(frozen=True, slots=True)
class NewQuote:
    account_id: int
    brand: str
    model: str
    product_line: str
    years: int
    quantity: int
    price_id: int
    unit_price: Money
    requested_on: date
    expires_on: date


def _quote_query() -> Select[Any]:
    assigned = (
        select(func.count())
        .select_from(extension_assignments)
        .where(extension_assignments.c.quote_id == extension_quotes.c.id)
        .correlate(extension_quotes)
        .scalar_subquery()
    )
    return (
        select(
            extension_quotes,
            accounts.c.code.label("account_code"),
            assigned.label("assigned"),
            *payment_columns(),
        )
        .select_from(extension_quotes)
        .join(accounts, accounts.c.id == extension_quotes.c.account_id)
        .outerjoin(extension_payments, extension_payments.c.quote_id == extension_quotes.c.id)
    )


def _quote(row: Row[Any]) -> Quote:
    return Quote(
        id=row.id,
        account_code=row.account_code,
        brand=row.brand,
        model=row.model,
        product_line=row.product_line,
        years=row.years,
        quantity=row.quantity,
        unit_price=Money(row.unit_price_minor, row.currency),
        price_id=row.price_id,
        requested_on=row.requested_on,
        expires_on=row.expires_on,
        status=QuoteStatus(row.status),
        created_at=row.created_at,
        assigned=row.assigned or 0,
        payment=payment_of(row),
        paid_on=row.paid_on,
        settlement=Settlement(row.settlement) if row.settlement else None,
        settled_quantity=row.settled_quantity,
        settled_amount=(
            Money(row.settled_minor, row.currency) if row.settled_minor is not None else None
        ),
        settlement_reference=row.settlement_reference,
    )


class QuoteRepository:
    """Reads and writes quotes, assignments and refusals on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def add(self, quote: NewQuote, requested: Step, by: str, now: datetime) -> Quote:
        """Store a new quote in the status its creation step leads to."""
        new_id = self._connection.execute(
            extension_quotes.insert()
            .values(
                account_id=quote.account_id,
                brand=quote.brand,
                model=quote.model,
                product_line=quote.product_line,
                years=quote.years,
                quantity=quote.quantity,
                price_id=quote.price_id,
                unit_price_minor=quote.unit_price.minor,
                currency=quote.unit_price.currency,
                requested_on=quote.requested_on,
                expires_on=quote.expires_on,
                status=requested.to_state,
                created_at=now,
                created_by=by,
            )
            .returning(extension_quotes.c.id)
        ).scalar_one()
        found = self.get(new_id)
        assert found is not None
        return found

    def get(self, quote_id: int, *, for_update: bool = False) -> Quote | None:
        """One quote; ``for_update`` locks its row (PostgreSQL) so assignments queue up."""
        if for_update:
            lock_row(self._connection, extension_quotes, quote_id)
        row = self._connection.execute(
            _quote_query().where(extension_quotes.c.id == quote_id)
        ).first()
        return _quote(row) if row else None

    def find(
        self,
        account_code: str | None = None,
        status: str | tuple[str, ...] | None = None,
        limit: int = 100,
        before_id: int | None = None,
    ) -> list[Quote]:
        """Newest first; with ``before_id``, only older ones (the next page, by keyset);
        ``status`` one or several (a tuple: any of them)."""
        query = _quote_query().order_by(extension_quotes.c.id.desc()).limit(limit)
        if before_id is not None:
            query = query.where(extension_quotes.c.id < before_id)
        if account_code is not None:
            query = query.where(accounts.c.code == account_code)
        if isinstance(status, tuple):
            query = query.where(extension_quotes.c.status.in_(status))
        elif status is not None:
            query = query.where(extension_quotes.c.status == status)
        return [_quote(row) for row in self._connection.execute(query)]

    def _take(self, quote_id: int, step: Step, **values: Any) -> bool:
        """Take the machine's ``step`` with ``values``; False when the quote had left its
        from-status meanwhile."""
        result = self._connection.execute(
            extension_quotes.update()
            .where(extension_quotes.c.id == quote_id, extension_quotes.c.status == step.from_state)
            .values(status=step.to_state, **values)
        )
        return result.rowcount == 1

    def accept(self, quote_id: int, step: Step, now: datetime) -> bool:
        """The distributor accepted the price at ``now``."""
        return self._take(quote_id, step, accepted_at=now)

    def mark_paid(self, quote_id: int, step: Step, paid_on: date) -> bool:
        """The quote was paid on ``paid_on``: its quantity becomes the balance."""
        return self._take(quote_id, step, paid_on=paid_on)

    def settle(
        self,
        quote_id: int,
        step: Step,
        settlement: Settlement,
        quantity: int,
        amount: Money,
        reference: str,
        now: datetime,
    ) -> bool:
        """The unassigned balance was settled (credit note or refund) at ``now``."""
        return self._take(
            quote_id,
            step,
            settled_at=now,
            settlement=settlement.value,
            settled_quantity=quantity,
            settled_minor=amount.minor,
            settlement_reference=reference,
        )

    def assignment_of_unit(self, unit_id: int) -> int | None:
        """The quote a unit is already assigned to, if any."""
        return self._connection.scalar(
            select(extension_assignments.c.quote_id).where(
                extension_assignments.c.unit_id == unit_id
            )
        )

    def add_assignment(
        self, quote_id: int, unit_id: int, extension_id: int, by: str, now: datetime
    ) -> None:
        self._connection.execute(
            extension_assignments.insert().values(
                quote_id=quote_id,
                unit_id=unit_id,
                extension_id=extension_id,
                assigned_at=now,
                assigned_by=by,
            )
        )

    def assignments(
        self, quote_id: int, limit: int | None = None, after: Sequence[Any] | None = None
    ) -> list[Assignment]:
        """The serials assigned to a quote, in the order they were (by their extension's id),
        all of them or ``limit`` after the key ``after`` (keyset: the next page)."""
        query = (
            select(
                units.c.serial,
                brands.c.name.label("brand"),
                extension_assignments.c.assigned_at,
                extension_assignments.c.extension_id,
                unit_extensions.c.certificate_number,
            )
            .select_from(extension_assignments)
            .join(units, units.c.id == extension_assignments.c.unit_id)
            .join(brands, brands.c.id == units.c.brand_id)
            .join(unit_extensions, unit_extensions.c.id == extension_assignments.c.extension_id)
            .where(extension_assignments.c.quote_id == quote_id)
        )
        key = [extension_assignments.c.extension_id]
        query = query.order_by(*key) if limit is None else keyset_page(query, key, after, limit)
        rows = self._connection.execute(query)
        return [
            Assignment(r.serial, r.brand, r.assigned_at, r.extension_id, r.certificate_number)
            for r in rows
        ]

    def add_refusal(
        self,
        quote_id: int,
        serial: str,
        reason: str,
        clause_ids: tuple[str, ...],
        by: str,
        now: datetime,
    ) -> None:
        self._connection.execute(
            extension_assignment_refusals.insert().values(
                quote_id=quote_id,
                serial=serial[:64],
                reason=reason,
                clause_ids=",".join(clause_ids)[:500],
                attempted_at=now,
                attempted_by=by,
            )
        )

    def refusals(
        self, quote_id: int, limit: int | None = None, after: Sequence[Any] | None = None
    ) -> list[RefusedAttempt]:
        """A quote's refused attempts, in the order they were made (by id), all of them or
        ``limit`` after the key ``after`` (keyset: the next page)."""
        table = extension_assignment_refusals
        query = select(table).where(table.c.quote_id == quote_id)
        key = [table.c.id]
        query = query.order_by(*key) if limit is None else keyset_page(query, key, after, limit)
        return [
            RefusedAttempt(
                r.serial,
                r.reason,
                tuple(c for c in r.clause_ids.split(",") if c),
                r.attempted_at,
                r.id,
            )
            for r in self._connection.execute(query)
        ]

    def refusal_count(self, quote_id: int) -> int:
        """How many attempts on the quote were refused (its refusals list's total)."""
        table = extension_assignment_refusals
        query = select(func.count()).select_from(table).where(table.c.quote_id == quote_id)
        return int(self._connection.execute(query).scalar_one())
