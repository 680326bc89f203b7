"""Extended-warranty sales as plain data: price lists, orders, quotes, payments, balances.

Pure: no store, no clock. The services (``services/sales/prices.py``,
``extension_orders.py``, ``quotes.py``) load these from the store, apply the
rules below, and ask the policy engine whether an extension may be sold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from warrantor.domain.money import Money

QUOTE_VALID_DAYS = 30
"""A quote may be accepted through its request day + 30 days (``expires_on``, inclusive).

QNAP's text says only that "QNAP will reply with the price quote"; 30 days is
this product's choice, long enough for a distributor's purchase cycle and short
enough that a price-list change reaches new quotes within a month."""


def quote_expires_on(requested_on: date) -> date:
    """Last day a quote requested on ``requested_on`` may be accepted."""
    return requested_on + timedelta(days=QUOTE_VALID_DAYS)


def assignable_until(paid_on: date, window_days: int) -> date:
    """Last day serials may be assigned to a quote paid on ``paid_on``.

    The rule for a paid-but-unassigned balance: a quote is bought "during the
    purchase of the QNAP product", and a unit may be extended within the
    policy's purchase window (60 days for QNAP) of its first invoice. So a
    balance stays usable through the payment day + the window: after that no
    unit bought with the order can still use it. The next day the remaining
    quantity is *settled*: converted to a credit note for the distributor worth
    remaining x unit price, in the quote's currency (``settle_due``). Staff may
    settle earlier as a refund, at the distributor's request.
    """
    return paid_on + timedelta(days=window_days)


class OrderStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    CANCELLED = "cancelled"


class QuoteStatus(StrEnum):
    QUOTED = "quoted"
    ACCEPTED = "accepted"
    PAID = "paid"
    SETTLED = "settled"


class Settlement(StrEnum):
    """What became of a paid quote's unassigned balance."""

    CREDIT_NOTE = "credit_note"
    REFUND = "refund"


@dataclass(frozen=True, slots=True)
class PriceList:
    """The price of +``years`` on ``brand``'s ``product_line``, valid on days
    ``valid_from``..``valid_until`` (both inclusive; no end when ``None``)."""

    id: int
    brand: str
    product_line: str
    years: int
    price: Money
    valid_from: date
    valid_until: date | None
    note: str = ""
    retired: bool = False

    def in_force_on(self, day: date) -> bool:
        if self.retired or day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until

    def overlaps(self, valid_from: date, valid_until: date | None) -> bool:
        """Whether this (unretired) list shares a day with ``valid_from``..``valid_until``."""
        if self.retired:
            return False
        ends_before = valid_until is not None and valid_until < self.valid_from
        starts_after = self.valid_until is not None and valid_from > self.valid_until
        return not (ends_before or starts_after)


@dataclass(frozen=True, slots=True)
class Payment:
    """A payment recorded for an order or a quote, by a payment method."""

    method: str
    reference: str
    amount: Money
    received_at: datetime
    recorded_by: str


@dataclass(frozen=True, slots=True)
class Order:
    """A direct customer's order of +``years`` for one unit."""

    id: int
    brand: str
    serial: str
    model: str
    account_code: str
    years: int
    price: Money
    price_id: int
    ordered_on: date
    status: OrderStatus
    created_at: datetime
    payment: Payment | None = None
    extension_id: int | None = None
    certificate_number: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """A distributor's quote: ``quantity`` x +``years`` on ``model`` at ``unit_price``."""

    id: int
    account_code: str
    brand: str
    model: str
    product_line: str
    years: int
    quantity: int
    unit_price: Money
    price_id: int
    requested_on: date
    expires_on: date
    status: QuoteStatus
    created_at: datetime
    assigned: int = 0
    payment: Payment | None = None
    paid_on: date | None = None
    settlement: Settlement | None = None
    settled_quantity: int | None = None
    settled_amount: Money | None = None
    settlement_reference: str | None = None

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity

    @property
    def remaining(self) -> int:
        """Paid quantity not yet assigned (0 before payment and after settlement)."""
        if self.status is not QuoteStatus.PAID:
            return 0
        return self.quantity - self.assigned

    def expired_on(self, day: date) -> bool:
        """Whether an unaccepted quote can no longer be accepted on ``day``."""
        return self.status is QuoteStatus.QUOTED and day > self.expires_on

    # --- guards (names used by QuoteMachine) -------------------------------------------

    def open_on(self, on: date) -> bool:
        """The quote may still be accepted on ``on`` (its last day is ``expires_on``)."""
        return on <= self.expires_on

    def has_balance(self) -> bool:
        """Some of the paid quantity is still unassigned."""
        return self.remaining > 0


@dataclass(frozen=True, slots=True)
class Assignment:
    serial: str
    brand: str
    assigned_at: datetime
    extension_id: int
    certificate_number: str | None


@dataclass(frozen=True, slots=True)
class RefusedAttempt:
    serial: str
    reason: str
    clause_ids: tuple[str, ...]
    attempted_at: datetime
    refusal_id: int
    """Its row's id: the refusals list's order and page key."""


@dataclass(frozen=True, slots=True)
class Balance:
    """What a paid quote still holds: quantity and money, and until when it is usable."""

    quote_id: int
    account_code: str
    model: str
    years: int
    ordered: int
    assigned: int
    remaining: int
    remaining_value: Money
    usable_until: date | None
    settlement: Settlement | None = None


@dataclass(frozen=True, slots=True)
class GrantedExtension:
    """An extension granted to a unit: its dates, who bought it, its certificate."""

    id: int
    brand: str
    serial: str
    model: str
    years: int
    purchased_on: date
    starts_on: date
    ends_on: date
    dates_from: str
    """``purchase_date``, or ``first_invoice_date`` while the unit's start is unknown."""
    buyer_code: str
    buyer_name: str
    certificate_number: str | None
