"""A customer's registration, a staff edit of a unit (with the model placed by hand), and a
certificate's revocation: each is stored with its audit row, or not at all (both engines)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from audit_support import ADMIN
from sales_world import AGENT, DIRECT, build

from warrantor.certificates.keys import KeyRing
from warrantor.domain.actors import Actor, Role
from warrantor.errors import Conflict, InvalidInput
from warrantor.policy.book import PolicyBook
from warrantor.services.certificates.issuing import reissue_certificate
from warrantor.services.certificates.revoking import revoke_certificate
from warrantor.services.installed_base.registration import Claim, register_my_unit
from warrantor.services.installed_base.units import Registration, register_unit
from warrantor.services.sales.orders import pay_order, place_order
from warrantor.services.sales.payments import BankTransfer
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
CUSTOMER = Actor(role=Role.CUSTOMER, account_code="CUST-1", user_id=31, name="Carla")
UNIT = {"brand": "QNAP", "serial": "QREG1", "model": "TS-453 Pro"}


@pytest.fixture
def unowned_unit(uow_factory: UnitOfWorkFactory, add_units: Any) -> None:
    with uow_factory() as uow:
        uow.accounts.upsert(Account("CUST-1", "Carla Customer", "customer"), NOW)
        uow.accounts.upsert(Account("CUST-2", "Colin Customer", "customer"), NOW)
    assert add_units([{**UNIT, "manufactured_on": "2025-01-10"}]).inserted == 1


# --- a customer's registration -------------------------------------------------------------


def register(uow_factory: UnitOfWorkFactory, book: PolicyBook, who: Actor, proof: str) -> Any:
    claim = Claim("QNAP", "QREG1", date(2026, 11, 2), proof)
    return register_my_unit(uow_factory, who, claim, NOW, book=book)


def test_a_registration_records_owner_purchase_date_and_proof_as_a_back_dated_fact(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, unowned_unit: None, trail: Any
) -> None:
    register(uow_factory, policy_book, CUSTOMER, "RCPT-77")

    (row,) = trail(subject_kind="unit", action="unit.registered")
    assert row.subject_id == "QNAP/QREG1"
    assert (row.before["owner"], row.after["owner"]) == (None, "CUST-1")
    assert (row.before["purchased_on"], row.after["purchased_on"]) == (None, "2026-11-02")
    assert row.after["proof_of_purchase"] == "RCPT-77"
    assert row.back_dated_to == date(2026, 11, 2)
    assert (row.actor_user_id, row.actor_role) == (31, "customer")


def test_a_registration_refused_for_another_owner_records_nothing(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, unowned_unit: None, trail: Any
) -> None:
    register(uow_factory, policy_book, CUSTOMER, "RCPT-77")
    other = Actor(role=Role.CUSTOMER, account_code="CUST-2", user_id=32, name="Colin")

    with pytest.raises(Conflict):
        register(uow_factory, policy_book, other, "RCPT-78")

    assert len(trail(action="unit.registered")) == 1


# --- a staff edit, and a model named by hand -------------------------------------------------


def edit(uow_factory: UnitOfWorkFactory, book: PolicyBook, **facts: Any) -> Any:
    return register_unit(uow_factory, book, Registration(**{**UNIT, **facts}), NOW, actor=ADMIN)


def test_editing_a_unit_records_its_facts_before_and_after(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, unowned_unit: None, trail: Any
) -> None:
    edit(uow_factory, policy_book, manufactured_on=date(2025, 1, 10), purchased_on=date(2025, 3, 1))

    row = trail(subject_kind="unit", subject_id="QNAP/QREG1")[0]
    assert row.action == "unit.changed"
    assert (row.before["purchased_on"], row.after["purchased_on"]) == (None, "2025-03-01")
    assert row.back_dated_to == date(2025, 3, 1)


def test_an_edit_that_changes_nothing_records_nothing(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, unowned_unit: None, trail: Any
) -> None:
    before = len(trail())

    edit(uow_factory, policy_book, manufactured_on=date(2025, 1, 10))

    assert len(trail()) == before


def test_a_model_named_by_hand_is_recorded_where_its_policy_placed_it(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, unowned_unit: None, trail: Any
) -> None:
    edit(uow_factory, policy_book, model="TS-653  Pro", manufactured_on=date(2025, 1, 10))

    (row,) = trail(subject_kind="model")
    assert (row.subject_id, row.action) == ("QNAP/TS-653 Pro", "model.placed")
    assert row.after == {"product_line": policy_book.product_line_of("QNAP", "TS-653 Pro")}
    assert trail(subject_kind="unit")[0].after["model"] == "TS-653 Pro"


def test_a_model_no_policy_places_is_refused_and_nothing_is_recorded(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, unowned_unit: None, trail: Any
) -> None:
    before = len(trail())

    with pytest.raises(InvalidInput):
        edit(uow_factory, policy_book, model="Toaster 3000")

    assert len(trail()) == before


# --- certificates ----------------------------------------------------------------------------


def paid_certificate(uow_factory: UnitOfWorkFactory, book: PolicyBook, keys: KeyRing) -> str:
    build(uow_factory, book)
    placed = place_order(uow_factory, book, DIRECT, "Q-OK", 1, NOW)
    paid = pay_order(uow_factory, book, keys, AGENT, placed.id, BankTransfer(), "TRX-1", NOW)
    assert paid.certificate_number is not None
    return paid.certificate_number


def test_revoking_a_certificate_records_it_with_the_reason(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, tmp_path: Path, trail: Any
) -> None:
    number = paid_certificate(uow_factory, policy_book, KeyRing(tmp_path / "keys"))

    revoke_certificate(uow_factory, ADMIN, number, reason="refunded", now=NOW)

    (row,) = trail(subject_kind="certificate", subject_id=number)
    assert row.action == "certificate.revoked"
    assert (row.before, row.after) == ({"revoked": False}, {"revoked": True})
    assert row.why == "refunded"


def test_a_certificate_already_revoked_is_not_revoked_or_recorded_twice(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, tmp_path: Path, trail: Any
) -> None:
    number = paid_certificate(uow_factory, policy_book, KeyRing(tmp_path / "keys"))
    revoke_certificate(uow_factory, ADMIN, number, reason="refunded", now=NOW)

    with pytest.raises(Conflict):
        revoke_certificate(uow_factory, ADMIN, number, reason="again", now=NOW)

    assert len(trail(subject_kind="certificate")) == 1


def test_a_reissue_records_the_old_certificate_revoked_with_where_it_went(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, tmp_path: Path, trail: Any
) -> None:
    keys = KeyRing(tmp_path / "keys")
    number = paid_certificate(uow_factory, policy_book, keys)

    with uow_factory() as uow:
        new = reissue_certificate(
            uow, keys, number, serial="Q-NEW", model="TS-453 Pro", now=NOW, reason="replaced",
            actor=AGENT,
        )  # fmt: skip

    (row,) = trail(subject_kind="certificate", subject_id=number)
    assert row.action == "certificate.revoked"
    assert row.why == f"reissued as {new.number}: replaced"
    assert row.actor_user_id == AGENT.user_id
