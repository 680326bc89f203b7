"""Prices, users, roles and tokens: each change is stored with its audit row, or not at all.

One test per kind of change fails if the change is stored without its row
(item 4 of the issue); a refused change leaves neither. Personal values (a
user's e-mail and name, a token's name, a note) are kept apart from the row.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from audit_support import ADMIN
from sqlalchemy import select

from warrantor.domain.actors import Actor, Role
from warrantor.domain.money import Money
from warrantor.errors import InvalidInput
from warrantor.policy.book import PolicyBook
from warrantor.services.access.tokens import create_token, revoke_token
from warrantor.services.access.users import NewUser, change_role, create_user, deactivate_user
from warrantor.services.sales.prices import add_price, retire_price
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.sales_prices import NewPrice
from warrantor.store.tables_audit import personal_values

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


@pytest.fixture
def accounts(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.accounts.upsert(Account("MAKER", "The maker", "admin"), NOW)
        uow.accounts.upsert(Account("CUST-1", "A customer", "customer"), NOW)


def new_admin(uow_factory: UnitOfWorkFactory, email: str = "ann@maker.example") -> Any:
    return create_user(
        uow_factory, ADMIN, NewUser(email, "Ann Admin", "admin", "MAKER", "a long password"), NOW
    )


# --- prices ---------------------------------------------------------------------------------


def price(valid_from: date, note: str = "", years: int = 1) -> NewPrice:
    amount = Money.parse("129.00", "USD")
    return NewPrice("QNAP", "TS-x53", years, amount, valid_from, None, note=note)


def test_adding_a_price_list_records_it_with_its_note_kept_apart(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, trail: Any
) -> None:
    added = add_price(uow_factory, policy_book, ADMIN, price(date(2026, 12, 1), "launch"), NOW)

    (row,) = trail(subject_kind="price_list", subject_id=str(added.id))
    assert row.action == "price_list.added"
    assert row.after["amount_minor"] == 12900
    assert row.after["valid_from"] == "2026-12-01"
    assert row.after["note"] == "launch"
    assert row.back_dated_to is None


def test_a_price_list_valid_from_a_past_day_is_a_back_dated_fact(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, trail: Any
) -> None:
    add_price(uow_factory, policy_book, ADMIN, price(date(2026, 10, 1)), NOW)

    (row,) = trail(back_dated=True)
    assert (row.action, row.back_dated_to) == ("price_list.added", date(2026, 10, 1))


def test_retiring_and_ending_a_price_list_record_before_and_after(
    uow_factory: UnitOfWorkFactory, policy_book: PolicyBook, trail: Any
) -> None:
    ended = add_price(uow_factory, policy_book, ADMIN, price(date(2026, 1, 1)), NOW)
    retired = add_price(uow_factory, policy_book, ADMIN, price(date(2027, 6, 1), years=2), NOW)
    retire_price(uow_factory, ADMIN, ended.id, NOW, last_day=date(2026, 11, 20))
    retire_price(uow_factory, ADMIN, retired.id, NOW)

    end_row = trail(subject_kind="price_list", subject_id=str(ended.id))[0]
    assert end_row.action == "price_list.ended"
    assert (end_row.before["valid_until"], end_row.after["valid_until"]) == (None, "2026-11-20")
    assert end_row.back_dated_to == date(2026, 11, 20)
    retire_row = trail(subject_kind="price_list", subject_id=str(retired.id))[0]
    assert retire_row.action == "price_list.retired"
    assert (retire_row.before["retired"], retire_row.after["retired"]) == (False, True)


# --- users and roles --------------------------------------------------------------------------


def test_creating_a_user_records_role_and_account_and_keeps_email_and_name_apart(
    uow_factory: UnitOfWorkFactory, accounts: None, trail: Any
) -> None:
    user = new_admin(uow_factory)

    (row,) = trail(subject_kind="user", subject_id=str(user.id))
    assert row.action == "user.created"
    assert row.after == {
        "role": "admin",
        "account": "MAKER",
        "active": True,
        "email": "ann@maker.example",
        "name": "Ann Admin",
    }
    with uow_factory() as uow:
        kept = {(p.kind, p.value) for p in uow.connection.execute(select(personal_values))}
        raw = uow.connection.exec_driver_sql(
            "SELECT CAST(after_values AS TEXT) FROM audit_events"
        ).scalar_one()
    assert {("email", "ann@maker.example"), ("name", "Ann Admin")} <= kept
    assert "ann@maker.example" not in raw and "Ann Admin" not in raw


def test_a_role_change_is_recorded_with_who_did_it_and_why(
    uow_factory: UnitOfWorkFactory, accounts: None, trail: Any
) -> None:
    boss = new_admin(uow_factory)
    new_admin(uow_factory, "tom@maker.example")
    by = Actor(role=Role.ADMIN, account_code="MAKER", user_id=boss.id, name=boss.name)

    changed = change_role(uow_factory, by, "tom@maker.example", "technician", NOW, "moved teams")

    row = trail(subject_kind="user", subject_id=str(changed.id))[0]
    assert row.action == "user.role_changed"
    assert (row.before["role"], row.after["role"]) == ("admin", "technician")
    assert row.why == "moved teams"
    assert (row.actor_user_id, row.actor_label, row.actor_name) == (
        boss.id,
        f"user {boss.id} (admin)",
        "Ann Admin",
    )


def test_a_role_that_does_not_fit_the_account_changes_nothing_and_records_nothing(
    uow_factory: UnitOfWorkFactory, accounts: None, trail: Any
) -> None:
    user = new_admin(uow_factory)

    with pytest.raises(InvalidInput) as refused:
        change_role(uow_factory, ADMIN, user.email, "customer", NOW)

    assert refused.value.problems[0].field == "role"
    assert [row.action for row in trail(subject_kind="user")] == ["user.created"]


def test_deactivating_a_user_is_recorded(
    uow_factory: UnitOfWorkFactory, accounts: None, trail: Any
) -> None:
    user = new_admin(uow_factory)
    new_admin(uow_factory, "tom@maker.example")  # the last active admin can't be deactivated

    deactivate_user(uow_factory, ADMIN, user.email, NOW, "left the company")

    row = trail(subject_kind="user", subject_id=str(user.id))[0]
    assert row.action == "user.deactivated"
    assert (row.before["active"], row.after["active"]) == (True, False)
    assert row.why == "left the company"


# --- API tokens -------------------------------------------------------------------------------


def test_creating_and_revoking_a_token_are_recorded_never_its_value(
    uow_factory: UnitOfWorkFactory, accounts: None, trail: Any
) -> None:
    user = new_admin(uow_factory)
    created = create_token(uow_factory, ADMIN, "ERP sync", NOW, email=user.email)
    revoke_token(uow_factory, ADMIN, created.token.id, NOW)
    revoke_token(uow_factory, ADMIN, created.token.id, NOW)  # again: nothing more to record

    rows = trail(subject_kind="api_token", subject_id=str(created.token.id))
    assert [row.action for row in rows] == ["api_token.revoked", "api_token.created"]
    assert rows[1].after["name"] == "ERP sync"
    assert rows[1].after["user_id"] == user.id
    assert (rows[0].before["revoked_at"], rows[0].after["revoked_at"]) == (None, NOW.isoformat())
    assert all(created.secret not in str(row) for row in rows)
