"""Issue #26's rule for mail: the recipient's stored language, else the language of the
request that caused it, else the account's country, for a mail whose caller knows no account:
the sender of a parcel without an RMA number is told in the language of their own account's
country when they are a user (they were told in English)."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import NOW, TECH, seed

from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

KURT = "kurt@example.de"


@pytest.fixture
def desk(uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any) -> Any:
    seed(uow_factory, add_units)
    with uow_factory() as uow:
        uow.accounts.upsert(Account("CUST-KURT", "Kurt Weber", "customer", country="DE"), NOW)
        account_id = uow.accounts.id_of("CUST-KURT")
        assert account_id is not None
        uow.users.add(KURT, "Kurt Weber", "customer", account_id, "x", NOW)
    return policy_book


def parcel_mail(uow_factory: UnitOfWorkFactory, desk: Any, contact: str) -> str:
    arrival = ParcelArrival(brand="QNAP", sender_name="Kurt", sender_contact=contact)
    held = receive_parcel(uow_factory, desk, TECH, arrival, NOW)
    with uow_factory() as uow:
        [told] = uow.outbox.find(reference=f"parcel {held.parcel.id}")
    return told.body


def test_a_users_parcel_mail_is_in_their_accounts_countrys_language(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    body = parcel_mail(uow_factory, desk, KURT)

    assert body.startswith("Hallo Kurt,")
    assert "23. November 2026" in body  # the day as German writes it


def test_their_stored_language_still_comes_first(uow_factory: UnitOfWorkFactory, desk: Any) -> None:
    with uow_factory() as uow:
        user = uow.users.by_email(KURT)
        assert user is not None
        uow.users.set_locale(user.id, "zh_Hans")

    body = parcel_mail(uow_factory, desk, KURT)

    assert "2026年11月23日" in body


def test_a_sender_who_is_no_user_is_told_in_english(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    body = parcel_mail(uow_factory, desk, "stranger@example.de")

    assert body.startswith("Hello Kurt,")
