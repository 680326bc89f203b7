"""Search boxes and pagers on the pages beyond the desk's queues (issue #23, items 1 and 2):
a customer searches their products (never another's), the admin searches users and
accounts and pages through users and price lists, the desk's held parcels page on
the receiving page, a distributor pages through quotes and balances."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from portal_support import ADMIN, ANN, NOW, TECH, add_accounts
from sales_world import AGENT as SALES_AGENT
from sales_world import DIST, World, build, paid_quote_by_api

from warrantor.domain.actors import Actor
from warrantor.domain.money import Money
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.installed_base.registration import Claim, register_my_unit
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.sales.prices import add_price
from warrantor.store.sales_prices import NewPrice
from warrantor.web import admin, desk_receiving, portal_distributor


def follow(client: Any, url: str, pattern: str) -> list[list[str]]:
    """What ``pattern`` finds on each page, following the first 'Next page' link."""
    found = []
    while True:
        html = client.get(url).text
        found.append(re.findall(pattern, html))
        link = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', html)
        if link is None:
            return found
        url = link.group(1).replace("&amp;", "&")


def test_a_customer_searches_their_products_and_never_sees_anothers(
    client_as: Any, uow_factory: Any, add_units: Any, policy_book: Any
) -> None:
    add_accounts(uow_factory)
    owners = [("QWEB1", ""), ("QWEB10", ""), ("QWEB11", "CUST-BOB")]
    add_units([{"brand": "QNAP", "serial": s, "model": "TS-453 Pro", "owner": owner,
                "manufactured_on": "2025-09-01", "country_of_purchase": "US"}
               for s, owner in owners])  # fmt: skip
    for serial in ("QWEB1", "QWEB10"):
        claim = Claim("QNAP", serial, date(2026, 10, 1), "INV-W1")
        register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)
    html = client_as(ANN).get("/my", params={"q": "qweb1"}).text
    assert re.findall(r'href="/my/units/QNAP/(QWEB\d+)"', html) == ["QWEB1", "QWEB10"]
    assert "QWEB11" not in html
    none = client_as(ANN).get("/my", params={"q": "QWEB11"}).text
    assert "None of your products matches" in none


def test_the_admin_searches_users_and_accounts_and_pages_through_users(
    client_as: Any, uow_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_accounts(uow_factory)
    emails = [f"person{n}@maker.example" for n in range(3)]
    for email in emails:
        new = NewUser(email, "Person", "agent", "MAKER", "a long enough password 1")
        create_user(uow_factory, Actor.operator(), new, NOW)
    monkeypatch.setattr(admin, "ADMIN_PAGE", 2)
    page = client_as(ADMIN)
    pages = follow(page, "/admin/users", r'data-label="Email">(person\d@maker\.example)<')
    assert pages == [emails[:2], emails[2:]]
    found = page.get("/admin/users", params={"q": "person1@maker.example"}).text
    assert re.findall(r'class="user-hits"><li>(\S+) ', found) == ["person1@maker.example"]
    accounts = page.get("/admin/users", params={"q": "cust-ann"}).text
    assert 'Ann Smith <span class="hint">(CUST-ANN)</span>' in accounts
    assert "(exact match)" in accounts


def test_price_lists_page_on_the_admin_page(
    client_as: Any, uow_factory: Any, policy_book: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for years in (1, 2, 3):
        new = NewPrice("QNAP", "TS-x53", years, Money.parse("99.00", "USD"), date(2026, 1, 1), None)
        add_price(uow_factory, policy_book, Actor.operator(), new, NOW)
    monkeypatch.setattr(admin, "ADMIN_PAGE", 2)
    pages = follow(client_as(ADMIN), "/admin/prices", r'class="num">\+(\d)</td>')
    assert pages == [["1", "2"], ["3"]]


def test_held_parcels_page_on_the_receiving_page_and_the_desk_counts_them(
    client_as: Any, uow_factory: Any, policy_book: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_accounts(uow_factory)
    for n in range(3):
        arrival = ParcelArrival(brand="QNAP", sender_name=f"Sender{n}", carrier="UPS", tracking="T")
        receive_parcel(uow_factory, policy_book, TECH, arrival, NOW + timedelta(hours=n))
    monkeypatch.setattr(desk_receiving, "HELD_PAGE", 2)
    tech = client_as(TECH)
    pages = follow(tech, "/desk/receive", r"from (Sender\d)")
    assert pages == [["Sender0", "Sender1"], ["Sender2"]]
    assert "Unauthorized returns held (3)" in tech.get("/desk/receive").text
    assert "Unauthorized returns held (3)" in tech.get("/desk").text


@pytest.fixture
def world(uow_factory: Any, policy_book: Any) -> World:
    return build(uow_factory, policy_book)


def test_a_distributor_pages_through_quotes(
    world: World, client_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = client_as(DIST)
    body = {"brand": "QNAP", "model": "TS-453 Pro", "quantity": 1, "years": 1}
    ids = [dist.post("/api/v1/quotes", json=body).json()["id"] for _ in range(3)]
    monkeypatch.setattr(portal_distributor, "DISTRIBUTOR_PAGE", 2)
    pages = follow(dist, "/distributor", r'href="/distributor/quotes/(\d+)">Quote')
    assert pages == [[str(ids[2]), str(ids[1])], [str(ids[0])]]


def test_a_distributor_pages_through_balances_with_their_own_pager(
    world: World, client_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist, agent = client_as(DIST), client_as(SALES_AGENT)
    ids = [paid_quote_by_api(dist, agent, quantity=1, reference=f"W-{n}") for n in range(3)]
    monkeypatch.setattr(portal_distributor, "DISTRIBUTOR_PAGE", 2)
    balance = r'<li><a href="/distributor/quotes/(\d+)">Quote'

    first = dist.get("/distributor").text
    [link] = re.findall(r'<a href="([^"]*balances_cursor=[^"]+)" rel="next">', first)
    second = dist.get(link.replace("&amp;", "&")).text

    assert re.findall(balance, first) == [str(ids[2]), str(ids[1])]
    assert re.findall(balance, second) == [str(ids[0])]
    assert 'href="/distributor">First page</a>' in second
    quotes = re.findall(r'href="/distributor/quotes/(\d+)">Quote', second)
    assert quotes[:2] == [str(ids[2]), str(ids[1])]  # the quotes list stays on its first page


def test_a_quotes_assigned_serials_page_on_its_page(
    world: World, client_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist, agent = client_as(DIST), client_as(SALES_AGENT)
    quote_id = paid_quote_by_api(dist, agent)
    serials = ["D-1", "D-2", "D-3"]
    assigned = dist.post(f"/api/v1/quotes/{quote_id}/assignments", json={"serials": serials})
    assert assigned.status_code == 200, assigned.text
    monkeypatch.setattr(portal_distributor, "ASSIGNED_PAGE", 2)
    pages = follow(dist, f"/distributor/quotes/{quote_id}", r"<li>QNAP (D-\d)")
    assert pages == [serials[:2], serials[2:]]
    page = dist.get(f"/distributor/quotes/{quote_id}").text
    assert "Assigned serials and certificates (3)" in page


def test_a_quotes_refused_attempts_page_on_its_page_with_their_own_pager(
    world: World, client_as: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist, agent = client_as(DIST), client_as(SALES_AGENT)
    quote_id = paid_quote_by_api(dist, agent)
    serials = ["NOPE-1", "NOPE-2", "NOPE-3"]
    tried = dist.post(f"/api/v1/quotes/{quote_id}/assignments", json={"serials": serials})
    assert tried.status_code == 422, tried.text
    monkeypatch.setattr(portal_distributor, "REFUSED_PAGE", 2)
    pages = follow(dist, f"/distributor/quotes/{quote_id}", r"<strong>(NOPE-\d)</strong>")
    assert pages == [serials[:2], serials[2:]]
    last = dist.get(f"/distributor/quotes/{quote_id}").text
    nxt = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', last)
    assert nxt is not None and "refusals_cursor=" in nxt.group(1)
    bad = dist.get(f"/distributor/quotes/{quote_id}", params={"refusals_cursor": "nope"})
    assert bad.status_code == 422
