"""The sales API: prices, direct orders, distributor quotes; refusals as 4xx naming the rule."""

from __future__ import annotations

from typing import Any

import pytest
from sales_world import ADMIN, AGENT, DIRECT, DIST, OTHER_DIST, RETAIL, World, build

from warrantor.policy.book import PolicyBook
from warrantor.services.uow import UnitOfWorkFactory


@pytest.fixture
def world(uow_factory: UnitOfWorkFactory, policy_book: PolicyBook) -> World:
    return build(uow_factory, policy_book)


def test_prices_are_read_by_anyone_signed_in_and_written_by_admins(
    world: World, client_as: Any, client: Any
) -> None:
    body = {
        "brand": "QNAP",
        "product_line": "TS-x51",
        "years": 2,
        "amount": "119.50",
        "currency": "usd",
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
    }
    assert client.get("/api/v1/prices").status_code == 401
    assert client_as(DIST).post("/api/v1/prices", json=body).status_code == 403

    created = client_as(ADMIN).post("/api/v1/prices", json=body)

    assert created.status_code == 201, created.text
    assert created.json()["price"] == {
        "amount_minor": 11950,
        "currency": "USD",
        "text": "USD 119.50",
    }
    listed = client_as(DIST).get("/api/v1/prices", params={"line": "TS-x51", "on": "2026-06-01"})
    assert [p["id"] for p in listed.json()] == [created.json()["id"]]
    overlap = client_as(ADMIN).post("/api/v1/prices", json={**body, "valid_from": "2026-12-01"})
    assert overlap.status_code == 409
    wrong = client_as(ADMIN).post("/api/v1/prices", json={**body, "years": 4})
    assert wrong.status_code == 422
    assert wrong.json()["error"]["problems"][0]["field"] == "years"
    ended = client_as(ADMIN).post(
        f"/api/v1/prices/{created.json()['id']}/retire", json={"last_day": "2026-11-30"}
    )
    assert ended.json()["valid_until"] == "2026-11-30"
    after = client_as(ADMIN).post("/api/v1/prices", json={**body, "valid_from": "2026-12-01"})
    assert after.status_code == 201


def test_a_refused_order_is_422_naming_the_clause(world: World, client_as: Any) -> None:
    response = client_as(DIRECT).post(
        "/api/v1/orders", json={"serial": "Q-DAY61", "brand": "QNAP", "years": 1}
    )

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["type"] == "refused"
    assert "qnap.ext.window-invoice" in error["clause_ids"]


def test_the_direct_flow_and_the_check_showing_the_extension(
    world: World, client_as: Any, client: Any
) -> None:
    offer = client_as(DIRECT).get("/api/v1/extension-offers/QNAP/Q-OK", params={"years": 2})
    assert offer.json()["allowed"] is True
    assert offer.json()["price"]["text"] == "USD 139.00"

    placed = client_as(DIRECT).post(
        "/api/v1/orders", json={"serial": "q-ok", "brand": "QNAP", "years": 2}
    )
    assert placed.status_code == 201, placed.text
    order_id = placed.json()["id"]
    assert placed.json()["status"] == "awaiting_payment"
    refused_payment = client_as(DIRECT).post(
        f"/api/v1/orders/{order_id}/payment", json={"reference": "X"}
    )
    assert refused_payment.status_code == 403

    paid = client_as(AGENT).post(f"/api/v1/orders/{order_id}/payment", json={"reference": "TRX-1"})

    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "paid"
    number = paid.json()["certificate_number"]
    assert number
    coverage = client.get("/api/v1/units/QNAP/Q-OK/coverage", params={"on": "2029-06-01"})
    assert coverage.status_code == 200, coverage.text
    answer = coverage.json()
    assert answer["covered"] is True
    assert answer["applies"]["kind"] == "extended"
    extended = [c for c in answer["coverages"] if c["kind"] == "extended"]
    assert [(c["starts_on"], c["ends_on"]) for c in extended] == [("2028-11-01", "2030-10-31")]
    assert client_as(RETAIL).get(f"/api/v1/orders/{order_id}").status_code == 404
    assert (
        client_as(DIRECT).get(f"/api/v1/orders/{order_id}").json()["certificate_number"] == number
    )


def test_an_offer_for_a_unit_the_caller_may_not_see_is_404_like_an_unknown_serial(
    world: World, client_as: Any
) -> None:
    stranger = client_as(OTHER_DIST)

    hidden = stranger.get("/api/v1/extension-offers/QNAP/Q-OK", params={"years": 1})
    unknown = stranger.get("/api/v1/extension-offers/QNAP/Q-NOBODY", params={"years": 1})

    assert hidden.status_code == 404
    assert "2026-11-01" not in hidden.text  # not the first invoice's date of another party
    assert hidden.json()["error"]["message"] == "no QNAP unit with serial Q-OK"
    assert unknown.json()["error"]["message"] == "no QNAP unit with serial Q-NOBODY"
    assert (
        client_as(RETAIL)
        .get("/api/v1/extension-offers/QNAP/Q-RETAIL", params={"years": 1})
        .status_code
        == 200
    )  # its owner may ask
    assert (
        client_as(DIST)
        .get("/api/v1/extension-offers/QNAP/Q-RETAIL", params={"years": 1})
        .status_code
        == 200
    )  # and so may the distributor it was first invoiced to


def test_the_distributor_flow_through_the_api(world: World, client_as: Any) -> None:
    dist, agent = client_as(DIST), client_as(AGENT)
    quote = dist.post(
        "/api/v1/quotes", json={"brand": "QNAP", "model": "TS-453 Pro", "quantity": 3, "years": 1}
    )
    assert quote.status_code == 201, quote.text
    quote_id = quote.json()["id"]
    assert quote.json()["total"]["text"] == "USD 237.00"
    assert client_as(OTHER_DIST).get(f"/api/v1/quotes/{quote_id}").status_code == 404

    assert dist.post(f"/api/v1/quotes/{quote_id}/accept").json()["status"] == "accepted"
    paid = agent.post(f"/api/v1/quotes/{quote_id}/payment", json={"reference": "WIRE-1"})
    assert paid.json()["status"] == "paid"

    refused = dist.post(f"/api/v1/quotes/{quote_id}/assignments", json={"serials": ["C-1"]})
    assert refused.status_code == 422
    assert "DIST-CA" not in refused.text
    assigned = dist.post(f"/api/v1/quotes/{quote_id}/assignments", json={"serials": ["D-1", "D-2"]})
    assert assigned.status_code == 200, assigned.text
    assert [g["serial"] for g in assigned.json()["granted"]] == ["D-1", "D-2"]
    again = dist.post(f"/api/v1/quotes/{quote_id}/assignments", json={"serials": ["D-1"]})
    assert again.status_code == 422
    assert "already assigned" in again.json()["error"]["message"]

    detail = dist.get(f"/api/v1/quotes/{quote_id}").json()
    assert (detail["assigned"], detail["remaining"]) == (2, 1)
    assert [r["serial"] for r in detail["refusals"]] == ["C-1", "D-1"]
    (balance,) = dist.get("/api/v1/balances").json()
    assert balance["remaining_value"]["text"] == "USD 79.00"
    assert balance["usable_until"] == "2027-01-22"
    assert client_as(OTHER_DIST).get("/api/v1/balances").json() == []
    assert len(agent.get("/api/v1/balances").json()) == 1


def test_an_order_is_cancelled_and_a_quotes_balance_settled_over_the_api(
    world: World, client_as: Any
) -> None:
    direct, dist, agent = client_as(DIRECT), client_as(DIST), client_as(AGENT)
    order = direct.post("/api/v1/orders", json={"serial": "Q-OK", "brand": "QNAP", "years": 1})
    quote = dist.post(
        "/api/v1/quotes", json={"brand": "QNAP", "model": "TS-453 Pro", "quantity": 2, "years": 1}
    ).json()
    dist.post(f"/api/v1/quotes/{quote['id']}/accept")
    agent.post(f"/api/v1/quotes/{quote['id']}/payment", json={"reference": "WIRE-2"})

    cancelled = direct.post(f"/api/v1/orders/{order.json()['id']}/cancel")
    settled = agent.post(
        f"/api/v1/quotes/{quote['id']}/settlement",
        json={"settlement": "credit_note", "reference": "CN-1"},
    )

    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert settled.status_code == 200, settled.text
    assert settled.json()["settlement"] == "credit_note"
