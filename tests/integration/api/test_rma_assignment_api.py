"""Assignment over the API (issue #23, item 4): a lead assigns and reassigns, staff take
an unassigned RMA for themselves, "my queue" by due time, counts per person and per
centre, each change on the timeline and in the audit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from rma_desk_support import ANN, NOW, request, seed

from rma_desk_steps import validate_after_first_contact
from warrantor.domain.actors import Actor, Role
from warrantor.services.rma.opening import open_rma
from warrantor.services.uow import UnitOfWorkFactory


@pytest.fixture
def desk(uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any) -> dict[str, Any]:
    """Three of Ann's RMAs (the 2nd with a running clock), and the desk's people as users."""
    seed(uow_factory, add_units)
    add_units([{"brand": "QNAP", "serial": f"QASSIGN{n}", "model": "TS-453 Pro",
                "country_of_purchase": "US", "purchased_on": "2026-02-01",
                "proof_of_purchase": f"INV-A{n}", "owner": "CUST-ANN"}
               for n in range(3)])  # fmt: skip
    people: dict[str, Any] = {}
    with uow_factory() as uow:
        maker = uow.accounts.id_of("MAKER")
        assert maker is not None
        for key, role in (("lead", "admin"), ("agnes", "agent"), ("theo", "technician")):
            user_id = uow.users.add(f"{key}@maker.example", key.title(), role, maker, "x", NOW)
            people[key] = Actor(Role(role), "MAKER", user_id=user_id, name=key.title())
    rmas = []
    for n in range(3):
        rma = open_rma(
            uow_factory, policy_book, ANN, request(f"QASSIGN{n}"), NOW + timedelta(hours=n)
        )
        rmas.append(rma.id)
    validate_after_first_contact(uow_factory, policy_book, people["agnes"], rmas[1], NOW)
    return {"people": people, "rmas": rmas}


def assign(client: Any, rma_id: int, email: str | None, reason: str = "") -> Any:
    return client.post(f"/api/v1/rmas/{rma_id}/assign", json={"assignee": email, "reason": reason})


def test_a_lead_assigns_and_my_queue_lists_by_due_time(
    client_as: Any, desk: dict[str, Any]
) -> None:
    people, ids = desk["people"], desk["rmas"]
    lead, agnes = client_as(people["lead"]), client_as(people["agnes"])
    for rma_id in (ids[0], ids[1]):
        answer = assign(lead, rma_id, "agnes@maker.example", "her brand")
        assert answer.status_code == 200, answer.text
        assert answer.json()["assignee"] == "Agnes"
    mine = agnes.get("/api/v1/rmas", params={"mine": "true", "count": "exact"})
    assert [r["id"] for r in mine.json()] == [ids[1], ids[0]]  # the running clock first
    assert mine.headers["x-total-count"] == "2"
    unassigned = lead.get("/api/v1/rmas", params={"unassigned": "true"}).json()
    assert [r["id"] for r in unassigned] == [ids[2]]
    shown = lead.get(f"/api/v1/rmas/{ids[0]}").json()
    assign_line = shown["timeline"][-1]
    assert (assign_line["event"], assign_line["reason"]) == ("assign", "to Agnes: her brand")
    assert assign_line["from_state"] == assign_line["to_state"] == "requested"
    trail = lead.get("/api/v1/audit", params={"kind": "rma", "id": str(ids[0])}).json()
    rows = trail["events"]
    assert [r["action"] for r in rows] == ["rma.assigned"]
    assert rows[0]["after"] == {"assignee_user_id": people["agnes"].user_id}


def test_counts_per_person_and_per_centre_are_exact(client_as: Any, desk: dict[str, Any]) -> None:
    people, ids = desk["people"], desk["rmas"]
    lead = client_as(people["lead"])
    assign(lead, ids[0], "agnes@maker.example")
    assign(lead, ids[1], "theo@maker.example")
    loads = lead.get("/api/v1/rmas/workload").json()
    assert [(x["name"], x["service_point"], x["rmas"]) for x in loads] == [
        ("Agnes", None, 1), ("Theo", None, 1), ("unassigned", "qnap-us", 1),
    ]  # fmt: skip
    assign(lead, ids[1], "agnes@maker.example", "Theo is away")  # reassigned
    loads = lead.get("/api/v1/rmas/workload").json()
    assert [(x["name"], x["rmas"]) for x in loads] == [("Agnes", 2), ("unassigned", 1)]
    assert client_as(ANN).get("/api/v1/rmas/workload").status_code == 403


def test_staff_take_an_unassigned_rma_but_not_a_colleagues(
    client_as: Any, desk: dict[str, Any]
) -> None:
    people, ids = desk["people"], desk["rmas"]
    agnes, theo = client_as(people["agnes"]), client_as(people["theo"])
    assert assign(theo, ids[2], "theo@maker.example").json()["assignee"] == "Theo"
    taken = assign(agnes, ids[2], "agnes@maker.example")
    assert taken.status_code == 403
    assert "lead" in taken.json()["error"]["message"]
    assert assign(agnes, ids[0], "theo@maker.example").status_code == 403  # not hers to give
    back = assign(theo, ids[2], None, "not mine after all")
    assert back.status_code == 200 and back.json()["assignee"] is None
    assert back.json()["assignee_user_id"] is None


def test_bad_assignments_name_what_is_wrong(
    client_as: Any, desk: dict[str, Any], uow_factory: UnitOfWorkFactory
) -> None:
    people, ids = desk["people"], desk["rmas"]
    lead = client_as(people["lead"])
    nobody = assign(lead, ids[0], "nobody@maker.example")
    assert nobody.status_code == 422
    assert nobody.json()["error"]["problems"][0]["field"] == "assignee"
    assert assign(lead, ids[0], "lead@maker.example").status_code == 422  # a lead isn't assignable
    assert assign(lead, 99999, "agnes@maker.example").status_code == 404
    assert assign(client_as(ANN), ids[0], "agnes@maker.example").status_code == 403
    lead.post(f"/api/v1/rmas/{ids[0]}/events/cancel", json={"reason": "customer fixed it"})
    ended = assign(lead, ids[0], "agnes@maker.example")
    assert ended.status_code == 409
