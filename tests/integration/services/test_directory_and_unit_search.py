"""Searches beyond the desk (issue #23, item 2), through the tiers of the desk's search
(exact, then prefix, then fuzzy) on both engines (pg_trgm on PostgreSQL, FTS5 trigrams
on SQLite): admins search users (e-mail, name) and accounts (code, name); customers
search their own units (serial, model) and never find anyone else's."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import ANN, BOB, DISTRIBUTOR, NOW, seed

from warrantor.domain.actors import Actor, Role
from warrantor.errors import InvalidInput, PermissionDenied
from warrantor.services.access.directory import search_accounts, search_users
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.installed_base.unit_search import search_visible_units
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

ADMIN = Actor.operator()
AGENT = Actor(Role.AGENT, "MAKER", user_id=41, name="Agnes")


@pytest.fixture
def directory(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        for code, name in [
            ("ACME", "Acme Corp"),  # exact: the code
            ("ACME-EU", "Acme Europe"),  # prefix: the code
            ("X1", "The Acme Store"),  # prefix: a word of the name
            ("Z9", "Acmy Ltd"),  # fuzzy: a name like it (one letter wrong)
            ("Q7", "Bolt Inc"),  # nothing like it
        ]:
            uow.accounts.upsert(Account(code, name, "customer"), NOW)
    for email, name in [
        ("garcia@example.com", "Maria Lopez"),  # exact: the address
        ("garcia@example.com.mx", "Pedro Ruiz"),  # prefix: the address
        ("garcia@example.org", "Ines Vidal"),  # fuzzy: an address like it
        ("bob@nowhere.net", "Bob Jones"),  # nothing like it
    ]:
        new = NewUser(email, name, "customer", "ACME", "a long enough password 1")
        create_user(uow_factory, ADMIN, new, NOW)


def users_found(uow_factory: UnitOfWorkFactory, text: str) -> list[tuple[str, str, str]]:
    return [(h.tier, h.matched, h.user.email) for h in search_users(uow_factory, ADMIN, text)]


def accounts_found(uow_factory: UnitOfWorkFactory, text: str) -> list[tuple[str, str, str]]:
    hits = search_accounts(uow_factory, ADMIN, text)
    return [(h.tier, h.matched, h.account.code) for h in hits]


def test_users_exact_before_prefix_before_fuzzy(
    uow_factory: UnitOfWorkFactory, directory: None
) -> None:
    assert users_found(uow_factory, "Garcia@Example.com") == [
        ("exact", "email", "garcia@example.com"),
        ("prefix", "email", "garcia@example.com.mx"),
        ("fuzzy", "similar", "garcia@example.org"),
    ]
    assert users_found(uow_factory, "ruiz") == [("prefix", "name", "garcia@example.com.mx")]
    assert users_found(uow_factory, "zzzzzz") == []


def test_accounts_exact_before_prefix_before_fuzzy(
    uow_factory: UnitOfWorkFactory, directory: None
) -> None:
    found = accounts_found(uow_factory, "acme")
    assert found[0] == ("exact", "code", "ACME")
    assert sorted(found[1:3]) == [("prefix", "code", "ACME-EU"), ("prefix", "name", "X1")]
    assert found[3:] == [("fuzzy", "similar", "Z9")]


def test_only_admins_search_users_and_accounts_and_an_empty_box_names_q(
    uow_factory: UnitOfWorkFactory, directory: None
) -> None:
    for search in (search_users, search_accounts):
        with pytest.raises(PermissionDenied):
            search(uow_factory, AGENT, "acme")
        with pytest.raises(InvalidInput) as empty:
            search(uow_factory, ADMIN, "  ")
        assert [p.field for p in empty.value.problems] == ["q"]
        with pytest.raises(InvalidInput) as many:
            search(uow_factory, ADMIN, "acme", 101)
        assert [p.field for p in many.value.problems] == ["limit"]


def unit(serial: str, owner: str, model: str = "TS-453 Pro") -> dict[str, str]:
    return {"brand": "QNAP", "serial": serial, "model": model, "owner": owner,
            "first_invoiced_to": "DIST-US", "country_of_purchase": "US",
            "purchased_on": "2026-02-01", "proof_of_purchase": f"INV-{serial}"}  # fmt: skip


@pytest.fixture
def units(uow_factory: UnitOfWorkFactory, add_units: Any) -> None:
    seed(uow_factory, add_units)
    add_units([
        unit("QS100", "CUST-ANN"),
        unit("QS1001", "CUST-ANN", "TS-879 Pro"),
        unit("QS1002", "CUST-BOB"),  # Bob's: Ann never finds it
        unit("QS2000", "CUST-BOB", "TS-879 Pro"),
    ])  # fmt: skip


def units_found(uow_factory: UnitOfWorkFactory, actor: Actor, text: str) -> list[Any]:
    hits = search_visible_units(uow_factory, actor, text)
    return [(h.tier, h.matched, h.unit.serial) for h in hits]


def test_a_customer_finds_their_own_units_exact_serial_first_never_anothers(
    uow_factory: UnitOfWorkFactory, units: None
) -> None:
    assert units_found(uow_factory, ANN, "qs100") == [
        ("exact", "serial", "QS100"),
        ("prefix", "serial", "QS1001"),
    ]
    assert units_found(uow_factory, ANN, "QS1002") == []  # Bob's serial, typed exactly
    assert units_found(uow_factory, BOB, "qs100") == [("prefix", "serial", "QS1002")]
    assert units_found(uow_factory, ANN, "Pro") == [
        ("prefix", "model", "Q26DESK001"),  # the seed's unit of Ann's
        ("prefix", "model", "QS100"),
        ("prefix", "model", "QS1001"),
    ]


def test_a_model_like_the_text_is_the_fuzzy_tier_within_the_scope(
    uow_factory: UnitOfWorkFactory, units: None
) -> None:
    anns = units_found(uow_factory, ANN, "879 Pro")  # TS-879 Pro first, then TS-453 Pro
    assert anns[0] == ("fuzzy", "model", "QS1001")
    assert {serial for _, _, serial in anns} <= {"Q26DESK001", "QS100", "QS1001"}
    assert units_found(uow_factory, BOB, "879 Pro")[0] == ("fuzzy", "model", "QS2000")
    serials = {serial for _, _, serial in units_found(uow_factory, DISTRIBUTOR, "QS")}
    assert serials == {"QS100", "QS1001", "QS1002", "QS2000"}  # first invoiced to it
    nobody = Actor(Role.CUSTOMER, None, user_id=99, name="No account")
    assert units_found(uow_factory, nobody, "QS") == []
