"""Direct purchase of an extension: the offer rules one by one, order, payment, coverage."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sales_world import ADMIN, AGENT, DIRECT, DIST, NOW, RETAIL, TECHNICIAN, TODAY, World, build
from sqlalchemy import func, select

from warrantor.certificates.keys import KeyRing
from warrantor.domain.money import Money
from warrantor.domain.sales import OrderStatus
from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Refused
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import CoverageKind
from warrantor.services.certificates import issuing
from warrantor.services.installed_base.check import check_serial
from warrantor.services.sales.orders import (
    cancel_order,
    list_orders,
    offer_extension,
    pay_order,
    place_order,
    show_order,
)
from warrantor.services.sales.payments import BankTransfer
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.tables_extensions import extension_payments, unit_extensions

BANK = BankTransfer()


@pytest.fixture
def world(uow_factory: UnitOfWorkFactory, policy_book: PolicyBook) -> World:
    return build(uow_factory, policy_book)


@pytest.fixture
def keys(tmp_path: Path) -> KeyRing:
    return KeyRing(tmp_path / "keys")


def order(world: World, serial: str, years: int, actor=DIRECT, **kw):  # type: ignore[no-untyped-def]
    return place_order(world.uow_factory, world.book, actor, serial, years, NOW, brand="QNAP", **kw)


def refusal(world: World, serial: str, years: int, actor=DIRECT) -> Refused:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as caught:
        order(world, serial, years, actor)
    return caught.value


def count(world: World, table) -> int:  # type: ignore[no-untyped-def]
    with world.uow_factory() as uow:
        return uow.connection.scalar(select(func.count()).select_from(table)) or 0


# --- the refusals, one by one, each naming its clause ---------------------------------


def test_an_order_after_the_60th_day_from_the_first_invoice_is_refused_citing_the_window(
    world: World,
) -> None:
    refused = refusal(world, "Q-DAY61", 1)

    assert "qnap.ext.window-invoice" in refused.clause_ids
    assert "60 days" in refused.message


def test_an_order_on_the_60th_day_is_still_in_time(world: World) -> None:
    placed = order(world, "Q-DAY60", 1)

    assert placed.status is OrderStatus.AWAITING_PAYMENT


def test_a_customer_who_is_not_a_direct_customer_is_refused_citing_direct_customers(
    world: World,
) -> None:
    refused = refusal(world, "Q-RETAIL", 1, actor=RETAIL)

    assert refused.clause_ids == ["qnap.ext.direct-customers"]


def test_a_direct_customer_who_may_not_see_the_unit_is_told_no_such_unit(world: World) -> None:
    """Not "you are not its direct customer": that would say the serial exists (issue #21)."""
    with pytest.raises(NotFound) as caught:
        order(world, "Q-OK", 1, actor=DIST)

    assert str(caught.value) == "no QNAP unit with serial Q-OK"
    with pytest.raises(NotFound) as unknown:
        order(world, "NOPE-2", 1, actor=DIST)
    assert str(unknown.value).replace("NOPE-2", "Q-OK") == str(caught.value)


def test_a_unit_outside_the_usa_and_canada_is_refused_citing_the_valid_countries(
    world: World,
) -> None:
    from sales_world import EU_DIST

    refused = refusal(world, "Q-DE", 1, actor=EU_DIST)

    assert refused.clause_ids == ["qnap.ext.usa-canada"]
    assert "not DE" in refused.message


def test_years_beyond_the_5_year_maximum_are_refused_citing_the_maximum(world: World) -> None:
    refused = refusal(world, "Q-879", 3)  # 3 standard + 3 = 6

    assert refused.clause_ids == ["qnap.ext.max"]


def test_a_line_with_no_extension_offer_is_refused_citing_its_table_row(world: World) -> None:
    refused = refusal(world, "Q-SAS", 1)

    assert refused.clause_ids == ["qnap.table.ecx80u-sas"]


def test_an_unknown_unit_is_not_found(world: World) -> None:
    with pytest.raises(NotFound, match="NOPE-1"):
        order(world, "NOPE-1", 1)


def test_a_unit_already_extended_to_the_maximum_is_refused(world: World, keys: KeyRing) -> None:
    first = order(world, "Q-OK", 3)
    pay_order(world.uow_factory, world.book, keys, AGENT, first.id, BANK, "TRX-1", NOW)

    refused = refusal(world, "Q-OK", 1)

    assert refused.clause_ids == ["qnap.ext.max"]
    assert "already carries the maximum of 5 years" in refused.message


def test_a_period_with_no_price_in_force_is_a_clear_error(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook
) -> None:
    world = build(uow_factory, policy_book, with_prices=False)

    with pytest.raises(InvalidInput, match="no price list for QNAP TS-x53 \\+2 years"):
        order(world, "Q-OK", 2)


# --- the direct flow -------------------------------------------------------------------


def test_an_accepted_order_awaits_payment_at_the_price_in_force_on_the_order_day(
    world: World,
) -> None:
    placed = order(world, "Q-OK", 2)

    assert placed.status is OrderStatus.AWAITING_PAYMENT
    assert placed.price == Money(13900, "USD")
    assert (placed.ordered_on, placed.account_code, placed.serial) == (TODAY, "CUST-DIRECT", "Q-OK")
    assert count(world, unit_extensions) == 0


def test_payment_grants_the_extension_after_the_standard_term_with_a_certificate(
    world: World, keys: KeyRing
) -> None:
    placed = order(world, "Q-OK", 2)

    paid = pay_order(world.uow_factory, world.book, keys, AGENT, placed.id, BANK, "TRX-9", NOW)

    assert paid.status is OrderStatus.PAID
    assert paid.payment is not None and paid.payment.reference == "TRX-9"
    assert paid.payment.amount == Money(13900, "USD")
    assert paid.certificate_number and paid.certificate_number.startswith("EW-QNAP-")
    result = check_serial(world.uow_factory, world.book, "Q-OK", date(2029, 6, 1), "QNAP")
    extended = [t for t in result.decision.terms if t.kind is CoverageKind.EXTENDED]
    # Purchased 2026-11-01, 2 years standard (to 2028-10-31), +2 to the eve of the 4th anniversary.
    assert [(t.starts_on, t.ends_on) for t in extended] == [(date(2028, 11, 1), date(2030, 10, 31))]
    assert result.decision.applies is not None
    assert result.decision.applies.kind is CoverageKind.EXTENDED
    with world.uow_factory() as uow:
        (granted,) = uow.extensions.granted_for_unit(uow.units.id_of("QNAP", "Q-OK") or 0)
        certificate = uow.certificates.get(paid.certificate_number)
    assert (granted.starts_on, granted.ends_on, granted.buyer_code) == (
        date(2028, 11, 1),
        date(2030, 10, 31),
        "CUST-DIRECT",
    )
    assert certificate is not None
    assert certificate.certificate.serial == "Q-OK"
    assert certificate.certificate.ends_on == date(2030, 10, 31)


def test_two_extensions_chain_and_never_pass_the_maximum(world: World, keys: KeyRing) -> None:
    first = order(world, "Q-OK", 1)
    pay_order(world.uow_factory, world.book, keys, AGENT, first.id, BANK, "T-1", NOW)
    second = order(world, "Q-OK", 2)
    pay_order(world.uow_factory, world.book, keys, AGENT, second.id, BANK, "T-2", NOW)

    with world.uow_factory() as uow:
        spans = [
            (e.starts_on, e.ends_on)
            for e in uow.extensions.granted_for_unit(uow.units.id_of("QNAP", "Q-OK") or 0)
        ]
    assert spans == [
        (date(2028, 11, 1), date(2029, 10, 31)),
        (date(2029, 11, 1), date(2031, 10, 31)),
    ]


def test_payment_counts_the_window_at_the_order_day(world: World, keys: KeyRing) -> None:
    placed = order(world, "Q-DAY60", 1)
    later = NOW + timedelta(days=5)  # day 65 from the first invoice

    paid = pay_order(world.uow_factory, world.book, keys, AGENT, placed.id, BANK, "T-5", later)

    assert paid.status is OrderStatus.PAID


def test_payment_rechecks_the_maximum_so_two_open_orders_cannot_both_pass_it(
    world: World, keys: KeyRing
) -> None:
    first = order(world, "Q-OK", 3)
    # A second order can't be opened while one awaits payment...
    with pytest.raises(Conflict, match="awaiting payment"):
        order(world, "Q-OK", 1)
    pay_order(world.uow_factory, world.book, keys, AGENT, first.id, BANK, "T-1", NOW)
    # ...and paying twice is refused.
    with pytest.raises(Conflict, match="paid, not awaiting payment"):
        pay_order(world.uow_factory, world.book, keys, AGENT, first.id, BANK, "T-1", NOW)


def test_only_agents_and_admins_record_payments(world: World, keys: KeyRing) -> None:
    placed = order(world, "Q-OK", 1)

    with pytest.raises(PermissionDenied):
        pay_order(world.uow_factory, world.book, keys, TECHNICIAN, placed.id, BANK, "T", NOW)
    with pytest.raises(PermissionDenied):
        pay_order(world.uow_factory, world.book, keys, DIRECT, placed.id, BANK, "T", NOW)
    with pytest.raises(InvalidInput, match="reference"):
        pay_order(world.uow_factory, world.book, keys, ADMIN, placed.id, BANK, "  ", NOW)


def test_a_certificate_failure_leaves_no_coverage_and_no_payment(
    world: World, keys: KeyRing, monkeypatch: pytest.MonkeyPatch
) -> None:
    placed = order(world, "Q-OK", 2)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("signing service down")

    monkeypatch.setattr(issuing, "issue_certificate", broken)
    with pytest.raises(RuntimeError):
        pay_order(world.uow_factory, world.book, keys, AGENT, placed.id, BANK, "T-1", NOW)

    assert show_order(world.uow_factory, DIRECT, placed.id).status is OrderStatus.AWAITING_PAYMENT
    assert count(world, unit_extensions) == 0
    assert count(world, extension_payments) == 0
    result = check_serial(world.uow_factory, world.book, "Q-OK", date(2029, 6, 1), "QNAP")
    assert result.decision.outcome != "covered"


def test_a_buyer_sees_only_its_own_orders_and_staff_see_all(world: World) -> None:
    mine = order(world, "Q-OK", 1)
    theirs = place_order(world.uow_factory, world.book, DIST, "D-1", 1, NOW, brand="QNAP")

    assert [o.id for o in list_orders(world.uow_factory, DIRECT)] == [mine.id]
    assert {o.id for o in list_orders(world.uow_factory, AGENT)} == {mine.id, theirs.id}
    with pytest.raises(NotFound):
        show_order(world.uow_factory, DIRECT, theirs.id)
    with pytest.raises(NotFound):
        cancel_order(world.uow_factory, DIRECT, theirs.id, NOW)


def test_an_order_awaiting_payment_can_be_cancelled_and_then_not_paid(
    world: World, keys: KeyRing
) -> None:
    placed = order(world, "Q-OK", 1)

    cancelled = cancel_order(world.uow_factory, DIRECT, placed.id, NOW)

    assert cancelled.status is OrderStatus.CANCELLED
    with pytest.raises(Conflict):
        pay_order(world.uow_factory, world.book, keys, AGENT, placed.id, BANK, "T", NOW)


def test_staff_order_for_the_unit_s_direct_customer_by_default(world: World) -> None:
    placed = order(world, "Q-OK", 1, actor=ADMIN)

    assert placed.account_code == "CUST-DIRECT"


def test_the_offer_shows_the_term_and_price_without_writing(world: World) -> None:
    answer = offer_extension(world.uow_factory, world.book, DIRECT, "Q-OK", 3, TODAY, brand="QNAP")

    assert answer.decision.allowed
    assert answer.decision.term is not None
    assert answer.decision.term.ends_on == date(2031, 10, 31)
    assert answer.price is not None and str(answer.price.price) == "USD 189.00"
    assert list_orders(world.uow_factory, DIRECT) == []


def test_an_offer_refused_for_several_reasons_names_every_one_with_its_clause(
    world: World,
) -> None:
    from sales_world import EU_DIST

    refused = refusal(world, "Q-DE", 4, actor=EU_DIST)  # outside USA/Canada, and 2 + 4 > 5

    assert {"qnap.ext.usa-canada", "qnap.ext.max"} <= set(refused.clause_ids)
    assert "not DE" in refused.message and ";" in refused.message  # each reason, not the first


def test_a_unit_s_orders_are_chosen_by_the_database_not_cut_from_the_newest_first(
    world: World,
) -> None:
    first = order(world, "Q-OK", 1)
    newer = order(world, "Q-DAY60", 1)  # the account's newest order, of another unit

    assert [o.id for o in list_orders(world.uow_factory, DIRECT, limit=1)] == [newer.id]
    assert [
        o.id for o in list_orders(world.uow_factory, DIRECT, limit=1, unit=("QNAP", "Q-OK"))
    ] == [first.id]
    assert list_orders(world.uow_factory, DIRECT, unit=("QNAP", "Q-NONE")) == []
