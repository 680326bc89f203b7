"""Every list pages by cursor (issue #23, item 1): unauthorized returns (a queue: counted
exactly), users, API tokens and accounts (full-table lists: not counted), each walked
page after page to the last, every row once, with rows added between pages, and a
cursor from another list, cut short or edited refused as 422 naming ``cursor``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rma_desk_support import NOW, TECH, seed

from warrantor.domain.actors import Actor, Role
from warrantor.services.access.tokens import create_token
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.paging import encode_cursor
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

ADMIN = Actor(Role.ADMIN, "MAKER", user_id=None, name="admin")


def walk(client: TestClient, url: str, key: str, **params: Any) -> list[list[Any]]:
    """Each page's ``key`` values, following ``Link: <...>; rel="next"`` to the last."""
    pages = []
    answer = client.get(url, params={"limit": 2, **params})
    while True:
        assert answer.status_code == 200, answer.text
        pages.append([row[key] for row in answer.json()])
        link = answer.headers.get("link")
        if link is None:
            assert "x-next-cursor" not in answer.headers
            return pages
        answer = client.get(link[1 : link.index(">")])


def refuses(client: TestClient, url: str, cursor: str) -> None:
    answer = client.get(url, params={"cursor": cursor})
    assert answer.status_code == 422, answer.text
    assert [p["field"] for p in answer.json()["error"]["problems"]] == ["cursor"]


def held(uow_factory: UnitOfWorkFactory, policy_book: Any, tracking: str, hours: int) -> int:
    arrival = ParcelArrival(brand="QNAP", sender_name="Carl", carrier="UPS", tracking=tracking)
    when = NOW + timedelta(hours=hours)
    return receive_parcel(uow_factory, policy_book, TECH, arrival, when).parcel.id


def test_unauthorized_returns_page_oldest_first_counted_and_stable_under_arrivals(
    client_as: Any, uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any
) -> None:
    seed(uow_factory, add_units)
    ids = [held(uow_factory, policy_book, f"T{n}", hours=2 * n) for n in range(5)]
    tech = client_as(TECH)
    assert walk(tech, "/api/v1/unauthorized-returns", "id") == [ids[:2], ids[2:4], ids[4:]]
    first = tech.get("/api/v1/unauthorized-returns", params={"limit": 2})
    assert first.headers["x-total-count"] == "5"
    earlier = held(uow_factory, policy_book, "T-early", hours=1)  # before the cursor
    later = held(uow_factory, policy_book, "T-late", hours=20)  # after it
    rest = tech.get(
        "/api/v1/unauthorized-returns",
        params={"limit": 10, "cursor": first.headers["x-next-cursor"]},
    )
    assert [p["id"] for p in rest.json()] == [*ids[2:], later]
    assert earlier not in [p["id"] for p in rest.json()]
    assert rest.headers["x-total-count"] == "7"
    refuses(tech, "/api/v1/unauthorized-returns", encode_cursor("users", ["a@b.c"]))
    refuses(tech, "/api/v1/unauthorized-returns", first.headers["x-next-cursor"][:-3])


@pytest.fixture
def people(uow_factory: UnitOfWorkFactory) -> list[str]:
    """Five users of one customer account, by e-mail."""
    with uow_factory() as uow:
        uow.accounts.upsert(Account("CUST-PAGE", "Paging Customer", "customer"), NOW)
    emails = [f"user{n}@example.com" for n in (1, 3, 5, 7, 9)]
    for email in emails:
        add_user(uow_factory, email)
    return emails


def add_user(uow_factory: UnitOfWorkFactory, email: str, name: str = "Someone") -> None:
    new = NewUser(email, name, "customer", "CUST-PAGE", "a long enough password 1")
    create_user(uow_factory, Actor.operator(), new, NOW)


def test_users_page_by_email_each_once_under_inserts_not_counted(
    client_as: Any, uow_factory: UnitOfWorkFactory, people: list[str]
) -> None:
    admin = client_as(ADMIN)
    pages = walk(admin, "/api/v1/users", "email", account="CUST-PAGE")
    assert pages == [people[:2], people[2:4], people[4:]]
    first = admin.get("/api/v1/users", params={"limit": 2, "account": "CUST-PAGE"})
    assert first.headers["x-total-count-kind"] == "none"
    add_user(uow_factory, "user0@example.com")  # sorts before the cursor
    add_user(uow_factory, "user4@example.com")  # after it
    rest = admin.get(
        "/api/v1/users",
        params={"limit": 10, "account": "CUST-PAGE", "cursor": first.headers["x-next-cursor"]},
    )
    assert [u["email"] for u in rest.json()] == ["user4@example.com", *people[2:]]
    refuses(admin, "/api/v1/users", encode_cursor("accounts", ["user1@example.com"]))
    refuses(admin, "/api/v1/users", encode_cursor("users", [1]))  # wrong type


def test_tokens_page_newest_first(
    client_as: Any, uow_factory: UnitOfWorkFactory, people: list[str]
) -> None:
    with uow_factory() as uow:
        owner = uow.users.by_email(people[0])
    assert owner is not None
    me = Actor(Role.CUSTOMER, "CUST-PAGE", user_id=owner.id, name="Someone")
    made = [
        create_token(uow_factory, me, f"token {n}", NOW + timedelta(minutes=n)).token.id
        for n in range(3)
    ]
    client = client_as(me)
    assert walk(client, "/api/v1/tokens", "id") == [[made[2], made[1]], [made[0]]]
    assert client.get("/api/v1/tokens").headers["x-total-count-kind"] == "none"
    refuses(client, "/api/v1/tokens", encode_cursor("tokens", ["yesterday", 1]))


def test_accounts_page_by_code(client_as: Any, uow_factory: UnitOfWorkFactory) -> None:
    codes = ["ACC-A", "ACC-B", "ACC-C"]
    with uow_factory() as uow:
        for code in codes:
            uow.accounts.upsert(Account(code, f"Account {code}", "dealer"), NOW)
    admin = client_as(ADMIN)
    assert walk(admin, "/api/v1/accounts", "code", kind="dealer") == [codes[:2], codes[2:]]
    refuses(admin, "/api/v1/accounts", encode_cursor("users", ["ACC-A"]))
    assert client_as(TECH).get("/api/v1/accounts").status_code == 403
