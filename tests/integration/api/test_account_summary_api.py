"""One account at a glance for staff (issue #23, item 7): who it is, its contacts, its units,
RMAs, orders and certificates, each paged by cursor; to anyone else an account is 404."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import (
    AGENT,
    ANN,
    BOB,
    DEALER,
    DISTRIBUTOR,
    NOW,
    QNAP_SERIAL,
    TECH,
    awaiting_unit,
    seed,
)

from warrantor.bootstrap import Runtime
from warrantor.services.help_requests.requests import HelpAsk, open_help_request
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.users import UserRepository

EXTRA = [f"Q26ACCT{n:03d}" for n in range(1, 4)]


@pytest.fixture
def account(
    uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any, runtime: Runtime
) -> str:
    seed(uow_factory, add_units)
    ask = HelpAsk("QNAP", "Q26ACCTHELP", "not in your records", contact_email="ann@example.com")
    open_help_request(
        uow_factory, runtime.attachments, ANN, ask, None, NOW,
        brands=policy_book.brands(), max_bytes=1000,
    )  # fmt: skip
    bought = {"purchased_on": "2026-02-01", "country_of_purchase": "US"}
    add_units(
        [{"brand": "QNAP", "serial": s, "model": "TS-453 Pro", "owner": "CUST-ANN", **bought}
         for s in EXTRA]
    )  # fmt: skip
    with uow_factory() as uow:
        account_id = uow.accounts.id_of("CUST-ANN")
        assert account_id is not None
        UserRepository(uow.connection).add(
            "ann@example.com", "Ann Smith", "customer", account_id, "x", NOW
        )
    return awaiting_unit(uow_factory, policy_book)


def test_staff_see_the_account_its_contacts_and_each_list(client_as: Any, account: str) -> None:
    for staff in (AGENT, TECH):
        answer = client_as(staff).get("/api/v1/accounts/CUST-ANN", params={"limit": 2})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert (body["account"]["code"], body["account"]["name"]) == ("CUST-ANN", "Ann Smith")
        assert [c["email"] for c in body["contacts"]] == ["ann@example.com"]
        assert len(body["units"]) == 2 and body["units_next"]
        assert [r["number"] for r in body["rmas"]] == [account]
        assert (body["rmas_total"], body["rmas_next"]) == (1, None)
        assert (body["orders"], body["certificates"]) == ([], [])
        assert [h["serial"] for h in body["help_requests"]] == ["Q26ACCTHELP"]
        assert body["help_requests_total"] == 1


def test_a_list_pages_by_cursor_to_its_end(client_as: Any, account: str) -> None:
    agent = client_as(AGENT)
    seen: list[str] = []
    url: str | None = "/api/v1/accounts/CUST-ANN/units?limit=3"
    while url:
        page = agent.get(url)
        assert page.status_code == 200, page.text
        seen += [u["serial"] for u in page.json()]
        link = page.headers.get("Link")
        url = link.split(">")[0].lstrip("<") if link else None
    assert sorted(seen) == sorted([QNAP_SERIAL, *EXTRA]) and len(seen) == len(set(seen))
    rmas = agent.get("/api/v1/accounts/CUST-ANN/rmas")
    assert rmas.headers["X-Total-Count"] == "1"
    helped = agent.get("/api/v1/accounts/CUST-ANN/help_requests")
    assert helped.headers["X-Total-Count"] == "1"
    assert [h["state"] for h in helped.json()] == ["open"]
    assert agent.get("/api/v1/accounts/CUST-BOB/help_requests").json() == []
    bad = agent.get("/api/v1/accounts/CUST-ANN/units", params={"cursor": "junk"})
    assert bad.status_code == 422
    assert agent.get("/api/v1/accounts/CUST-ANN/invoices").status_code == 422
    assert agent.get("/api/v1/accounts/NOBODY").status_code == 404


def test_customers_and_parties_get_404_even_for_their_own(client_as: Any, account: str) -> None:
    for outsider in (ANN, BOB, DEALER, DISTRIBUTOR):
        client = client_as(outsider)
        for url in ("/api/v1/accounts/CUST-ANN", "/api/v1/accounts/CUST-ANN/units"):
            answer = client.get(url)
            assert answer.status_code == 404, (outsider, url, answer.text)
            assert "Ann Smith" not in answer.text


def test_a_limit_out_of_range_is_422(client_as: Any, account: str) -> None:
    agent = client_as(AGENT)
    assert agent.get("/api/v1/accounts/CUST-ANN", params={"limit": 0}).status_code == 422
    assert agent.get("/api/v1/accounts/CUST-ANN/rmas", params={"limit": 5000}).status_code == 422
