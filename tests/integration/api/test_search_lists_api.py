"""Searching the lists over the API (issue #23, item 2): ``GET /units?q=`` searches the
caller's own units, ``GET /users?q=`` and ``GET /accounts?q=`` are the admin's; the
best rows come first in one answer, and a cursor beside ``q`` is 422 naming it. The
tiers' own rules are tests/integration/services/test_directory_and_unit_search.py's.
Price lists page by cursor like every list."""

from __future__ import annotations

from datetime import date
from typing import Any

from rma_desk_support import ANN, BOB, NOW, seed

from warrantor.domain.actors import Actor, Role
from warrantor.domain.money import Money
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.paging import encode_cursor
from warrantor.services.sales.prices import add_price
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.store.sales_prices import NewPrice

ADMIN = Actor(Role.ADMIN, "MAKER", user_id=None, name="admin")


def unit(serial: str, owner: str) -> dict[str, str]:
    return {"brand": "QNAP", "serial": serial, "model": "TS-453 Pro", "owner": owner,
            "country_of_purchase": "US", "purchased_on": "2026-02-01",
            "proof_of_purchase": f"INV-{serial}"}  # fmt: skip


def test_a_customer_searches_only_their_own_units(
    client_as: Any, uow_factory: UnitOfWorkFactory, add_units: Any
) -> None:
    seed(uow_factory, add_units)
    add_units(
        [unit("QAPI10", "CUST-ANN"), unit("QAPI100", "CUST-ANN"), unit("QAPI101", "CUST-BOB")]
    )
    ann = client_as(ANN)
    found = ann.get("/api/v1/units", params={"q": "qapi10"})
    assert found.status_code == 200, found.text
    assert [u["serial"] for u in found.json()] == ["QAPI10", "QAPI100"]  # exact, then prefix
    assert "link" not in found.headers
    assert ann.get("/api/v1/units", params={"q": "QAPI101"}).json() == []  # Bob's
    bob = client_as(BOB).get("/api/v1/units", params={"q": "qapi10"}).json()
    assert [u["serial"] for u in bob] == ["QAPI101"]
    both = ann.get(
        "/api/v1/units", params={"q": "qapi", "cursor": encode_cursor("units", ["a", "b"])}
    )
    assert both.status_code == 422
    assert [p["field"] for p in both.json()["error"]["problems"]] == ["cursor"]
    many = ann.get("/api/v1/units", params={"q": "qapi", "limit": 500})
    assert many.status_code == 422
    assert [p["field"] for p in many.json()["error"]["problems"]] == ["limit"]
    empty = ann.get("/api/v1/units", params={"q": " "})
    assert empty.status_code == 422
    assert [p["field"] for p in empty.json()["error"]["problems"]] == ["q"]


def test_admins_search_users_and_accounts(client_as: Any, uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.accounts.upsert(Account("ACME", "Acme Corp", "customer"), NOW)
        uow.accounts.upsert(Account("ACME-EU", "Acme Europe", "customer"), NOW)
        uow.accounts.upsert(Account("BOLT", "Bolt Inc", "customer"), NOW)
    for email, name in [("ann@acme.example", "Ann Lee"), ("annika@acme.example", "Annika Berg")]:
        new = NewUser(email, name, "customer", "ACME", "a long enough password 1")
        create_user(uow_factory, Actor.operator(), new, NOW)
    admin = client_as(ADMIN)
    users = admin.get("/api/v1/users", params={"q": "ann@acme.example"})
    assert users.status_code == 200, users.text
    assert [u["email"] for u in users.json()] == ["ann@acme.example", "annika@acme.example"]
    accounts = admin.get("/api/v1/accounts", params={"q": "acme"}).json()
    assert [a["code"] for a in accounts] == ["ACME", "ACME-EU"]
    cursor = encode_cursor("users", ["ann@acme.example"])
    assert admin.get("/api/v1/users", params={"q": "ann", "cursor": cursor}).status_code == 422
    agent = client_as(Actor(Role.AGENT, "MAKER", user_id=41, name="Agnes"))
    assert agent.get("/api/v1/users", params={"q": "ann"}).status_code == 403
    assert agent.get("/api/v1/accounts", params={"q": "acme"}).status_code == 403


def test_price_lists_page_by_cursor(
    client_as: Any, uow_factory: UnitOfWorkFactory, policy_book: Any
) -> None:
    for years, amount in [(1, "79.00"), (2, "129.00"), (3, "169.00")]:
        new = NewPrice("QNAP", "TS-x53", years, Money.parse(amount, "USD"), date(2026, 1, 1), None)
        add_price(uow_factory, policy_book, Actor.operator(), new, NOW)
    admin = client_as(ADMIN)
    first = admin.get("/api/v1/prices", params={"limit": 2})
    assert [p["years"] for p in first.json()] == [1, 2]
    assert first.headers["x-total-count-kind"] == "none"
    rest = admin.get(first.headers["link"][1 : first.headers["link"].index(">")])
    assert [p["years"] for p in rest.json()] == [3] and "link" not in rest.headers
    foreign = admin.get("/api/v1/prices", params={"cursor": encode_cursor("prices", [1])})
    assert foreign.status_code == 422
    assert [p["field"] for p in foreign.json()["error"]["problems"]] == ["cursor"]
