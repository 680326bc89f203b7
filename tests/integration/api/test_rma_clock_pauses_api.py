"""The paused clock over the API (issue #23, item 5): a centre's setting (staff read it, an
admin sets it; bad values are 422 naming the field) and the desk recording that what it
waited for came; the RMA's answer says since when and why its clock is paused."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import AGENT, ANN, NOW, TECH, awaiting_unit, seed

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor
from warrantor.services.rma.documents import ask_for_documents
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel

ADMIN = Actor.operator()
SETTING = "/api/v1/service-centres/qnap/qnap-us/clock-pauses"


@pytest.fixture
def waiting(runtime: Runtime, add_units: Any) -> int:
    """Ann's RMA, received at the US centre, waiting for documents (asked at the clock's now)."""
    seed(runtime.uow_factory, add_units)
    number = awaiting_unit(runtime.uow_factory, runtime.book)
    arrival = ParcelArrival(rma_number=number)
    rma = receive_parcel(runtime.uow_factory, runtime.book, TECH, arrival, NOW).rma
    assert rma is not None
    ask_for_documents(runtime.uow_factory, AGENT, rma.id, "a photo of the label", NOW)
    return rma.id


def test_staff_read_a_centres_setting_and_an_admin_sets_it(client_as: Any) -> None:
    admin, agent = client_as(ADMIN), client_as(AGENT)

    default = agent.get(SETTING)
    changed = admin.put(SETTING, json={"clocks": {"documents": ["number", "repair"]}})
    by_agent = agent.put(SETTING, json={"clocks": {"quote": []}})

    assert default.status_code == 200, default.text
    assert default.json() == {
        "brand": "QNAP",
        "centre": "qnap-us",
        "clocks": {"quote": ["repair"], "documents": ["repair"], "certificate": ["repair"]},
    }
    assert changed.status_code == 200, changed.text
    assert changed.json()["clocks"]["documents"] == ["number", "repair"]
    assert by_agent.status_code == 403
    assert agent.get(SETTING).json()["clocks"]["quote"] == ["repair"]


def test_a_bad_setting_is_a_422_naming_the_field_and_an_unknown_centre_a_404(
    client_as: Any,
) -> None:
    admin = client_as(ADMIN)

    bad_clock = admin.put(SETTING, json={"clocks": {"quote": ["shipping"]}})
    bad_wait = admin.put(SETTING, json={"clocks": {"parcel": ["repair"]}})
    nothing = admin.put(SETTING, json={"clocks": {}})
    uk = "/api/v1/service-centres/qnap/qnap-uk/clock-pauses"
    nowhere = admin.put(uk, json={"clocks": {"quote": []}})
    unknown = admin.get(uk)
    customer = client_as(ANN).get(SETTING)

    assert bad_clock.status_code == 422
    assert [p["field"] for p in bad_clock.json()["error"]["problems"]] == ["clocks"]
    assert bad_wait.status_code == 422
    assert [p["field"] for p in bad_wait.json()["error"]["problems"]] == ["wait"]
    assert nothing.status_code == 422  # no wait named: nothing to set
    assert [p["field"] for p in nothing.json()["error"]["problems"]] == ["clocks"]
    assert nowhere.status_code == 404
    assert unknown.status_code == 404
    assert "qnap-ca" in unknown.json()["error"]["message"]
    assert customer.status_code == 403


def test_the_desk_ends_a_wait_and_the_rma_answer_shows_the_pause(
    client_as: Any, waiting: int
) -> None:
    agent = client_as(AGENT)
    paused = agent.get(f"/api/v1/rmas/{waiting}").json()

    ended = agent.post(f"/api/v1/rmas/{waiting}/waits/documents/end")
    again = agent.post(f"/api/v1/rmas/{waiting}/waits/documents/end")
    unknown_wait = agent.post(f"/api/v1/rmas/{waiting}/waits/parcel/end")
    by_customer = client_as(ANN).post(f"/api/v1/rmas/{waiting}/waits/documents/end")
    no_rma = agent.post("/api/v1/rmas/QNAP-2026-999999/waits/documents/end")
    after = agent.get(f"/api/v1/rmas/{waiting}").json()

    assert paused["rma"]["paused_for"] == "documents"
    assert paused["rma"]["paused_since"] is not None
    assert [(p["wait"], p["clock"], p["ended_at"]) for p in paused["pauses"]] == [
        ("documents", "repair", None)
    ]
    assert ended.status_code == 200, ended.text
    assert [(p["wait"], p["moved_days"]) for p in ended.json()["pauses"]] == [("documents", 0)]
    assert again.status_code == 409
    assert unknown_wait.status_code == 422
    assert [p["field"] for p in unknown_wait.json()["error"]["problems"]] == ["wait"]
    assert by_customer.status_code == 403
    assert no_rma.status_code == 404
    assert after["rma"]["paused_since"] is None
    assert after["pauses"][0]["ended_at"] is not None
