"""What sales records look like outside: the same JSON for the API and ``--json`` in the CLI.

Money is shown three ways so nobody parses a string: integer minor units, the
ISO currency, and the formatted text (``USD 129.00``).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from warrantor.domain.money import Money
from warrantor.domain.sales import (
    Balance,
    GrantedExtension,
    Order,
    Payment,
    PriceList,
    Quote,
)
from warrantor.services.sales.orders import OfferAnswer
from warrantor.services.sales.quotes import (
    QuoteDetail,
)


class MoneyOut(BaseModel):
    amount_minor: int
    currency: str
    text: str


def money_out(money: Money) -> MoneyOut:
    return MoneyOut(amount_minor=money.minor, currency=money.currency, text=str(money))


class PriceOut(BaseModel):
    id: int
    brand: str
    product_line: str
    years: int
    price: MoneyOut
    valid_from: date
    valid_until: date | None
    note: str
    retired: bool


def price_out(price: PriceList) -> PriceOut:
    return PriceOut(
        id=price.id,
        brand=price.brand,
        product_line=price.product_line,
        years=price.years,
        price=money_out(price.price),
        valid_from=price.valid_from,
        valid_until=price.valid_until,
        note=price.note,
        retired=price.retired,
    )


class PaymentOut(BaseModel):
    method: str
    reference: str
    amount: MoneyOut
    received_at: datetime
    recorded_by: str


def payment_out(payment: Payment | None) -> PaymentOut | None:
    if payment is None:
        return None
    return PaymentOut(
        method=payment.method,
        reference=payment.reference,
        amount=money_out(payment.amount),
        received_at=payment.received_at,
        recorded_by=payment.recorded_by,
    )


class OrderOut(BaseModel):
    id: int
    brand: str
    serial: str
    model: str
    account: str
    years: int
    price: MoneyOut
    ordered_on: date
    status: str
    payment: PaymentOut | None
    certificate_number: str | None


def order_out(order: Order) -> OrderOut:
    return OrderOut(
        id=order.id,
        brand=order.brand,
        serial=order.serial,
        model=order.model,
        account=order.account_code,
        years=order.years,
        price=money_out(order.price),
        ordered_on=order.ordered_on,
        status=order.status.value,
        payment=payment_out(order.payment),
        certificate_number=order.certificate_number,
    )


class OfferOut(BaseModel):
    brand: str
    serial: str
    buyer: str
    years: int
    allowed: bool
    outcome: str
    summary: str
    refusals: list[str]
    clause_ids: list[str]
    last_day_to_buy: date | None
    starts_on: date | None
    ends_on: date | None
    price: MoneyOut | None


def offer_out(answer: OfferAnswer) -> OfferOut:
    decision = answer.decision
    return OfferOut(
        brand=answer.unit.brand,
        serial=answer.unit.serial,
        buyer=answer.buyer,
        years=decision.years,
        allowed=decision.allowed,
        outcome=decision.outcome.value,
        summary=decision.summary,
        refusals=[r.value for r in decision.refusals],
        clause_ids=list(decision.clause_ids),
        last_day_to_buy=decision.last_day_to_buy,
        starts_on=decision.term.starts_on if decision.term else None,
        ends_on=decision.term.ends_on if decision.term else None,
        price=money_out(answer.price.price) if answer.price else None,
    )


class QuoteOut(BaseModel):
    id: int
    account: str
    brand: str
    model: str
    product_line: str
    years: int
    quantity: int
    unit_price: MoneyOut
    total: MoneyOut
    requested_on: date
    expires_on: date
    status: str
    assigned: int
    remaining: int
    payment: PaymentOut | None
    paid_on: date | None
    settlement: str | None
    settled_quantity: int | None
    settled_amount: MoneyOut | None
    settlement_reference: str | None


def quote_out(quote: Quote) -> QuoteOut:
    return QuoteOut(
        id=quote.id,
        account=quote.account_code,
        brand=quote.brand,
        model=quote.model,
        product_line=quote.product_line,
        years=quote.years,
        quantity=quote.quantity,
        unit_price=money_out(quote.unit_price),
        total=money_out(quote.total),
        requested_on=quote.requested_on,
        expires_on=quote.expires_on,
        status=quote.status.value,
        assigned=quote.assigned,
        remaining=quote.remaining,
        payment=payment_out(quote.payment),
        paid_on=quote.paid_on,
        settlement=quote.settlement.value if quote.settlement else None,
        settled_quantity=quote.settled_quantity,
        settled_amount=money_out(quote.settled_amount) if quote.settled_amount else None,
        settlement_reference=quote.settlement_reference,
    )


class AssignmentOut(BaseModel):
    brand: str
    serial: str
    assigned_at: datetime
    certificate_number: str | None


class RefusalOut(BaseModel):
    serial: str
    reason: str
    clause_ids: list[str]
    attempted_at: datetime


class QuoteDetailOut(QuoteOut):
    usable_until: date | None
    """Last day serials may be assigned; the day after, what is left becomes a credit note."""
    assignments: list[AssignmentOut]
    refusals: list[RefusalOut]


def quote_detail_out(detail: QuoteDetail) -> QuoteDetailOut:
    return QuoteDetailOut(
        **quote_out(detail.quote).model_dump(),
        usable_until=detail.usable_until,
        assignments=[
            AssignmentOut(
                brand=a.brand,
                serial=a.serial,
                assigned_at=a.assigned_at,
                certificate_number=a.certificate_number,
            )
            for a in detail.assignments
        ],
        refusals=[
            RefusalOut(
                serial=r.serial,
                reason=r.reason,
                clause_ids=list(r.clause_ids),
                attempted_at=r.attempted_at,
            )
            for r in detail.refusals
        ],
    )


class ExtensionOut(BaseModel):
    brand: str
    serial: str
    model: str
    years: int
    starts_on: date
    ends_on: date
    dates_from: str
    buyer: str
    certificate_number: str | None


def extension_out(extension: GrantedExtension) -> ExtensionOut:
    return ExtensionOut(
        brand=extension.brand,
        serial=extension.serial,
        model=extension.model,
        years=extension.years,
        starts_on=extension.starts_on,
        ends_on=extension.ends_on,
        dates_from=extension.dates_from,
        buyer=extension.buyer_code,
        certificate_number=extension.certificate_number,
    )


class BalanceOut(BaseModel):
    quote_id: int
    account: str
    model: str
    years: int
    ordered: int
    assigned: int
    remaining: int
    remaining_value: MoneyOut
    usable_until: date | None
    settlement: str | None


def balance_out(balance: Balance) -> BalanceOut:
    return BalanceOut(
        quote_id=balance.quote_id,
        account=balance.account_code,
        model=balance.model,
        years=balance.years,
        ordered=balance.ordered,
        assigned=balance.assigned,
        remaining=balance.remaining,
        remaining_value=money_out(balance.remaining_value),
        usable_until=balance.usable_until,
        settlement=balance.settlement.value if balance.settlement else None,
    )


class AssignOut(BaseModel):
    quote: QuoteOut
    granted: list[ExtensionOut]
