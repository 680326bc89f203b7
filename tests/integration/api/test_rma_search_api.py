"""``GET /api/v1/rmas/search`` (issue #23, item 2): tiers in order, staff only, the text
required. The tiers' own rules are tested in tests/integration/services/test_desk_search.py."""

from __future__ import annotations

from typing import Any

from rma_desk_support import AGENT, ANN, NOW, request, seed

from warrantor.services.rma.opening import open_rma
from warrantor.services.uow import UnitOfWorkFactory


def test_the_search_answers_tiers_in_order_for_staff_only(
    client_as: Any, uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any
) -> None:
    seed(uow_factory, add_units)
    add_units([{"brand": "QNAP", "serial": "QAPIFIND1", "model": "TS-453 Pro",
                "owner": "CUST-ANN", "country_of_purchase": "US",
                "purchased_on": "2026-02-01", "proof_of_purchase": "INV-9"}])  # fmt: skip
    asked = request("QAPIFIND1", contact_name="Ann Garcia", contact_email="garcia@example.com")
    rma = open_rma(uow_factory, policy_book, ANN, asked, NOW)
    agent = client_as(AGENT)
    by_serial = agent.get("/api/v1/rmas/search", params={"q": "QAPIFIND1"})
    assert by_serial.status_code == 200, by_serial.text
    assert [(h["tier"], h["matched"], h["rma"]["id"]) for h in by_serial.json()] == [
        ("exact", "serial", rma.id)
    ]
    by_name = agent.get("/api/v1/rmas/search", params={"q": "garc"}).json()
    assert [(h["tier"], h["rma"]["id"]) for h in by_name] == [("prefix", rma.id)]
    assert client_as(ANN).get("/api/v1/rmas/search", params={"q": "garc"}).status_code == 403
    empty = agent.get("/api/v1/rmas/search", params={"q": " "})
    assert empty.status_code == 422
    assert empty.json()["error"]["problems"][0]["field"] == "q"
