"""Quotes and orders page by cursor like every list (issue #23, item 1): newest first,
each once, ``Link rel=next`` until the last page, a foreign cursor refused."""

from __future__ import annotations

from typing import Any

import pytest
from sales_world import AGENT, DIRECT, DIST, OTHER_DIST, World, build, paid_quote_by_api

from warrantor.policy.book import PolicyBook
from warrantor.services.paging import encode_cursor
from warrantor.services.uow import UnitOfWorkFactory


@pytest.fixture
def world(uow_factory: UnitOfWorkFactory, policy_book: PolicyBook) -> World:
    return build(uow_factory, policy_book)


def pages_of(client: Any, url: str) -> list[list[int]]:
    pages = []
    answer = client.get(url, params={"limit": 2})
    while True:
        assert answer.status_code == 200, answer.text
        pages.append([row["id"] for row in answer.json()])
        assert answer.headers["x-total-count-kind"] == "none"
        link = answer.headers.get("link")
        if link is None:
            return pages
        answer = client.get(link[1 : link.index(">")])


def test_quotes_page_newest_first(world: World, client_as: Any) -> None:
    dist = client_as(DIST)
    body = {"brand": "QNAP", "model": "TS-453 Pro", "quantity": 1, "years": 1}
    ids = [dist.post("/api/v1/quotes", json=body).json()["id"] for _ in range(3)]
    assert pages_of(dist, "/api/v1/quotes") == [[ids[2], ids[1]], [ids[0]]]
    foreign = dist.get("/api/v1/quotes", params={"cursor": encode_cursor("orders", [ids[2]])})
    assert foreign.status_code == 422
    assert foreign.json()["error"]["problems"][0]["field"] == "cursor"


def test_orders_page_newest_first(world: World, client_as: Any) -> None:
    direct = client_as(DIRECT)
    ids = []
    for serial in ("Q-OK", "Q-OK", "Q-OK"):
        placed = direct.post("/api/v1/orders", json={"serial": serial, "brand": "QNAP", "years": 1})
        assert placed.status_code == 201, placed.text
        ids.append(placed.json()["id"])
        assert direct.post(f"/api/v1/orders/{ids[-1]}/cancel").status_code == 200
    assert pages_of(direct, "/api/v1/orders") == [[ids[2], ids[1]], [ids[0]]]
    bad = direct.get("/api/v1/orders", params={"cursor": "x"})
    assert bad.status_code == 422


def test_a_quotes_assigned_serials_page_in_assignment_order_counted(
    world: World, client_as: Any
) -> None:
    dist, agent = client_as(DIST), client_as(AGENT)
    quote_id = paid_quote_by_api(dist, agent)
    url = f"/api/v1/quotes/{quote_id}/assignments"
    for serial in ("D-2", "D-1"):
        assert dist.post(url, json={"serials": [serial]}).status_code == 200
    first = dist.get(url, params={"limit": 1})
    assert [a["serial"] for a in first.json()] == ["D-2"]
    assert first.headers["x-total-count"] == "2"
    assert dist.post(url, json={"serials": ["D-3"]}).status_code == 200  # between pages
    rest = dist.get(url, params={"limit": 10, "cursor": first.headers["x-next-cursor"]})
    assert [a["serial"] for a in rest.json()] == ["D-1", "D-3"]
    assert rest.headers["x-total-count"] == "3" and "link" not in rest.headers
    assert rest.json()[0]["certificate_number"]
    assert client_as(OTHER_DIST).get(url).status_code == 404
    foreign = dist.get(url, params={"cursor": encode_cursor("quotes", [quote_id])})
    assert foreign.status_code == 422
    assert foreign.json()["error"]["problems"][0]["field"] == "cursor"


def test_a_quotes_detail_shows_the_first_page_of_its_assignments_and_links_the_rest(
    world: World, client_as: Any
) -> None:
    dist, agent = client_as(DIST), client_as(AGENT)
    quote_id = paid_quote_by_api(dist, agent)
    assigned = dist.post(f"/api/v1/quotes/{quote_id}/assignments", json={"serials": ["D-2", "D-1"]})
    assert assigned.status_code == 200, assigned.text

    whole = dist.get(f"/api/v1/quotes/{quote_id}").json()  # 100 by default: all of them
    first = dist.get(f"/api/v1/quotes/{quote_id}", params={"assignments_limit": 1})
    rest = dist.get(first.json()["assignments_next"])
    too_many = dist.get(f"/api/v1/quotes/{quote_id}", params={"assignments_limit": 1001})

    assert [a["serial"] for a in whole["assignments"]] == ["D-2", "D-1"]
    assert (whole["assignments_total"], whole["assignments_next"]) == (2, None)
    assert whole["assignments_next_cursor"] is None
    assert first.status_code == 200, first.text
    page = first.json()
    assert [a["serial"] for a in page["assignments"]] == ["D-2"]
    assert page["assignments_total"] == 2
    assert page["assignments_next"].startswith(f"http://testserver/api/v1/quotes/{quote_id}/")
    assert f"cursor={page['assignments_next_cursor']}" in page["assignments_next"]
    assert [a["serial"] for a in rest.json()] == ["D-1"]
    assert rest.headers["x-total-count"] == "2" and "link" not in rest.headers
    assert too_many.status_code == 422
    assert client_as(OTHER_DIST).get(f"/api/v1/quotes/{quote_id}").status_code == 404


def test_a_quotes_refused_attempts_page_in_order_counted_and_stable_under_an_insert(
    world: World, client_as: Any
) -> None:
    dist, agent = client_as(DIST), client_as(AGENT)
    quote_id = paid_quote_by_api(dist, agent)

    def refuse(*serials: str) -> None:
        tried = dist.post(f"/api/v1/quotes/{quote_id}/assignments", json={"serials": serials})
        assert tried.status_code == 422, tried.text

    refuse("NOPE-1", "NOPE-2")
    refuse("NOPE-3")
    url = f"/api/v1/quotes/{quote_id}/refusals"
    first = dist.get(url, params={"limit": 2})
    refuse("NOPE-4")  # between two pages: after the cursor, so shown once, on a later page
    second = dist.get(first.headers["link"][1 : first.headers["link"].index(">")])
    every = dist.get(url, params={"limit": 1000})

    assert first.status_code == 200, first.text
    assert [r["serial"] for r in first.json()] == ["NOPE-1", "NOPE-2"]
    assert first.headers["x-total-count"] == "3"
    assert [r["serial"] for r in second.json()] == ["NOPE-3", "NOPE-4"]
    assert second.headers["x-total-count"] == "4" and "link" not in second.headers
    assert [r["serial"] for r in every.json()] == ["NOPE-1", "NOPE-2", "NOPE-3", "NOPE-4"]
    assert set(every.json()[0]) == {"serial", "reason", "clause_ids", "attempted_at"}
    for cursor in ("not-a-cursor", encode_cursor("quote_assignments", [1])):
        bad = dist.get(url, params={"cursor": cursor})
        assert bad.status_code == 422, cursor
        assert bad.json()["error"]["problems"][0]["field"] == "cursor"
    assert client_as(OTHER_DIST).get(url).status_code == 404


def test_a_quotes_detail_shows_the_first_page_of_its_refusals_and_links_the_rest(
    world: World, client_as: Any
) -> None:
    dist, agent = client_as(DIST), client_as(AGENT)
    quote_id = paid_quote_by_api(dist, agent)
    tried = dist.post(f"/api/v1/quotes/{quote_id}/assignments", json={"serials": ["X-2", "X-1"]})
    assert tried.status_code == 422, tried.text

    whole = dist.get(f"/api/v1/quotes/{quote_id}").json()  # 100 by default: all of them
    first = dist.get(f"/api/v1/quotes/{quote_id}", params={"refusals_limit": 1})
    rest = dist.get(first.json()["refusals_next"])
    too_many = dist.get(f"/api/v1/quotes/{quote_id}", params={"refusals_limit": 1001})

    assert [r["serial"] for r in whole["refusals"]] == ["X-2", "X-1"]
    assert (whole["refusals_total"], whole["refusals_next"], whole["refusals_next_cursor"]) == (
        2, None, None)  # fmt: skip
    assert first.status_code == 200, first.text
    page = first.json()
    assert [r["serial"] for r in page["refusals"]] == ["X-2"]
    assert page["refusals_total"] == 2
    assert page["refusals_next"].startswith(f"http://testserver/api/v1/quotes/{quote_id}/refusals")
    assert f"cursor={page['refusals_next_cursor']}" in page["refusals_next"]
    assert page["assignments_next"] is None  # the other list is not cut
    assert [r["serial"] for r in rest.json()] == ["X-1"]
    assert rest.headers["x-total-count"] == "2" and "link" not in rest.headers
    assert too_many.status_code == 422


def test_balances_page_newest_first_and_only_ones_own(world: World, client_as: Any) -> None:
    dist, agent = client_as(DIST), client_as(AGENT)
    body = {"brand": "QNAP", "model": "TS-453 Pro", "quantity": 2, "years": 1}
    paid = []
    for n in range(3):
        quote_id = dist.post("/api/v1/quotes", json=body).json()["id"]
        assert dist.post(f"/api/v1/quotes/{quote_id}/accept").status_code == 200
        payment = {"reference": f"W-{n}"}
        assert agent.post(f"/api/v1/quotes/{quote_id}/payment", json=payment).is_success
        paid.append(quote_id)
    unpaid = dist.post("/api/v1/quotes", json=body).json()["id"]  # no balance: not paid

    def pages(client: Any) -> list[list[int]]:
        found, answer = [], client.get("/api/v1/balances", params={"limit": 2})
        while True:
            assert answer.status_code == 200, answer.text
            found.append([row["quote_id"] for row in answer.json()])
            assert answer.headers["x-total-count-kind"] == "none"
            if "link" not in answer.headers:
                return found
            answer = client.get(answer.headers["link"][1 : answer.headers["link"].index(">")])

    assert pages(dist) == [[paid[2], paid[1]], [paid[0]]]
    assert pages(agent) == [[paid[2], paid[1]], [paid[0]]]
    assert unpaid not in [q for page in pages(dist) for q in page]
    assert pages(client_as(OTHER_DIST)) == [[]]
    first = dist.get("/api/v1/balances", params={"limit": 1}).json()
    assert first[0]["remaining"] == 2 and first[0]["account"] == "DIST-US"
    foreign = dist.get("/api/v1/balances", params={"cursor": encode_cursor("quotes", [paid[2]])})
    assert foreign.status_code == 422
    assert foreign.json()["error"]["problems"][0]["field"] == "cursor"
    assert dist.get("/api/v1/balances", params={"limit": 1001}).status_code == 422
