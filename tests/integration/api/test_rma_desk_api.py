"""The RMA desk over HTTP: open, queues, show, events, receiving, shipping (issue #5)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from rma_desk_support import AGENT, ANN, BOB, DEALER, NETAC_SERIAL, NOW, QNAP_SERIAL, TECH, seed

from warrantor.services.rma.transitions import apply_event, flag_for_person
from warrantor.services.uow import UnitOfWorkFactory

OPEN = {
    "serial": QNAP_SERIAL,
    "brand": "QNAP",
    "symptom": "fan noise, then dead",
    "contact_name": "Ann Smith",
    "contact_email": "ann@example.com",
    "backup_acknowledged": True,
}


@pytest.fixture
def seeded(uow_factory: UnitOfWorkFactory, add_units: Any) -> None:
    seed(uow_factory, add_units)


def test_the_desk_path_over_the_api_from_request_to_closed(
    client_as: Any, seeded: None, uow_factory: UnitOfWorkFactory
) -> None:
    ann, agent, tech = client_as(ANN), client_as(AGENT), client_as(TECH)

    opened = ann.post("/api/v1/rmas", json=OPEN)
    assert opened.status_code == 201, opened.text
    rma_id = opened.json()["id"]
    assert opened.json()["service_point"] == "qnap-us"
    assert (
        agent.post(f"/api/v1/rmas/{rma_id}/events/start_troubleshooting", json={}).json()["state"]
        == "troubleshooting"
    )
    assert (
        agent.post(f"/api/v1/rmas/{rma_id}/notes", json={"text": "reset tried"}).status_code == 201
    )
    validated = agent.post(f"/api/v1/rmas/{rma_id}/validate-documents", json={})
    assert validated.json()["number_due"]["clause_ids"] == ["qnap.rma.number-two-days"]
    issued = agent.post(f"/api/v1/rmas/{rma_id}/issue-number", json={}).json()
    number = issued["rma"]["number"]
    assert number == "QNAP-2026-000001"
    assert issued["instructions"]["paid_by"] == "customer"
    assert "qnap.ext.delivery-cost" in issued["instructions"]["paid_by_clause_ids"]

    received = tech.post("/api/v1/parcels", json={"rma_number": number, "carrier": "UPS"})
    assert received.status_code == 201
    assert received.json()["unauthorized"] is False
    # Mon 23 Nov in Los Angeles: 24, 25, (26 Thanksgiving), 27, 30, 1 Dec, 2, 3.
    assert received.json()["rma"]["repair_due"]["due_on"] == "2026-12-03"
    with uow_factory() as uow:
        for event in ("start_inspection", "decide_covered", "finish_repair"):
            apply_event(uow, rma_id, event, TECH, "workshop (B3's steps)", NOW)
    shipped = tech.post(f"/api/v1/rmas/{number}/ship", json={"carrier": "UPS", "tracking": "1Z9"})
    assert shipped.status_code == 200, shipped.text
    assert shipped.json()["shipments"][0]["paid_by"] == "maker"
    closed = tech.post(f"/api/v1/rmas/{number}/events/close", json={"reason": "delivered"})
    assert closed.json()["state"] == "closed"

    shown = ann.get(f"/api/v1/rmas/{number}").json()
    assert [t["event"] for t in shown["timeline"]] == [
        "open",
        "start_troubleshooting",
        "validate_documents",
        "issue_number",
        "receive",
        "start_inspection",
        "decide_covered",
        "finish_repair",
        "ship",
        "close",
    ]
    assert shown["notes"][0]["text"] == "reset tried"


def test_an_illegal_event_is_409_and_changes_nothing(client_as: Any, seeded: None) -> None:
    agent = client_as(AGENT)
    rma_id = client_as(ANN).post("/api/v1/rmas", json=OPEN).json()["id"]

    response = agent.post(f"/api/v1/rmas/{rma_id}/issue-number", json={})

    assert response.status_code == 409
    assert "is requested: issue_number is not possible" in response.json()["error"]["message"]
    shown = agent.get(f"/api/v1/rmas/{rma_id}").json()
    assert shown["rma"]["state"] == "requested"
    assert len(shown["timeline"]) == 1


def test_refusing_the_backup_acknowledgement_is_422_citing_the_clause(
    client_as: Any, seeded: None
) -> None:
    response = client_as(ANN).post("/api/v1/rmas", json={**OPEN, "backup_acknowledged": False})

    assert response.status_code == 422
    assert "qnap.data-backup" in response.json()["error"]["message"]


def test_each_actor_lists_only_theirs_and_anothers_rma_is_404(client_as: Any, seeded: None) -> None:
    ann_rma = client_as(ANN).post("/api/v1/rmas", json=OPEN).json()
    dealer_rma = (
        client_as(DEALER)
        .post("/api/v1/rmas", json={**OPEN, "serial": NETAC_SERIAL, "brand": "Netac"})
        .json()
    )

    assert [r["id"] for r in client_as(ANN).get("/api/v1/rmas").json()] == [ann_rma["id"]]
    assert [r["id"] for r in client_as(DEALER).get("/api/v1/rmas").json()] == [dealer_rma["id"]]
    assert client_as(BOB).get("/api/v1/rmas").json() == []
    assert client_as(BOB).get(f"/api/v1/rmas/{ann_rma['id']}").status_code == 404
    assert client_as(DEALER).get(f"/api/v1/rmas/{ann_rma['id']}").status_code == 404
    cancel = client_as(BOB).post(
        f"/api/v1/rmas/{ann_rma['id']}/events/cancel", json={"reason": "x"}
    )
    assert cancel.status_code == 404
    assert len(client_as(AGENT).get("/api/v1/rmas?state=requested").json()) == 2


def test_the_late_queue_uses_the_clocks_now(client_as: Any, seeded: None, runtime: Any) -> None:
    agent = client_as(AGENT)
    rma_id = client_as(ANN).post("/api/v1/rmas", json=OPEN).json()["id"]
    agent.post(f"/api/v1/rmas/{rma_id}/events/start_troubleshooting", json={})
    agent.post(f"/api/v1/rmas/{rma_id}/validate-documents", json={})
    assert agent.get("/api/v1/rmas/late").json() == []

    runtime.clock.instant = datetime(2026, 11, 26, 8, tzinfo=UTC)  # Wed 25 ends in Los Angeles

    late = agent.get("/api/v1/rmas/late").json()
    assert [r["id"] for r in late] == [rma_id]
    assert agent.get("/api/v1/rmas?late=true").json()[0]["id"] == rma_id
    assert agent.get(f"/api/v1/rmas/{rma_id}").json()["late"] is True


def test_an_unauthorized_arrival_is_held_charged_and_disposed_of(
    client_as: Any, seeded: None
) -> None:
    tech = client_as(TECH)
    received = tech.post(
        "/api/v1/parcels", json={"brand": "QNAP", "sender_name": "Carl", "serial": "X1"}
    ).json()
    parcel_id = received["parcel"]["id"]
    assert received["unauthorized"] is True
    assert received["parcel"]["clause_ids"] == ["qnap.rma.without-number"]

    charged = tech.post(
        f"/api/v1/unauthorized-returns/{parcel_id}/costs",
        json={"what": "handling", "amount_minor": 1500, "currency": "USD"},
    )
    assert charged.status_code == 201
    assert charged.json()["costs_by_currency"] == {"USD": 1500}
    held = tech.get("/api/v1/unauthorized-returns").json()
    assert [p["id"] for p in held] == [parcel_id]
    disposed = tech.post(f"/api/v1/unauthorized-returns/{parcel_id}/dispose", json={})
    assert disposed.json()["status"] == "disposed"
    assert tech.get("/api/v1/unauthorized-returns").json() == []
    assert client_as(ANN).get("/api/v1/unauthorized-returns").status_code == 403


def test_a_bad_request_names_the_field(client_as: Any, seeded: None) -> None:
    response = client_as(ANN).post("/api/v1/rmas", json={**OPEN, "contact_email": "nope"})

    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["field"] == "contact_email"


def test_an_unauthorized_parcel_is_shown_and_returned_to_its_sender(
    client_as: Any, seeded: None
) -> None:
    tech = client_as(TECH)
    arrival = {"brand": "QNAP", "sender_name": "Carl", "serial": "X2"}
    parcel_id = tech.post("/api/v1/parcels", json=arrival).json()["parcel"]["id"]

    shown = tech.get(f"/api/v1/unauthorized-returns/{parcel_id}")
    returned = tech.post(
        f"/api/v1/unauthorized-returns/{parcel_id}/return",
        json={"carrier": "UPS", "tracking": "1Z999"},
    )

    assert shown.status_code == 200, shown.text
    assert shown.json()["id"] == parcel_id
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "returned"


def test_staff_clear_an_rmas_flag_over_the_api(
    client_as: Any, seeded: None, uow_factory: UnitOfWorkFactory
) -> None:
    opened = client_as(ANN).post("/api/v1/rmas", json=OPEN).json()
    with uow_factory() as uow:
        flag_for_person(uow, opened["id"], "the serial looks altered", AGENT, NOW)

    cleared = client_as(AGENT).post(
        f"/api/v1/rmas/{opened['id']}/clear-flag", json={"reason": "label checked"}
    )

    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["needs_attention"] is False
