"""Parcels without a valid RMA number are unauthorized returns: held, charged, returned or
disposed of as the policy allows (issue #5, item 4)."""

from __future__ import annotations

from typing import Any

import pytest
from rma_desk_support import AGENT, ANN, NOW, TECH, awaiting_unit, seed

from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Refused
from warrantor.services.rma.events import send_event
from warrantor.services.rma.queues import RmaQuery, list_rmas
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.rma.unauthorized import (
    dispose,
    page_unauthorized,
    record_cost,
    return_to_sender,
)
from warrantor.services.uow import UnitOfWorkFactory


@pytest.fixture
def desk(uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any) -> Any:
    seed(uow_factory, add_units)
    return policy_book


def arrival(**changes: Any) -> ParcelArrival:
    values: dict[str, Any] = {
        "brand": "QNAP",
        "sender_name": "Carl Unknown",
        "sender_contact": "carl@example.com",
        "carrier": "FedEx",
        "tracking": "FX123",
    }
    values.update(changes)
    return ParcelArrival(**values)


def test_a_parcel_without_an_rma_number_is_held_citing_the_clause_and_repairs_nothing(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    received = receive_parcel(uow_factory, desk, TECH, arrival(serial="Q26DESK001"), NOW)

    assert received.rma is None
    parcel = received.parcel
    assert parcel.status == "held"
    assert parcel.clause_ids == ("qnap.rma.without-number",)
    assert "no RMA number" in parcel.note
    assert list_rmas(uow_factory, AGENT, RmaQuery(), NOW) == []
    assert [p.id for p in page_unauthorized(uow_factory, TECH).items] == [parcel.id]


def test_an_unknown_or_cancelled_rma_number_is_an_unauthorized_return_too(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    unknown = receive_parcel(uow_factory, desk, TECH, arrival(rma_number="QNAP-2026-999999"), NOW)
    number = awaiting_unit(uow_factory, desk)
    send_event(uow_factory, ANN, number, "cancel", "no longer needed", NOW)
    cancelled = receive_parcel(
        uow_factory, desk, TECH, ParcelArrival(rma_number=number, sender_name="Ann"), NOW
    )

    assert "unknown RMA number QNAP-2026-999999" in unknown.parcel.note
    assert cancelled.rma is None
    assert cancelled.parcel.status == "held"
    assert f"RMA {number} is cancelled" in cancelled.parcel.note


def test_a_parcel_naming_no_known_rma_needs_the_brand(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    with pytest.raises(InvalidInput) as invalid:
        receive_parcel(uow_factory, desk, TECH, arrival(brand=None), NOW)
    assert invalid.value.problems[0].field == "brand"
    assert page_unauthorized(uow_factory, TECH).items == []


def test_costs_are_charged_to_the_sender_in_minor_units(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    parcel = receive_parcel(uow_factory, desk, TECH, arrival(), NOW).parcel
    record_cost(uow_factory, TECH, parcel.id, "handling", 2500, "usd", NOW)
    charged = record_cost(uow_factory, TECH, parcel.id, "storage, 30 days", 1250, "USD", NOW)

    assert [(c.what, c.amount_minor, c.currency) for c in charged.costs] == [
        ("handling", 2500, "USD"),
        ("storage, 30 days", 1250, "USD"),
    ]
    assert charged.costs_by_currency() == {"USD": 3750}
    with pytest.raises(InvalidInput) as invalid:
        record_cost(uow_factory, TECH, parcel.id, "", -1, "dollars", NOW)
    assert {p.field for p in invalid.value.problems} == {"what", "amount_minor", "currency"}


def test_a_held_qnap_unit_may_be_disposed_of_as_the_policy_reserves(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    parcel = receive_parcel(uow_factory, desk, TECH, arrival(), NOW).parcel
    disposed = dispose(uow_factory, desk, TECH, parcel.id, NOW, note="unclaimed for 90 days")

    assert disposed.status == "disposed"
    assert disposed.clause_ids == ("qnap.rma.without-number",)
    with pytest.raises(Conflict, match="already disposed"):
        return_to_sender(uow_factory, desk, TECH, parcel.id, "UPS", "1Z", NOW)


def test_a_held_netac_unit_can_only_be_returned_since_the_text_allows_no_disposal(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    parcel = receive_parcel(uow_factory, desk, TECH, arrival(brand="netac"), NOW).parcel
    assert (parcel.brand, parcel.clause_ids) == ("Netac", ())

    with pytest.raises(Refused, match="no right to dispose"):
        dispose(uow_factory, desk, TECH, parcel.id, NOW)
    returned = return_to_sender(uow_factory, desk, TECH, parcel.id, "SF Express", "SF1", NOW)

    assert (returned.status, returned.return_carrier, returned.return_tracking) == (
        "returned",
        "SF Express",
        "SF1",
    )
    assert "at the sender's cost" in (returned.resolution_note or "")


def test_only_staff_handle_parcels_and_a_matched_parcel_is_no_unauthorized_return(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    with pytest.raises(PermissionDenied):
        receive_parcel(uow_factory, desk, ANN, arrival(), NOW)
    with pytest.raises(PermissionDenied):
        page_unauthorized(uow_factory, ANN)
    number = awaiting_unit(uow_factory, desk)
    matched = receive_parcel(uow_factory, desk, TECH, ParcelArrival(rma_number=number), NOW)
    with pytest.raises(NotFound):
        dispose(uow_factory, desk, TECH, matched.parcel.id, NOW)
