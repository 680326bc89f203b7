"""Cursor paging over the API (issue #23, item 1): every page follows ``Link rel=next``
until it is gone, each row once, in the list's order, even with rows added meanwhile;
queues count exactly when asked (``count=exact``: ``X-Total-Count``), the installed base
says it doesn't count."""

from __future__ import annotations

from dataclasses import fields
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rma_desk_support import AGENT, ANN, NOW, request, seed

from rma_desk_steps import validate_after_first_contact
from warrantor.domain.actors import Actor, Role
from warrantor.domain.rma import Rma, RmaDue
from warrantor.services.paging import encode_cursor
from warrantor.services.rma.opening import open_rma
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.rma_rows import to_rma, to_rmas
from warrantor.store.rmas import _rma_query
from warrantor.store.tables_rma import rmas
from warrantor.views.rmas import rma_out

ADMIN = Actor(Role.ADMIN, "MAKER", user_id=1, name="admin")


def unit(serial: str, owner: str | None = None) -> dict[str, str]:
    row = {"brand": "QNAP", "serial": serial, "model": "TS-453 Pro",
           "country_of_purchase": "US", "purchased_on": "2026-02-01",
           "proof_of_purchase": f"INV-{serial}"}  # fmt: skip
    return {**row, "owner": owner} if owner else row


def every_page(client: TestClient, url: str, params: dict[str, Any]) -> list[list[Any]]:
    """Each page's rows, following ``Link: <...>; rel="next"`` from ``url``."""
    pages = []
    answer = client.get(url, params=params)
    while True:
        assert answer.status_code == 200, answer.text
        pages.append(answer.json())
        link = answer.headers.get("link")
        if link is None:
            assert "x-next-cursor" not in answer.headers
            return pages
        assert link.endswith('>; rel="next"')
        answer = client.get(link[1 : link.index(">")])


def test_units_page_by_brand_and_serial_and_say_they_are_not_counted(
    client_as: Any, add_units: Any
) -> None:
    add_units([unit(f"QPAGE{n:03d}") for n in range(1, 6)])
    admin = client_as(ADMIN)
    pages = every_page(admin, "/api/v1/units", {"brand": "QNAP", "limit": 2})
    assert [[u["serial"] for u in page] for page in pages] == [
        ["QPAGE001", "QPAGE002"], ["QPAGE003", "QPAGE004"], ["QPAGE005"],
    ]  # fmt: skip
    first = admin.get("/api/v1/units", params={"limit": 2})
    assert first.headers["x-total-count-kind"] == "none"
    assert "x-total-count" not in first.headers


def test_a_unit_added_between_pages_neither_shifts_nor_repeats_a_row(
    client_as: Any, add_units: Any
) -> None:
    add_units([unit(f"QPAGE{n:03d}") for n in (2, 4, 6, 8)])
    admin = client_as(ADMIN)
    first = admin.get("/api/v1/units", params={"limit": 2})
    assert [u["serial"] for u in first.json()] == ["QPAGE002", "QPAGE004"]
    add_units([unit("QPAGE001"), unit("QPAGE005")])  # one before the cursor, one after
    rest = admin.get(
        "/api/v1/units", params={"limit": 10, "cursor": first.headers["x-next-cursor"]}
    )
    assert [u["serial"] for u in rest.json()] == ["QPAGE005", "QPAGE006", "QPAGE008"]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        encode_cursor("rmas", [None, "2026-11-23T12:00:00+00:00", 1]),  # another list's
        encode_cursor("units", ["QNAP"]),  # cut short
        encode_cursor("units", ["QNAP", "QPAGE001"])[:-2] + "AA",  # edited
    ],
)
def test_a_cursor_this_list_did_not_hand_out_is_422_naming_cursor(
    client_as: Any, cursor: str
) -> None:
    answer = client_as(ADMIN).get("/api/v1/units", params={"cursor": cursor})
    assert answer.status_code == 422, answer.text
    assert [p["field"] for p in answer.json()["error"]["problems"]] == ["cursor"]


@pytest.fixture
def five_rmas(uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any) -> list[int]:
    """Five of Ann's RMAs opened an hour apart; the 2nd and 4th have their documents
    validated (an RMA-number clock runs), the others have no clock yet."""
    seed(uow_factory, add_units)
    add_units([unit(f"QRMAPAGE{n}", owner="CUST-ANN") for n in range(5)])
    ids = []
    for n in range(5):
        at = NOW + timedelta(hours=n)
        rma = open_rma(uow_factory, policy_book, ANN, request(f"QRMAPAGE{n}"), at)
        if n in (1, 3):
            validate_after_first_contact(uow_factory, policy_book, AGENT, rma.id, at)
        ids.append(rma.id)
    return ids


def test_a_queue_pages_by_due_time_and_counts_the_whole_tab(
    client_as: Any, five_rmas: list[int]
) -> None:
    agent = client_as(AGENT)
    whole = [r["id"] for r in agent.get("/api/v1/rmas", params={"limit": 100}).json()]
    ids = five_rmas
    assert whole == [ids[1], ids[3], ids[0], ids[2], ids[4]]  # clocks first, then by opening
    first = agent.get("/api/v1/rmas", params={"limit": 2, "count": "exact"})
    assert first.headers["x-total-count"] == "5"
    assert "count=exact" in first.headers["link"]  # the next page counts too
    pages = every_page(agent, "/api/v1/rmas", {"limit": 2})
    assert [[r["id"] for r in page] for page in pages] == [whole[:2], whole[2:4], whole[4:]]
    tab = agent.get(
        "/api/v1/rmas", params={"state": "documents_validated", "limit": 1, "count": "exact"}
    )
    assert tab.headers["x-total-count"] == "2"
    assert [r["id"] for r in tab.json()] == [ids[1]]


def test_an_rma_opened_between_pages_comes_once_at_its_place(
    client_as: Any,
    five_rmas: list[int],
    uow_factory: UnitOfWorkFactory,
    policy_book: Any,
    add_units: Any,
) -> None:
    agent = client_as(AGENT)
    first = agent.get("/api/v1/rmas", params={"limit": 3, "count": "exact"})
    add_units([unit("QRMAPAGE9", owner="CUST-ANN")])
    late = open_rma(uow_factory, policy_book, ANN, request("QRMAPAGE9"), NOW + timedelta(days=1))
    after = {"limit": 10, "cursor": first.headers["x-next-cursor"], "count": "exact"}
    rest = agent.get("/api/v1/rmas", params=after)
    seen = [r["id"] for r in first.json()] + [r["id"] for r in rest.json()]
    assert seen == [*[five_rmas[i] for i in (1, 3, 0, 2, 4)], late.id]
    assert rest.headers["x-total-count"] == "6"


def test_a_queue_counts_only_when_asked(client_as: Any, five_rmas: list[int], runtime: Any) -> None:
    agent = client_as(AGENT)
    page = agent.get("/api/v1/rmas", params={"limit": 2})
    assert page.headers["x-total-count-kind"] == "none" and "x-total-count" not in page.headers
    assert len(page.json()) == 2 and "x-next-cursor" in page.headers
    runtime.clock.instant = NOW + timedelta(days=10)
    late = agent.get("/api/v1/rmas/late", params={"count": "exact"})
    assert late.headers["x-total-count"] == "2"
    assert "x-total-count" not in agent.get("/api/v1/rmas/late").headers
    wrong = agent.get("/api/v1/rmas", params={"count": "estimated"})
    assert wrong.status_code == 422 and "count" in wrong.text


def test_the_late_list_pages_too(client_as: Any, five_rmas: list[int], runtime: Any) -> None:
    runtime.clock.instant = NOW + timedelta(days=10)
    agent = client_as(AGENT)
    pages = every_page(agent, "/api/v1/rmas/late", {"limit": 1})
    assert [[r["id"] for r in page] for page in pages] == [[five_rmas[1]], [five_rmas[3]]]


def test_a_queue_refuses_a_units_cursor(client_as: Any, five_rmas: list[int]) -> None:
    cursor = encode_cursor("units", ["QNAP", "QRMAPAGE1"])
    for url in ("/api/v1/rmas", "/api/v1/rmas/late"):
        answer = client_as(AGENT).get(url, params={"cursor": cursor})
        assert answer.status_code == 422
        assert answer.json()["error"]["problems"][0]["field"] == "cursor"


def test_a_queue_page_is_the_json_its_response_model_gives(
    client_as: Any, five_rmas: list[int], uow_factory: UnitOfWorkFactory, runtime: Any
) -> None:
    """The RMA lists dump their own rows (``views.rmas.rmas_json``, issue #23, item 8):
    the same JSON as each RMA's ``RmaOut`` by alias, the same headers."""
    runtime.clock.instant = NOW + timedelta(days=10)  # the validated two are late by then
    agent = client_as(AGENT)
    for url in ("/api/v1/rmas", "/api/v1/rmas/late"):
        answer = agent.get(url, params={"limit": 100, "count": "exact"})
        assert answer.headers["content-type"] == "application/json"
        got = answer.json()
        assert answer.headers["x-total-count"] == str(len(got))
        with uow_factory(read_only=True) as uow:
            rmas = [uow.rmas.get(row["id"]) for row in got]
        assert got == [rma_out(r).model_dump(mode="json", by_alias=True) for r in rmas if r]
        assert any(row["number_due"] and row["number_due"]["clause_ids"] for row in got)
        assert all(row["customer"] == "CUST-ANN" for row in got)


def test_an_rma_row_is_read_by_its_columns_names(
    five_rmas: list[int], uow_factory: UnitOfWorkFactory
) -> None:
    """``store.rma_rows`` reads a row's columns by position: each field of ``Rma`` is the
    column of its name (the accounts' codes and the assignee's name; a clock's four)."""
    renamed = {"customer": "customer_code", "opened_by": "opener_code", "assignee": "assignee_name"}

    def due(row: Any, clock: str) -> RmaDue | None:
        if getattr(row, f"{clock}_due_on") is None:
            return None
        return RmaDue(getattr(row, f"{clock}_due_on"), getattr(row, f"{clock}_due_at"),
                      bool(getattr(row, f"{clock}_due_provisional")),
                      tuple((getattr(row, f"{clock}_due_clauses") or "").split()))  # fmt: skip

    with uow_factory(read_only=True) as uow:
        rows = uow.connection.execute(_rma_query().where(rmas.c.id.in_(five_rmas))).all()
    assert len(rows) == 5
    for row, rma in zip(rows, to_rmas(rows), strict=True):
        for field in fields(Rma):
            if field.name.endswith("_due"):
                wanted = due(row, field.name.removesuffix("_due"))
            else:
                wanted = getattr(row, renamed.get(field.name, field.name))
            assert getattr(rma, field.name) == wanted, field.name
        assert to_rma(row) == rma
    assert sum(rma.number_due is not None for rma in to_rmas(rows)) == 2
