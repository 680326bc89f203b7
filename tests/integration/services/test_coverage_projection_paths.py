"""Each change that moves a unit's coverage keeps its projection right, in its own
transaction: the import (new units, changed units, units with a history),
registration by staff and by the customer, an extension paid for."""

from __future__ import annotations

from datetime import date
from typing import Any

from sales_world import AGENT, DIRECT, NOW, build

from projection_support import assert_kept_right, kinds, rolled_back, stored_projection
from warrantor.domain.actors import Actor, Role
from warrantor.domain.coverage import UsageReading
from warrantor.policy.decision import CoverageKind, Outcome
from warrantor.policy.projection import answer_on
from warrantor.services.installed_base.registration import Claim, register_my_unit
from warrantor.services.installed_base.units import Registration, register_unit
from warrantor.services.sales.orders import pay_order, place_order
from warrantor.services.sales.payments import BankTransfer
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

QNAP = {
    "brand": "QNAP",
    "serial": "QP0001",
    "model": "TS-453 Pro",
    "purchased_on": "2025-06-01",
    "proof_of_purchase": "INV-1",
    "country_of_purchase": "US",
}
"""Two years from 2025-06-01: covered until 2027-05-31."""

NETAC = {
    "brand": "Netac",
    "serial": "NP0001",
    "model": "NV3000 1TB",
    "manufactured_on": "2024-03-01",
}


def test_an_import_stores_each_new_units_projection(
    uow_factory: UnitOfWorkFactory, policy_book: Any, add_units: Any
) -> None:
    german = {**QNAP, "serial": "QP0003", "country_of_purchase": "DE"}  # alike but its region
    add_units([QNAP, NETAC, {**QNAP, "serial": "QP0002", "proof_of_purchase": ""}, german])

    qnap = assert_kept_right(uow_factory, policy_book, "QNAP", "QP0001")
    in_germany = assert_kept_right(uow_factory, policy_book, "QNAP", "QP0003")
    assert in_germany.region != qnap.region and in_germany.terms == qnap.terms
    assert_kept_right(uow_factory, policy_book, "Netac", "NP0001")
    no_proof = assert_kept_right(uow_factory, policy_book, "QNAP", "QP0002")

    assert answer_on(qnap, date(2026, 1, 1)).covered_until == date(2027, 5, 31)
    assert qnap.last_term is not None and qnap.last_term.ends_on == date(2027, 5, 31)
    assert qnap.covered_from == date(2025, 6, 1)
    assert answer_on(no_proof, date(2026, 1, 1)).outcome is Outcome.NEEDS_INFORMATION


def test_an_import_that_changes_a_unit_moves_its_projection_and_one_that_fails_does_not(
    uow_factory: UnitOfWorkFactory, policy_book: Any, add_units: Any
) -> None:
    add_units([QNAP])
    before = stored_projection(uow_factory, "QNAP", "QP0001")

    with rolled_back(uow_factory):
        add_units([{**QNAP, "purchased_on": "2026-01-10"}])
    assert stored_projection(uow_factory, "QNAP", "QP0001") == before

    add_units([{**QNAP, "purchased_on": "2026-01-10"}])
    after = assert_kept_right(uow_factory, policy_book, "QNAP", "QP0001")
    assert after.start_on == date(2026, 1, 10) != (before.start_on if before else None)


def test_an_import_keeps_what_a_unit_holds_beyond_its_row(
    uow_factory: UnitOfWorkFactory, policy_book: Any, add_units: Any
) -> None:
    add_units([NETAC])
    with uow_factory() as uow:
        unit_id = uow.units.id_of("Netac", "NP0001")
        assert unit_id is not None
        uow.units.add_reading(unit_id, UsageReading(700 * 10**12, date(2025, 1, 1)), NOW)

    add_units([{**NETAC, "country_of_purchase": "CN"}])  # the row knows nothing of the reading

    stored = assert_kept_right(uow_factory, policy_book, "Netac", "NP0001")
    assert stored.reading_bytes == 700 * 10**12
    assert answer_on(stored, date(2025, 6, 1)).outcome is Outcome.NOT_COVERED  # TBW reached


STAFF = Actor(Role.ADMIN, None, 1, "ada")


def test_registering_a_unit_stores_its_projection_in_the_same_transaction(
    uow_factory: UnitOfWorkFactory, policy_book: Any
) -> None:
    registration = Registration(
        brand="QNAP",
        serial="QP0100",
        model="TS-453 Pro",
        purchased_on=date(2025, 6, 1),
        proof_of_purchase="INV-1",
        country_of_purchase="US",
    )
    with rolled_back(uow_factory):
        register_unit(uow_factory, policy_book, registration, NOW)
        assert stored_projection(uow_factory, "QNAP", "QP0100") is not None
    with uow_factory() as uow:
        assert uow.units.id_of("QNAP", "QP0100") is None  # both gone

    register_unit(uow_factory, policy_book, registration, NOW)

    stored = assert_kept_right(uow_factory, policy_book, "QNAP", "QP0100")
    assert kinds(stored) == ["standard"]
    assert stored.region == policy_book.version_for("QNAP", None).region_of("US")


def test_a_customer_registering_their_purchase_moves_the_start(
    uow_factory: UnitOfWorkFactory, policy_book: Any, add_units: Any
) -> None:
    with uow_factory() as uow:
        uow.accounts.upsert(Account("CUST-ANN", "Ann", "customer"), NOW)
    add_units([{**QNAP, "purchased_on": "", "proof_of_purchase": ""}])
    ann = Actor(Role.CUSTOMER, "CUST-ANN", 5, "ann")
    claim = Claim("QNAP", "QP0001", date(2026, 2, 1), "RECEIPT-7")
    before = stored_projection(uow_factory, "QNAP", "QP0001")
    assert before is not None and before.start_on is None

    with rolled_back(uow_factory):
        register_my_unit(uow_factory, ann, claim, NOW, book=policy_book)
    assert stored_projection(uow_factory, "QNAP", "QP0001") == before

    register_my_unit(uow_factory, ann, claim, NOW, book=policy_book)

    stored = assert_kept_right(uow_factory, policy_book, "QNAP", "QP0001")
    assert stored.start_on == date(2026, 2, 1)
    assert answer_on(before, date(2026, 6, 1)).outcome is Outcome.NEEDS_INFORMATION
    assert answer_on(stored, date(2026, 6, 1)).outcome is Outcome.COVERED


def test_paying_for_an_extension_adds_its_term_to_the_projection(
    uow_factory: UnitOfWorkFactory, policy_book: Any, runtime: Any
) -> None:
    build(uow_factory, policy_book)
    order = place_order(uow_factory, policy_book, DIRECT, "Q-OK", 2, NOW)
    assert kinds(stored_projection(uow_factory, "QNAP", "Q-OK")) == ["standard"]

    with rolled_back(uow_factory):
        pay_order(uow_factory, policy_book, runtime.keys, AGENT, order.id, BankTransfer(), "W", NOW)
    assert kinds(stored_projection(uow_factory, "QNAP", "Q-OK")) == ["standard"]

    pay_order(uow_factory, policy_book, runtime.keys, AGENT, order.id, BankTransfer(), "W", NOW)

    stored = assert_kept_right(uow_factory, policy_book, "QNAP", "Q-OK")
    assert kinds(stored) == ["standard", "extended"]
    assert stored.last_term is not None and stored.last_term.kind is CoverageKind.EXTENDED
