"""Quotes, orders and unauthorized parcels: each a declared, strict lifecycle."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import CheckConstraint, Table

from warrantor.domain.lifecycle import Step
from warrantor.domain.money import Money
from warrantor.domain.order_lifecycle import ORDER_STATUSES, order_step, placing_step
from warrantor.domain.parcel_lifecycle import PARCEL_STATUSES, arrival_step, parcel_step
from warrantor.domain.quote_lifecycle import QUOTE_STATUSES, quote_step, requesting_step
from warrantor.domain.rma_parcels import Parcel
from warrantor.domain.sales import Order, OrderStatus, Quote, QuoteStatus
from warrantor.errors import Conflict
from warrantor.store.tables_extensions import extension_orders, extension_quotes
from warrantor.store.tables_rma import PARCEL_STATUSES as STORED_PARCEL_STATUSES

AT = datetime(2026, 11, 23, 12, tzinfo=UTC)
QUOTE = Quote(
    id=4,
    account_code="DIST-1",
    brand="QNAP",
    model="TS-453 Pro",
    product_line="TS-x53",
    years=1,
    quantity=3,
    unit_price=Money(7900, "USD"),
    price_id=1,
    requested_on=date(2026, 11, 1),
    expires_on=date(2026, 12, 1),
    status=QuoteStatus.QUOTED,
    created_at=AT,
)
ORDER = Order(
    id=9,
    brand="QNAP",
    serial="Q1",
    model="TS-453 Pro",
    account_code="CUST-1",
    years=1,
    price=Money(7900, "USD"),
    price_id=1,
    ordered_on=date(2026, 11, 1),
    status=OrderStatus.AWAITING_PAYMENT,
    created_at=AT,
)
PARCEL = Parcel(
    id=2,
    status="held",
    brand="QNAP",
    number_on_parcel=None,
    rma_number=None,
    serial=None,
    sender_name="Ann",
    sender_contact="",
    sender_account=None,
    carrier="",
    tracking="",
    note="",
    received_at=AT,
    received_by="Theo",
)


def _checked(table: Table) -> set[str]:
    """The statuses a table's CHECK constraint allows."""
    checks = [str(c.sqltext) for c in table.constraints if isinstance(c, CheckConstraint)]
    check = next(text for text in checks if text.startswith("status IN"))
    return set(re.findall(r"'([a-z_]+)'", check))


def test_each_machine_declares_exactly_the_statuses_its_table_allows() -> None:
    assert set(QUOTE_STATUSES) == _checked(extension_quotes)
    assert set(ORDER_STATUSES) == _checked(extension_orders)
    assert set(PARCEL_STATUSES) == set(STORED_PARCEL_STATUSES)


def test_a_quote_is_created_quoted_and_accepted_up_to_its_last_day() -> None:
    assert requesting_step() == Step("request", "", "quoted")
    assert quote_step(QUOTE, "accept", on=date(2026, 12, 1)).to_state == "accepted"
    with pytest.raises(Conflict, match="quote 4 expired on 2026-12-01; ask for a new one"):
        quote_step(QUOTE, "accept", on=date(2026, 12, 2))


def test_a_quote_is_paid_only_once_accepted_and_settled_only_with_a_balance() -> None:
    with pytest.raises(Conflict, match="quote 4 is quoted; only an accepted quote is paid"):
        quote_step(QUOTE, "pay")
    accepted = replace(QUOTE, status=QuoteStatus.ACCEPTED)
    assert quote_step(accepted, "pay") == Step("pay", "accepted", "paid")
    paid = replace(QUOTE, status=QuoteStatus.PAID, assigned=1)
    assert quote_step(paid, "settle").to_state == "settled"
    with pytest.raises(Conflict, match="quote 4 has no balance left to settle"):
        quote_step(replace(paid, assigned=3), "settle")
    with pytest.raises(Conflict, match="is settled; only a paid quote is settled"):
        quote_step(replace(QUOTE, status=QuoteStatus.SETTLED), "settle")


def test_an_order_is_paid_or_cancelled_once_and_never_both() -> None:
    assert placing_step() == Step("place", "", "awaiting_payment")
    assert order_step(ORDER, "pay").to_state == "paid"
    assert order_step(ORDER, "cancel").to_state == "cancelled"
    paid = replace(ORDER, status=OrderStatus.PAID)
    with pytest.raises(Conflict, match="order 9 is paid, not awaiting payment"):
        order_step(paid, "pay")
    with pytest.raises(Conflict, match="only an order awaiting payment can be cancelled"):
        order_step(paid, "cancel")


def test_a_parcel_arrives_matched_or_held_and_leaves_the_hold_once() -> None:
    assert arrival_step(matched=True) == Step("match", "", "matched")
    assert arrival_step(matched=False) == Step("hold", "", "held")
    assert parcel_step(PARCEL, "dispose") == Step("dispose", "held", "disposed")
    returned = replace(PARCEL, status="returned")
    with pytest.raises(Conflict, match="unauthorized return #2 is already returned"):
        parcel_step(returned, "dispose")


def test_an_event_the_machine_does_not_know_is_a_conflict_naming_its_events() -> None:
    with pytest.raises(Conflict, match=r"unknown event 'refund'; events: place, pay, cancel"):
        order_step(ORDER, "refund")
