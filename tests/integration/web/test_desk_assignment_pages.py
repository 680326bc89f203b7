"""Assignment on the desk's pages (issue #23, item 4): the panel's Assign step, the
'My queue' and 'Unassigned' tabs with their exact counts, a refusal on the panel, the
workload page (each person's and each centre's open RMAs)."""

from __future__ import annotations

from typing import Any

import pytest
from portal_support import ANN, NOW, add_accounts

from warrantor.domain.actors import Actor, Role
from warrantor.services.rma.opening import RmaRequest, open_rma

SERIALS = ("QASGPAGE1", "QASGPAGE2")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def desk(uow_factory: Any, add_units: Any, policy_book: Any) -> dict[str, Any]:
    """Two of Ann's RMAs, and a lead, an agent and a technician as users."""
    add_accounts(uow_factory)
    add_units([{"brand": "QNAP", "serial": s, "model": "TS-453 Pro", "owner": "CUST-ANN",
                "purchased_on": "2026-02-01", "proof_of_purchase": "INV-1",
                "country_of_purchase": "US"} for s in SERIALS])  # fmt: skip
    people = {}
    with uow_factory() as uow:
        maker = uow.accounts.id_of("MAKER")
        assert maker is not None
        for key, role in (("lead", "admin"), ("agnes", "agent"), ("theo", "technician")):
            user_id = uow.users.add(f"{key}@maker.example", key.title(), role, maker, "x", NOW)
            people[key] = Actor(Role(role), "MAKER", user_id=user_id, name=key.title())
    ids = []
    for serial in SERIALS:
        request = RmaRequest(serial=serial, brand="QNAP", symptom="dead", contact_name="Ann",
                             contact_email="ann@example.com", backup_acknowledged=True)  # fmt: skip
        ids.append(open_rma(uow_factory, policy_book, ANN, request, NOW).id)
    return {"people": people, "rmas": ids}


def test_a_lead_assigns_on_the_panel_and_the_tabs_count_it(
    client_as: Any, desk: dict[str, Any]
) -> None:
    people, ids = desk["people"], desk["rmas"]
    lead, agnes = client_as(people["lead"]), client_as(people["agnes"])
    done = lead.post(
        f"/desk/rmas/{ids[0]}/assign",
        data={"assignee": "agnes@maker.example", "reason": "her week"},
        headers=HTMX,
    )
    assert done.status_code == 200, done.text
    assert "The RMA is assigned to Agnes." in done.text
    panel = lead.get(f"/desk/rmas/{ids[0]}").text
    assert "Assigned to: <strong>Agnes</strong>" in panel
    assert f'action="/desk/rmas/{ids[0]}/assign"' in panel
    page = agnes.get("/desk?queue=mine").text
    assert "My queue (1)" in page and "Unassigned (1)" in page
    assert f'href="/desk/rmas/{ids[0]}"' in page and f'href="/desk/rmas/{ids[1]}"' not in page
    unassigned = agnes.get("/desk?queue=unassigned").text
    assert f'href="/desk/rmas/{ids[1]}"' in unassigned
    assert f'href="/desk/rmas/{ids[0]}"' not in unassigned


def test_an_agent_taking_a_colleagues_rma_is_told_on_the_panel(
    client_as: Any, desk: dict[str, Any]
) -> None:
    people, ids = desk["people"], desk["rmas"]
    theo, agnes = client_as(people["theo"]), client_as(people["agnes"])
    taken = theo.post(
        f"/desk/rmas/{ids[1]}/assign", data={"assignee": "theo@maker.example"}, headers=HTMX
    )
    assert "The RMA is assigned to Theo." in taken.text
    refused = agnes.post(f"/desk/rmas/{ids[1]}/assign", data={"assignee": "agnes@maker.example"})
    assert refused.status_code == 422  # refused on the panel, nothing written
    assert "a lead reassigns it" in refused.text
    assert "My queue (1)" in theo.get("/desk?queue=mine").text


def test_the_workload_page_counts_each_persons_and_each_centres_open_rmas(
    client_as: Any, desk: dict[str, Any]
) -> None:
    people, ids = desk["people"], desk["rmas"]
    lead, agnes = client_as(people["lead"]), client_as(people["agnes"])
    before = agnes.get("/desk/workload").text
    assigned = lead.post(f"/desk/rmas/{ids[0]}/assign", data={"assignee": "agnes@maker.example"})
    assert assigned.status_code in (200, 303), assigned.text

    mine = agnes.get("/desk/workload").text
    theirs = client_as(people["theo"]).get("/desk/workload").text

    assert "No open RMA is assigned to anyone." in before
    agnes_id = people["agnes"].user_id
    row = mine.split(f'id="person-{agnes_id}"', 1)[1].split("</tr>", 1)[0]
    assert '<a href="/desk?queue=mine">Agnes (you)</a>' in row and ">1</td>" in row
    assert f'id="person-{agnes_id}"><td data-label="Person">Agnes</td>' in theirs
    unassigned = mine.split('id="centre-', 1)[1].split("</tr>", 1)[0]
    assert ">1</td>" in unassigned  # the other RMA, in its centre's unassigned queue
    assert 'QNAP RMA, USA <span class="hint">(qnap-us)</span></td>' in unassigned  # by name
    assert 'href="/desk/workload"' in agnes.get("/desk").text
    assert client_as(ANN).get("/desk/workload").status_code == 403
