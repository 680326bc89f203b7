"""Issue 19, item 2: a counterfeit ends the service; an RMA is rejected in any state before
shipping, with the determining clauses as its reason; the unit goes back to its sender or is
retained by the brand's setting (default: return); the customer is told why. Both engines."""

from __future__ import annotations

from typing import Any

import pytest
from test_rma_workshop_decision import decide_as_technician, inspect
from workshop_support import NETAC_UNIT, QNAP_UNIT, TECHNICIAN, Workshop

from warrantor.domain.actors import Actor, Role
from warrantor.errors import Conflict
from warrantor.services.rma.events import send_event

AGENT = Actor(Role.AGENT, "MAKER", user_id=3, name="agent")


def rejected_mail(workshop: Workshop, number: str) -> list[str]:
    with workshop.uow_factory() as uow:
        return [m.body for m in uow.outbox.find(reference=number) if m.topic == "rma.rejected"]


def reasons_on_timeline(workshop: Workshop, rma_id: int) -> list[tuple[str, str]]:
    with workshop.uow_factory() as uow:
        return [(t.event, t.reason) for t in uow.rmas.timeline(rma_id)]


def test_a_counterfeit_is_rejected_without_a_quote_and_returned_by_default(
    workshop: Workshop,
) -> None:
    rma = workshop.rma(NETAC_UNIT)
    inspect(workshop, rma.id, "counterfeit")

    result = decide_as_technician(workshop, rma.id)  # no quote asked for

    assert result.state == "ready_to_ship"  # type: ignore[attr-defined]
    assert result.quote is None  # type: ignore[attr-defined]
    with workshop.uow_factory() as uow:
        assert not uow.workshop.quotes(rma.id)
        (stored,) = uow.workshop.decisions(rma.id)
    assert set(stored.determining) == {"netac.counterfeit", "netac.counterfeit.judge"}
    event, reason = reasons_on_timeline(workshop, rma.id)[-1]
    assert event == "reject_and_return"
    assert "netac.counterfeit.judge: Netac or its authorized service stations" in reason
    assert "sent back to you unrepaired" in reason
    assert rma.number is not None
    (mail,) = rejected_mail(workshop, rma.number)
    assert "reject the service provision" in mail
    assert "sent back to you unrepaired" in mail


def test_a_brand_set_to_retain_keeps_the_counterfeit(workshop: Workshop) -> None:
    rma = workshop.rma(NETAC_UNIT)
    inspect(workshop, rma.id, "counterfeit")

    result = decide_as_technician(workshop, rma.id, rejected_units={"netac": "retain"})

    assert result.state == "rejected"  # type: ignore[attr-defined]
    assert workshop.get(rma.id).state == "rejected"
    assert rma.number is not None
    (mail,) = rejected_mail(workshop, rma.number)
    assert "retained by the service" in mail


def test_an_exclusion_that_does_not_end_the_service_still_gets_a_quote(
    workshop: Workshop,
) -> None:
    rma = workshop.rma(NETAC_UNIT)
    inspect(workshop, rma.id, "transport_damage")
    with pytest.raises(Exception, match="paid-repair quote"):
        decide_as_technician(workshop, rma.id)
    assert workshop.get(rma.id).state == "inspecting"


@pytest.mark.parametrize(
    ("state", "setting", "after"),
    [
        ("awaiting_unit", None, "rejected"),  # nothing in hand: the RMA ends
        ("received", None, "ready_to_ship"),  # in hand, default: back to the sender
        ("received", {"QNAP": "retain"}, "rejected"),
    ],
)
def test_the_desk_rejects_in_any_state_before_shipping(
    workshop: Workshop, state: str, setting: dict[str, str] | None, after: str
) -> None:
    rma = workshop.rma(QNAP_UNIT, state=state)
    why = "the serial label was swapped"
    rejected = send_event(workshop.uow_factory, AGENT, rma.id, "reject", why, workshop.now, setting)
    assert rejected.state == after
    event, reason = reasons_on_timeline(workshop, rma.id)[-1]
    assert event == ("reject_and_return" if after == "ready_to_ship" else "reject")
    assert reason.startswith(why)
    assert rma.number is None or rejected_mail(workshop, rma.number)


def test_a_shipped_rma_is_not_rejected(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)
    send_event(workshop.uow_factory, AGENT, rma.id, "reject", "returned", workshop.now)
    from warrantor.services.rma.transitions import apply_event

    with workshop.uow_factory() as uow:
        apply_event(uow, rma.id, "ship", TECHNICIAN, "shipped", workshop.now)
    with pytest.raises(Conflict, match="is shipped: reject is not possible"):
        send_event(workshop.uow_factory, AGENT, rma.id, "reject", "too late", workshop.now)


def test_the_api_rejects_a_received_rma_by_the_brand_s_setting(
    workshop: Workshop, client_as: Any
) -> None:
    rma = workshop.rma(QNAP_UNIT)
    workshop.runtime.settings.rejected_units = {"QNAP": "retain"}
    answer = client_as(AGENT).post(
        f"/api/v1/rmas/{rma.id}/events/reject", json={"reason": "the serial label was swapped"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "rejected"
