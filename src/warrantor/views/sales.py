"""What sales records look like outside: the same JSON for the API and ``--json`` in the CLI.

Money is shown three ways so nobody parses a string: integer minor units, the
ISO currency, and the formatted text (``USD 129.00``).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, model_validator

from warrantor.domain.money import Money
from warrantor.domain.sales import (
    Assignment,
    Balance,
    GrantedExtension,
    Order,
    Payment,
    PriceList,
    Quote,
    RefusedAttempt,
)
from warrantor.services.sales.orders import OfferAnswer
from warrantor.services.sales.quote_detail import QuoteDetail
from warrantor.views.records import FromRecord, answer_from, record_fields


class MoneyOut(BaseModel):
    """An amount three ways: integer minor units, the currency, the text (``USD 129.00``)."""

    amount_minor: int
    currency: str
    text: str

    @model_validator(mode="before")
    @classmethod
    def _from_money(cls, value: object) -> object:
        """A ``Money`` is read as its three ways (a record's money fields come as ``Money``)."""
        if isinstance(value, Money):
            return {"amount_minor": value.minor, "currency": value.currency, "text": str(value)}
        return value


def money_out(money: Money) -> MoneyOut:
    return MoneyOut.model_validate(money)


class PriceOut(FromRecord):
    __annotations__ = record_fields(PriceList, price=MoneyOut)


def price_out(price: PriceList) -> PriceOut:
    return PriceOut.model_validate(price)


class PaymentOut(FromRecord):
    __annotations__ = record_fields(Payment, amount=MoneyOut)


def payment_out(payment: Payment | None) -> PaymentOut | None:
    return None if payment is None else PaymentOut.model_validate(payment)


class OrderOut(FromRecord):
    """An order; ``account`` is the buyer's account code."""

    __annotations__ = record_fields(
        Order,
        leave_out=("account_code", "price_id", "created_at", "extension_id"),
        price=MoneyOut,
        payment=PaymentOut | None,
        account=str,
    )


def order_out(order: Order) -> OrderOut:
    return answer_from(OrderOut, order, account=order.account_code)


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


class QuoteOut(FromRecord):
    """A bulk quote; ``account`` is the distributor's account code, ``remaining`` the paid
    quantity not yet assigned."""

    __annotations__ = record_fields(
        Quote,
        leave_out=("account_code", "price_id", "created_at"),
        unit_price=MoneyOut,
        payment=PaymentOut | None,
        settled_amount=MoneyOut | None,
        account=str,
        total=MoneyOut,
        remaining=int,
    )


def quote_out(quote: Quote) -> QuoteOut:
    return answer_from(QuoteOut, quote, account=quote.account_code)


class AssignmentOut(FromRecord):
    __annotations__ = record_fields(Assignment, leave_out=("extension_id",))


class RefusalOut(FromRecord):
    __annotations__ = record_fields(RefusedAttempt, leave_out=("refusal_id",))


class QuoteDetailOut(QuoteOut):
    usable_until: date | None
    """Last day serials may be assigned; the day after, what is left becomes a credit note."""
    assignments: list[AssignmentOut]
    """The first page of the serials assigned (100 by default), in the order they were."""
    assignments_total: int
    """Every serial assigned to the quote (``assignments`` may hold fewer)."""
    assignments_next_cursor: str | None
    """Where the rest start (``cursor`` of the quote's assignments list); ``None``: all
    are in ``assignments``."""
    assignments_next: str | None = None
    """The URL of the next page of the quote's assignments list (the API's answer)."""
    refusals: list[RefusalOut]
    """The first page of the refused attempts (100 by default), in the order they were."""
    refusals_total: int
    """Every refused attempt kept on the quote (``refusals`` may hold fewer)."""
    refusals_next_cursor: str | None
    """Where the rest start (``cursor`` of the quote's refusals list); ``None``: all are
    in ``refusals``."""
    refusals_next: str | None = None
    """The URL of the next page of the quote's refusals list (the API's answer)."""


def quote_detail_out(
    detail: QuoteDetail, next_url: str | None = None, refusals_next_url: str | None = None
) -> QuoteDetailOut:
    """``next_url``, ``refusals_next_url``: where the API reads the rest of the assignments,
    of the refusals."""
    page, refused = detail.assignments, detail.refusals
    return answer_from(
        QuoteDetailOut,
        detail.quote,
        account=detail.quote.account_code,
        usable_until=detail.usable_until,
        assignments=page.items,
        assignments_total=page.total if page.total is not None else len(page.items),
        assignments_next_cursor=page.next_cursor,
        assignments_next=next_url if page.next_cursor else None,
        refusals=refused.items,
        refusals_total=refused.total if refused.total is not None else len(refused.items),
        refusals_next_cursor=refused.next_cursor,
        refusals_next=refusals_next_url if refused.next_cursor else None,
    )


class ExtensionOut(FromRecord):
    """A granted extension; ``buyer`` is the buyer's account code."""

    __annotations__ = record_fields(
        GrantedExtension, leave_out=("id", "purchased_on", "buyer_code", "buyer_name"), buyer=str
    )


def extension_out(extension: GrantedExtension) -> ExtensionOut:
    return answer_from(ExtensionOut, extension, buyer=extension.buyer_code)


class BalanceOut(FromRecord):
    """What a paid quote still holds; ``account`` is the distributor's account code."""

    __annotations__ = record_fields(
        Balance, leave_out=("account_code",), remaining_value=MoneyOut, account=str
    )


def balance_out(balance: Balance) -> BalanceOut:
    return answer_from(BalanceOut, balance, account=balance.account_code)


class AssignOut(BaseModel):
    quote: QuoteOut
    granted: list[ExtensionOut]
