"""The RMA machine: every event from every state, guards, and who may send what."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rma_records import an_rma as rma
from warrantor.domain.actors import Actor, Role
from warrantor.domain.lifecycle import Step
from warrantor.domain.rma import (
    EVENTS,
    FINAL_STATES,
    STATES,
    RmaDue,
    may_send,
    next_state,
    opening_step,
)
from warrantor.errors import Conflict
from warrantor.store.tables_rma import RMA_STATES

CONTRACT = {
    "open": {},  # from the unstored state of an RMA being opened only (opening_step)
    "start_troubleshooting": {"requested": "troubleshooting"},
    "skip_troubleshooting": {"requested": "requested"},  # an agent's, with a reason (issue 19)
    "resolve_remotely": {"troubleshooting": "resolved_remotely"},
    "validate_documents": {
        "requested": "documents_validated",
        "troubleshooting": "documents_validated",
    },
    "issue_number": {"documents_validated": "awaiting_unit"},
    "receive": {"awaiting_unit": "received"},
    "start_inspection": {"received": "inspecting"},
    "decide_covered": {"inspecting": "repairing"},
    "decide_not_covered": {"inspecting": "quote_pending"},
    "decide_covered_charged": {"inspecting": "quote_pending"},  # parts or labour charged
    "accept_quote": {"quote_pending": "repairing"},
    "decline_quote": {"quote_pending": "ready_to_ship"},
    "finish_repair": {"repairing": "ready_to_ship"},
    "ship": {"ready_to_ship": "shipped"},
    "close": {"shipped": "closed"},
    "cancel": {
        "requested": "cancelled",
        "troubleshooting": "cancelled",
        "documents_validated": "cancelled",
        "awaiting_unit": "cancelled",
    },
    "reject": {  # any state before shipping (issue 19)
        "requested": "rejected",
        "troubleshooting": "rejected",
        "documents_validated": "rejected",
        "awaiting_unit": "rejected",
        "received": "rejected",
        "inspecting": "rejected",
        "repairing": "rejected",
        "quote_pending": "rejected",
        "ready_to_ship": "rejected",
    },
    "reject_and_return": {  # a unit in hand goes back to its sender unrepaired
        "received": "ready_to_ship",
        "inspecting": "ready_to_ship",
        "repairing": "ready_to_ship",
        "quote_pending": "ready_to_ship",
        "ready_to_ship": "ready_to_ship",
    },
}
"""The transitions of notes/rma_contract.md, written out by hand."""


def test_the_machine_declares_exactly_the_contracts_states_and_events() -> None:
    assert set(STATES) == set(RMA_STATES)
    assert set(EVENTS) == set(CONTRACT)
    assert {"resolved_remotely", "closed", "cancelled", "rejected"} == FINAL_STATES


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("event", sorted(CONTRACT))
def test_every_event_from_every_state_goes_where_the_contract_says_or_conflicts(
    state: str, event: str
) -> None:
    expected = CONTRACT[event].get(state)
    if expected is None:
        with pytest.raises(Conflict, match=f"is {state}: {event} is not possible"):
            next_state(rma(state), event)
    else:
        assert next_state(rma(state), event) == expected


def test_opening_is_the_machines_creation_event_into_requested() -> None:
    assert opening_step() == Step("open", "", "requested")
    assert "opening" not in STATES


def test_an_unknown_event_is_a_conflict_naming_the_events() -> None:
    with pytest.raises(Conflict, match=r"unknown RMA event 'explode'.*issue_number"):
        next_state(rma(), "explode")


def test_documents_need_the_backup_acknowledgement_and_a_proof_of_purchase() -> None:
    with pytest.raises(Conflict, match="no proof of purchase is on file"):
        next_state(rma(proof_of_purchase=" "), "validate_documents")
    with pytest.raises(Conflict, match="has not acknowledged"):
        next_state(rma(backup_acknowledged_at=None), "validate_documents")


def test_a_unit_is_received_only_against_an_issued_number() -> None:
    with pytest.raises(Conflict, match="no RMA number has been issued"):
        next_state(rma("awaiting_unit", number=None), "receive")


def test_agents_run_the_desk_and_technicians_the_workshop() -> None:
    agent = Actor(Role.AGENT, "MAKER", 1)
    technician = Actor(Role.TECHNICIAN, "MAKER", 2)
    assert may_send(agent, rma(), "issue_number")
    assert not may_send(agent, rma(), "receive")
    assert may_send(technician, rma(), "receive")
    assert not may_send(technician, rma(), "issue_number")
    assert all(may_send(Actor.operator(), rma(), event) for event in EVENTS)


def test_the_customer_or_the_opening_dealer_may_cancel_before_receipt_and_answer_a_quote() -> None:
    customer = Actor(Role.CUSTOMER, "CUST-ANN", 3)
    dealer = Actor(Role.DEALER, "DEALER-1", 4)
    stranger = Actor(Role.CUSTOMER, "CUST-BOB", 5)
    assert may_send(customer, rma("awaiting_unit"), "cancel")
    assert may_send(dealer, rma("requested"), "cancel")
    assert not may_send(customer, rma("received"), "cancel")
    assert may_send(customer, rma("quote_pending"), "accept_quote")
    assert not may_send(stranger, rma("quote_pending"), "decline_quote")
    assert not may_send(customer, rma(), "issue_number")


def test_the_current_step_is_late_once_its_due_day_has_ended() -> None:
    due = RmaDue(
        due_on=datetime(2026, 11, 30).date(),
        due_at=datetime(2026, 12, 1, 8, tzinfo=UTC),
        provisional=False,
    )
    waiting = rma("documents_validated", number_due=due)
    assert not waiting.is_late(datetime(2026, 12, 1, 7, 59, 59, tzinfo=UTC))
    assert waiting.is_late(datetime(2026, 12, 1, 8, tzinfo=UTC))
    assert not rma("awaiting_unit", number_due=due).is_late(datetime(2027, 1, 1, tzinfo=UTC))
    assert rma("repairing", repair_due=due).is_late(datetime(2027, 1, 1, tzinfo=UTC))
    # a quote waiting on the customer pauses the repair clock where the centre says so
    paused = datetime(2026, 11, 25, tzinfo=UTC)
    waiting_on_quote = rma("quote_pending", repair_due=due, paused_since=paused, paused_for="quote")
    assert not waiting_on_quote.is_late(datetime(2027, 1, 1, tzinfo=UTC))
    assert rma("quote_pending", repair_due=due).is_late(datetime(2027, 1, 1, tzinfo=UTC))
