"""Distributor purchase: quote, accept, pay, assign serials, refusals, balance, settlement."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sales_world import (
    ADMIN,
    AGENT,
    DIRECT,
    DIST,
    EU_DIST,
    NOW,
    OTHER_DIST,
    TODAY,
    World,
    build,
    units_csv,
)

from warrantor.certificates.keys import KeyRing
from warrantor.domain.money import Money
from warrantor.domain.sales import QUOTE_VALID_DAYS, QuoteStatus, Settlement
from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Refused
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import CoverageKind
from warrantor.services.clock import SystemClock
from warrantor.services.installed_base.check import check_serial
from warrantor.services.installed_base.unit_import import import_units
from warrantor.services.sales.payments import BankTransfer
from warrantor.services.sales.quote_assignments import UNKNOWN_SERIAL, assign_serials, balances
from warrantor.services.sales.quote_detail import show_quote
from warrantor.services.sales.quotes import (
    accept_quote,
    list_quotes,
    pay_quote,
    request_quote,
    settle_due,
    settle_quote,
)
from warrantor.services.uow import UnitOfWorkFactory

BANK = BankTransfer()


@pytest.fixture
def world(uow_factory: UnitOfWorkFactory, policy_book: PolicyBook) -> World:
    return build(uow_factory, policy_book)


@pytest.fixture
def keys(tmp_path: Path) -> KeyRing:
    return KeyRing(tmp_path / "keys")


def quote(world: World, quantity: int = 3, years: int = 2, actor=DIST, model="TS-453 Pro"):  # type: ignore[no-untyped-def]
    return request_quote(
        world.uow_factory,
        world.book,
        actor,
        brand="QNAP",
        model=model,
        quantity=quantity,
        years=years,
        now=NOW,
    )


def paid_quote(world: World, quantity: int = 3):  # type: ignore[no-untyped-def]
    q = quote(world, quantity)
    accept_quote(world.uow_factory, DIST, q.id, NOW)
    return pay_quote(world.uow_factory, AGENT, q.id, BANK, "WIRE-77", NOW)


def assign(world: World, keys: KeyRing, quote_id: int, *serials: str, actor=DIST, now=NOW):  # type: ignore[no-untyped-def]
    return assign_serials(world.uow_factory, world.book, keys, actor, quote_id, list(serials), now)


def test_a_quote_prices_the_quantity_and_expires_after_its_validity(world: World) -> None:
    q = quote(world, quantity=4, years=2)

    assert q.status is QuoteStatus.QUOTED
    assert q.unit_price == Money(13900, "USD")
    assert q.total == Money(55600, "USD")
    assert q.expires_on == TODAY + timedelta(days=QUOTE_VALID_DAYS)


def test_a_quote_for_a_period_the_line_does_not_offer_is_refused_with_its_clause(
    world: World,
) -> None:
    with pytest.raises(Refused) as caught:
        quote(world, years=3, model="TS-879 Pro")

    assert caught.value.clause_ids == ["qnap.ext.max"]


def test_a_distributor_outside_the_valid_countries_gets_no_quote(world: World) -> None:
    with pytest.raises(Refused) as caught:
        quote(world, actor=EU_DIST)

    assert caught.value.clause_ids == ["qnap.ext.usa-canada"]


def test_an_unknown_model_names_the_field(world: World) -> None:
    with pytest.raises(InvalidInput) as caught:
        quote(world, model="TS-999 Imaginary")

    assert caught.value.problems[0].field == "model"


def test_customers_do_not_ask_for_quotes(world: World) -> None:
    with pytest.raises(PermissionDenied):
        quote(world, actor=DIRECT)


def test_an_expired_quote_cannot_be_accepted(world: World) -> None:
    q = quote(world)
    late = NOW + timedelta(days=QUOTE_VALID_DAYS + 1)

    with pytest.raises(Conflict, match="expired"):
        accept_quote(world.uow_factory, DIST, q.id, late)
    on_last_day = NOW + timedelta(days=QUOTE_VALID_DAYS)
    assert accept_quote(world.uow_factory, DIST, q.id, on_last_day).status is QuoteStatus.ACCEPTED


def test_a_quote_is_paid_only_after_acceptance_and_only_by_staff(world: World) -> None:
    q = quote(world)

    with pytest.raises(Conflict, match="only an accepted quote"):
        pay_quote(world.uow_factory, AGENT, q.id, BANK, "W-1", NOW)
    accept_quote(world.uow_factory, DIST, q.id, NOW)
    with pytest.raises(PermissionDenied):
        pay_quote(world.uow_factory, DIST, q.id, BANK, "W-1", NOW)


def test_the_distributor_flow_end_to_end(world: World, keys: KeyRing) -> None:
    q = paid_quote(world, quantity=3)
    assert q.status is QuoteStatus.PAID
    assert q.remaining == 3

    result = assign(world, keys, q.id, "D-1", "d-2")

    assert [g.serial for g in result.granted] == ["D-1", "D-2"]
    assert all(g.certificate_number for g in result.granted)
    # Stock units have no purchase date yet: counted from the first invoice (2026-11-01).
    assert {(g.starts_on, g.ends_on, g.dates_from) for g in result.granted} == {
        (date(2028, 11, 1), date(2030, 10, 31), "first_invoice_date")
    }
    assert (result.quote.assigned, result.quote.remaining) == (2, 1)
    (balance,) = balances(world.uow_factory, world.book, DIST)
    assert (balance.ordered, balance.assigned, balance.remaining) == (3, 2, 1)
    assert balance.remaining_value == Money(13900, "USD")
    assert balance.usable_until == TODAY + timedelta(days=60)
    detail = show_quote(world.uow_factory, world.book, DIST, q.id)
    assert [a.serial for a in detail.assignments.items] == ["D-1", "D-2"]


def test_a_serial_invoiced_to_another_distributor_is_refused_like_an_unknown_one(
    world: World, keys: KeyRing
) -> None:
    q = paid_quote(world)

    with pytest.raises(Refused) as other:
        assign(world, keys, q.id, "C-1")
    with pytest.raises(Refused) as unknown:
        assign(world, keys, q.id, "NOPE-1")

    assert other.value.message.replace("C-1", "X") == unknown.value.message.replace("NOPE-1", "X")
    assert "DIST-CA" not in other.value.message
    assert UNKNOWN_SERIAL in other.value.message


def test_refusals_assign_nothing_and_are_recorded_with_their_reasons(
    world: World, keys: KeyRing
) -> None:
    q = paid_quote(world)

    with pytest.raises(Refused) as caught:
        assign(world, keys, q.id, "D-1", "D-LATE", "D-251")

    assert "qnap.ext.window-invoice" in caught.value.clause_ids
    detail = show_quote(world.uow_factory, world.book, DIST, q.id)
    assert detail.assignments.items == []
    reasons = {r.serial: r for r in detail.refusals.items}
    assert detail.refusals.total == 2 and detail.refusals.next_cursor is None
    assert set(reasons) == {"D-LATE", "D-251"}
    assert "qnap.ext.window-invoice" in reasons["D-LATE"].clause_ids
    assert "the quote is for TS-453 Pro" in reasons["D-251"].reason
    assert detail.quote.remaining == 3


def test_a_serial_cannot_be_assigned_twice(world: World, keys: KeyRing) -> None:
    q = paid_quote(world)
    assign(world, keys, q.id, "D-1")

    with pytest.raises(Refused, match="already assigned"):
        assign(world, keys, q.id, "D-1")
    with pytest.raises(Refused, match="appears twice"):
        assign(world, keys, q.id, "D-2", "D-2")


def test_no_more_serials_than_the_balance(world: World, keys: KeyRing) -> None:
    q = paid_quote(world, quantity=1)

    with pytest.raises(Conflict, match="1 of 1 left"):
        assign(world, keys, q.id, "D-1", "D-2")


def test_serials_are_assigned_only_to_a_paid_quote(world: World, keys: KeyRing) -> None:
    q = quote(world)

    with pytest.raises(Conflict, match="after payment"):
        assign(world, keys, q.id, "D-1")


def test_an_assigned_serial_shows_its_extended_coverage_once_sold(
    world: World, keys: KeyRing
) -> None:
    q = paid_quote(world)
    assign(world, keys, q.id, "D-1")
    before = check_serial(world.uow_factory, world.book, "D-1", TODAY, "QNAP")
    assert before.decision.missing[0].fact == "proof_of_purchase"  # still in stock
    sold = {
        "serial": "D-1",
        "model": "TS-453 Pro",
        "first_invoiced_on": "2026-11-01",
        "first_invoiced_to": "DIST-US",
        "purchased_on": "2026-11-20",
        "proof_of_purchase": "SHOP-1",
        "country_of_purchase": "US",
    }
    import_units(
        world.uow_factory, io.BytesIO(units_csv([sold])), world.book, now=SystemClock().now()
    )

    result = check_serial(world.uow_factory, world.book, "D-1", date(2030, 1, 1), "QNAP")

    extended = [t for t in result.decision.terms if t.kind is CoverageKind.EXTENDED]
    assert [(t.starts_on, t.ends_on) for t in extended] == [
        (date(2028, 11, 20), date(2030, 11, 19))
    ]
    assert result.decision.applies == extended[0]


def test_others_quotes_are_not_found_and_staff_see_all(world: World) -> None:
    q = quote(world)

    with pytest.raises(NotFound):
        show_quote(world.uow_factory, world.book, OTHER_DIST, q.id)
    with pytest.raises(NotFound):
        accept_quote(world.uow_factory, OTHER_DIST, q.id, NOW)
    assert list_quotes(world.uow_factory, OTHER_DIST) == []
    assert [x.id for x in list_quotes(world.uow_factory, AGENT)] == [q.id]
    assert balances(world.uow_factory, world.book, OTHER_DIST) == []


def test_an_unused_balance_becomes_a_credit_note_after_its_last_usable_day(
    world: World, keys: KeyRing
) -> None:
    q = paid_quote(world, quantity=3)
    assign(world, keys, q.id, "D-1")
    last_day = NOW + timedelta(days=60)

    assert settle_due(world.uow_factory, world.book, AGENT, last_day) == []
    (settled,) = settle_due(world.uow_factory, world.book, AGENT, last_day + timedelta(days=1))

    assert settled.status is QuoteStatus.SETTLED
    assert settled.settlement is Settlement.CREDIT_NOTE
    assert (settled.settled_quantity, settled.settled_amount) == (2, Money(27800, "USD"))
    (balance,) = balances(world.uow_factory, world.book, DIST)
    assert (balance.remaining, balance.settlement) == (0, Settlement.CREDIT_NOTE)
    with pytest.raises(Conflict, match="settled"):
        assign(world, keys, q.id, "D-2", now=last_day + timedelta(days=2))


def test_staff_may_refund_a_balance_early(world: World) -> None:
    q = paid_quote(world, quantity=2)

    refunded = settle_quote(world.uow_factory, ADMIN, q.id, Settlement.REFUND, "RF-1", NOW)

    assert refunded.settlement is Settlement.REFUND
    assert refunded.settled_amount == Money(27800, "USD")
    with pytest.raises(PermissionDenied):
        settle_quote(world.uow_factory, DIST, q.id, Settlement.REFUND, "RF-2", NOW)


def test_a_certificate_failure_mid_assignment_leaves_the_whole_balance(
    world: World, keys: KeyRing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warrantor.services.certificates import issuing

    q = paid_quote(world, quantity=3)
    real = issuing.issue_certificate
    calls: list[str] = []

    def fails_on_second(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append("issue")
        if len(calls) == 2:
            raise RuntimeError("signing key unavailable")
        return real(*args, **kwargs)

    monkeypatch.setattr(issuing, "issue_certificate", fails_on_second)
    with pytest.raises(RuntimeError):
        assign(world, keys, q.id, "D-1", "D-2")

    detail = show_quote(world.uow_factory, world.book, DIST, q.id)
    assert (detail.quote.assigned, detail.quote.remaining) == (0, 3)
    assert detail.assignments.items == []
    with world.uow_factory() as uow:
        assert uow.extensions.for_unit("QNAP", "D-1") == ()
