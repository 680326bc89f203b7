"""The RMA desk, from "my unit is broken" to "closed", on both engines (issue #5)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from rma_desk_support import (
    ADMIN,
    AGENT,
    ANN,
    BOB,
    DEALER,
    DISTRIBUTOR,
    NETAC_SERIAL,
    NOW,
    OTHER_DEALER,
    QNAP_SERIAL,
    QNAP_SERIAL_2,
    TECH,
    awaiting_unit,
    request,
    seed,
)

from rma_desk_steps import validate_after_first_contact
from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Refused
from warrantor.services.rma.access import visible_rma
from warrantor.services.rma.documents import validate_documents
from warrantor.services.rma.events import add_note, send_event
from warrantor.services.rma.numbers import issue_number
from warrantor.services.rma.opening import open_rma
from warrantor.services.rma.queues import RmaQuery, late_rmas, list_rmas, show_rma
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.rma.shipping import ship
from warrantor.services.rma.transitions import apply_event
from warrantor.services.uow import UnitOfWorkFactory


@pytest.fixture
def desk(uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any) -> Any:
    seed(uow_factory, add_units)
    return policy_book


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def outbox(uow_factory: UnitOfWorkFactory, number: str) -> list[str]:
    with uow_factory() as uow:
        return [m.topic for m in reversed(uow.outbox.find(reference=number))]


def workshop_repairs(uow_factory: UnitOfWorkFactory, rma_id: int, covered: bool = True) -> None:
    """The workshop's steps, through the machine (B3's services do the same)."""
    at = NOW + timedelta(days=1)
    with uow_factory() as uow:
        apply_event(uow, rma_id, "start_inspection", TECH, "inspecting", at)
        if covered:
            apply_event(uow, rma_id, "decide_covered", TECH, "covered", at)
            apply_event(uow, rma_id, "finish_repair", TECH, "fan replaced", at)
        else:
            apply_event(uow, rma_id, "decide_not_covered", TECH, "label removed", at)
            apply_event(uow, rma_id, "decline_quote", ANN, "no thanks", at)


# --- opening ------------------------------------------------------------------------------


def test_a_customer_opens_an_rma_served_by_the_centre_of_their_country(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    rma = open_rma(uow_factory, desk, ANN, request(), NOW)

    assert rma.state == "requested"
    assert rma.number is None
    assert (rma.brand, rma.serial, rma.model) == ("QNAP", QNAP_SERIAL, "TS-453 Pro")
    assert (rma.service_country, rma.service_point) == ("US", "qnap-us")
    assert rma.customer == "CUST-ANN"
    assert rma.opened_by == "CUST-ANN"
    assert rma.proof_of_purchase == "INV-ANN-1"  # from the installed base
    assert rma.backup_acknowledged_at == NOW


def test_without_the_backup_acknowledgement_the_request_is_refused_citing_the_clause(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    with pytest.raises(Refused) as refused:
        open_rma(uow_factory, desk, ANN, request(backup_acknowledged=False), NOW)

    assert "qnap.data-backup" in refused.value.clause_ids
    assert list_rmas(uow_factory, ADMIN, RmaQuery(), NOW) == []


def test_a_request_names_each_missing_field(uow_factory: UnitOfWorkFactory, desk: Any) -> None:
    with pytest.raises(InvalidInput) as invalid:
        open_rma(uow_factory, desk, ANN, request(symptom=" ", contact_email="not-an-address"), NOW)

    assert {p.field for p in invalid.value.problems} == {"symptom", "contact_email"}


def test_a_dealer_opens_for_its_customer_and_handles_it_where_no_centre_serves(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    in_china = open_rma(uow_factory, desk, DEALER, request(NETAC_SERIAL), NOW)
    send_event(uow_factory, ADMIN, in_china.id, "cancel", "customer changed their mind", NOW)
    abroad = open_rma(uow_factory, desk, DEALER, request(NETAC_SERIAL, service_country="DE"), NOW)

    assert (in_china.service_point, in_china.opened_by) == ("netac-cn", "DEALER-SZ")
    assert (abroad.service_country, abroad.service_point) == ("DE", "DEALER-SZ")


def test_a_customer_with_no_centre_in_their_country_is_told_which_exist(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    with pytest.raises(InvalidInput) as invalid:
        open_rma(uow_factory, desk, ANN, request(service_country="DE"), NOW)

    assert invalid.value.problems[0].field == "service_country"
    assert "qnap-us (US)" in invalid.value.message


def test_a_unit_has_one_open_rma_at_a_time(uow_factory: UnitOfWorkFactory, desk: Any) -> None:
    first = open_rma(uow_factory, desk, ANN, request(), NOW)

    with pytest.raises(Conflict, match=f"#{first.id}"):
        open_rma(uow_factory, desk, AGENT, request(), NOW)


def test_a_customer_cannot_open_an_rma_on_someone_elses_unit(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    with pytest.raises(NotFound):
        open_rma(uow_factory, desk, BOB, request(QNAP_SERIAL), NOW)


# --- documents, numbers, SLA --------------------------------------------------------------


def test_rma_numbers_read_brand_year_sequence_and_count_up_per_brand(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    first = awaiting_unit(uow_factory, desk)
    bob = open_rma(uow_factory, desk, BOB, request(QNAP_SERIAL_2, contact_email="b@x.org"), NOW)
    validate_after_first_contact(uow_factory, desk, AGENT, bob.id, NOW)
    second = issue_number(uow_factory, desk, AGENT, bob.id, NOW).rma.number
    netac = open_rma(uow_factory, desk, DEALER, request(NETAC_SERIAL, proof_of_purchase="R1"), NOW)
    validate_after_first_contact(uow_factory, desk, AGENT, netac.id, NOW)
    third = issue_number(uow_factory, desk, AGENT, netac.id, NOW).rma.number

    assert (first, second, third) == ("QNAP-2026-000001", "QNAP-2026-000002", "NETAC-2026-000001")


def test_issuing_a_number_tells_the_customer_where_to_ship_and_that_they_pay_that_leg(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    number = awaiting_unit(uow_factory, desk)
    details = show_rma(uow_factory, desk, ANN, number, NOW)

    assert details.rma.state == "awaiting_unit"
    instructions = details.instructions
    assert instructions is not None
    assert instructions.ship_to == "QNAP RMA, USA (US)"
    assert instructions.paid_by == "customer"
    assert "qnap.ext.delivery-cost" in instructions.paid_by_clause_ids
    assert any("qnap.rma.without-number" in line.clause_ids for line in instructions.lines)
    assert outbox(uow_factory, number) == ["rma.number_issued"]


def test_the_number_is_due_two_business_days_after_validation_skipping_thanksgiving(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    rma = open_rma(uow_factory, desk, ANN, request(), NOW)
    # Wed 25 Nov 2026, 07:00 in Los Angeles; Thu 26 is Thanksgiving: Fri 27 and Mon 30 count.
    validated = validate_after_first_contact(
        uow_factory, desk, AGENT, rma.id, utc(2026, 11, 25, 15)
    )

    due = validated.number_due
    assert due is not None
    assert due.due_on == date(2026, 11, 30)
    assert due.due_at == utc(2026, 12, 1, 8)  # midnight in Los Angeles (PST)
    assert not due.provisional
    assert due.clause_ids == ("qnap.rma.number-two-days",)


def test_the_repair_is_due_seven_working_days_after_receipt_skipping_christmas(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    number = awaiting_unit(uow_factory, desk)
    # Fri 18 Dec 2026 in Los Angeles: 21, 22, 23, 24, (25 Christmas), 28, 29, 30.
    received = receive_parcel(
        uow_factory, desk, TECH, ParcelArrival(rma_number=number), utc(2026, 12, 18, 18)
    )

    rma = received.rma
    assert rma is not None and rma.repair_due is not None
    assert rma.received_on == date(2026, 12, 18)
    assert rma.repair_due.due_on == date(2026, 12, 30)
    assert "qnap.ext.repair-7-days" in rma.repair_due.clause_ids


def test_a_netac_rma_has_no_due_dates_because_the_text_promises_none(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    rma = open_rma(uow_factory, desk, DEALER, request(NETAC_SERIAL, proof_of_purchase="R1"), NOW)
    validated = validate_after_first_contact(uow_factory, desk, AGENT, rma.id, NOW)
    number = issue_number(uow_factory, desk, AGENT, rma.id, NOW).rma.number
    received = receive_parcel(uow_factory, desk, TECH, ParcelArrival(rma_number=number), NOW)

    assert validated.number_due is None
    assert received.rma is not None and received.rma.repair_due is None
    steps = show_rma(uow_factory, desk, DEALER, rma.id, NOW).timeline
    assert "no RMA-number promise at netac-cn" in steps[1].reason
    assert "no repair-time promise at netac-cn" in steps[3].reason


def test_documents_without_a_proof_of_purchase_cannot_be_validated(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    rma = open_rma(uow_factory, desk, DEALER, request(NETAC_SERIAL), NOW)

    with pytest.raises(Refused, match=r"lacks .*: proof of purchase") as refused:
        validate_documents(uow_factory, desk, AGENT, rma.id, NOW)
    assert refused.value.clause_ids == ["netac.terms.documents"]  # the policy's claim documents
    validated = validate_after_first_contact(
        uow_factory, desk, AGENT, rma.id, NOW, proof_of_purchase="R9"
    )

    assert validated.state == "documents_validated"
    assert validated.proof_of_purchase == "R9"


# --- queues -------------------------------------------------------------------------------


def test_the_late_list_holds_numbers_past_due_at_the_clocks_now(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    late = open_rma(uow_factory, desk, ANN, request(), NOW)
    # Wed 18 Nov 2026 in Los Angeles: due Fri 20 Nov, i.e. until Sat 21 Nov 08:00 UTC.
    validate_after_first_contact(uow_factory, desk, AGENT, late.id, utc(2026, 11, 18, 17))
    fresh = open_rma(uow_factory, desk, BOB, request(QNAP_SERIAL_2), NOW)
    validate_after_first_contact(uow_factory, desk, AGENT, fresh.id, NOW)

    assert [r.id for r in late_rmas(uow_factory, AGENT, NOW)] == [late.id]
    assert late_rmas(uow_factory, AGENT, utc(2026, 11, 21, 7, 59)) == []
    assert [r.id for r in late_rmas(uow_factory, AGENT, utc(2026, 11, 21, 8))] == [late.id]
    queue = list_rmas(uow_factory, AGENT, RmaQuery(states=("documents_validated",)), NOW)
    assert [r.id for r in queue] == [late.id, fresh.id]  # due first, first


def test_a_queue_of_an_unknown_state_names_the_field(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    with pytest.raises(InvalidInput) as invalid:
        list_rmas(uow_factory, AGENT, RmaQuery(states=("lost",)), NOW)
    assert invalid.value.problems[0].field == "state"


# --- the whole path and its timeline ------------------------------------------------------


def test_the_whole_desk_path_is_stored_step_by_step_with_who_when_and_why(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    rma = open_rma(uow_factory, desk, ANN, request(), NOW)
    send_event(uow_factory, AGENT, rma.id, "start_troubleshooting", "", NOW)
    add_note(uow_factory, AGENT, rma.id, "asked for a reset; still dead", NOW)
    validate_after_first_contact(uow_factory, desk, AGENT, rma.id, NOW)
    number = issue_number(uow_factory, desk, AGENT, rma.id, NOW).rma.number
    assert number is not None
    receive_parcel(uow_factory, desk, TECH, ParcelArrival(rma_number=number, carrier="UPS"), NOW)
    workshop_repairs(uow_factory, rma.id)
    shipped = ship(uow_factory, desk, TECH, number, "UPS", "1Z999", NOW + timedelta(days=2))
    closed = send_event(uow_factory, TECH, number, "close", "delivered", NOW + timedelta(days=4))

    assert shipped.shipment.paid_by == "maker"
    assert "qnap.ext.delivery-cost" in shipped.shipment.clause_ids
    assert closed.state == "closed"
    assert closed.closed_at == NOW + timedelta(days=4)
    details = show_rma(uow_factory, desk, ANN, number, NOW)
    steps = [(t.event, t.from_state, t.to_state) for t in details.timeline]
    assert steps == [
        ("open", "", "requested"),
        ("start_troubleshooting", "requested", "troubleshooting"),
        ("validate_documents", "troubleshooting", "documents_validated"),
        ("issue_number", "documents_validated", "awaiting_unit"),
        ("receive", "awaiting_unit", "received"),
        ("start_inspection", "received", "inspecting"),
        ("decide_covered", "inspecting", "repairing"),
        ("finish_repair", "repairing", "ready_to_ship"),
        ("ship", "ready_to_ship", "shipped"),
        ("close", "shipped", "closed"),
    ]
    assert details.timeline[0].actor == "Ann (customer)"
    assert details.timeline[3].actor == "Agnes (agent)"
    assert details.timeline[3].actor_user_id == 41
    assert "1Z999" in details.timeline[8].reason
    assert details.timeline[-1].reason == "delivered"
    assert [t.at for t in details.timeline] == sorted(t.at for t in details.timeline)
    assert details.notes[0][2] == "asked for a reset; still dead"
    assert outbox(uow_factory, number) == ["rma.number_issued", "rma.received", "rma.shipped"]


def test_remote_troubleshooting_can_end_the_case_without_a_number(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    rma = open_rma(uow_factory, desk, ANN, request(), NOW)
    send_event(uow_factory, AGENT, rma.id, "start_troubleshooting", "", NOW)

    with pytest.raises(InvalidInput):
        send_event(uow_factory, AGENT, rma.id, "resolve_remotely", " ", NOW)
    done = send_event(uow_factory, AGENT, rma.id, "resolve_remotely", "firmware reflashed", NOW)

    assert (done.state, done.number) == ("resolved_remotely", None)


def test_an_illegal_event_is_a_conflict_and_changes_nothing(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    number = awaiting_unit(uow_factory, desk)
    before = show_rma(uow_factory, desk, ADMIN, number, NOW)

    for event in ["start_troubleshooting", "validate_documents", "issue_number", "ship", "close"]:
        with (
            pytest.raises(Conflict, match=f"is awaiting_unit: {event} is not possible"),
            uow_factory() as uow,
        ):
            apply_event(uow, before.rma.id, event, ADMIN, "try", NOW)
    with pytest.raises(Conflict):
        issue_number(uow_factory, desk, AGENT, number, NOW)

    after = show_rma(uow_factory, desk, ADMIN, number, NOW)
    assert after.rma == before.rma
    assert after.timeline == before.timeline
    assert outbox(uow_factory, number) == ["rma.number_issued"]


def test_a_role_that_may_not_send_an_event_is_denied_and_nothing_changes(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    rma = open_rma(uow_factory, desk, ANN, request(), NOW)

    with pytest.raises(PermissionDenied):
        validate_documents(uow_factory, desk, ANN, rma.id, NOW, proof_of_purchase="FAKE")
    with pytest.raises(PermissionDenied):
        send_event(uow_factory, TECH, rma.id, "reject", "no", NOW)

    unchanged = show_rma(uow_factory, desk, ANN, rma.id, NOW)
    assert (unchanged.rma.state, unchanged.rma.proof_of_purchase) == ("requested", "INV-ANN-1")


def test_the_customer_may_cancel_until_the_unit_is_received(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    number = awaiting_unit(uow_factory, desk)
    cancelled = send_event(uow_factory, ANN, number, "cancel", "fixed it myself", NOW)
    assert cancelled.state == "cancelled"

    bob = open_rma(uow_factory, desk, BOB, request(QNAP_SERIAL_2), NOW)
    validate_after_first_contact(uow_factory, desk, AGENT, bob.id, NOW)
    bob_number = issue_number(uow_factory, desk, AGENT, bob.id, NOW).rma.number
    receive_parcel(uow_factory, desk, TECH, ParcelArrival(rma_number=bob_number), NOW)
    with pytest.raises(Conflict, match="is received: cancel is not possible"):
        send_event(uow_factory, BOB, bob.id, "cancel", "too slow", NOW)


def test_the_desk_rejects_a_request_in_any_state_before_shipping(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    rma = open_rma(uow_factory, desk, ANN, request(), NOW)
    rejected = send_event(uow_factory, AGENT, rma.id, "reject", "not a QNAP product fault", NOW)
    assert rejected.state == "rejected"

    # issue 19: after the number too (nothing received yet, so the RMA simply ends)
    number = awaiting_unit(uow_factory, desk)
    later = send_event(uow_factory, AGENT, number, "reject", "the serial was swapped", NOW)
    assert later.state == "rejected"
    with pytest.raises(Conflict, match="reject is not possible"):
        send_event(uow_factory, AGENT, number, "reject", "again", NOW)


def test_a_unit_returned_unrepaired_ships_at_the_cost_the_technician_names(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    number = awaiting_unit(uow_factory, desk)
    rma = receive_parcel(uow_factory, desk, TECH, ParcelArrival(rma_number=number), NOW).rma
    assert rma is not None
    workshop_repairs(uow_factory, rma.id, covered=False)

    with pytest.raises(InvalidInput) as invalid:
        ship(uow_factory, desk, TECH, number, "UPS", "1Z1", NOW)
    shipped = ship(uow_factory, desk, TECH, number, "UPS", "1Z1", NOW, paid_by="customer")

    assert invalid.value.problems[0].field == "paid_by"
    assert (shipped.shipment.paid_by, shipped.shipment.clause_ids) == ("customer", ())


def test_a_parcel_with_another_serial_flags_the_rma_for_a_person(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    number = awaiting_unit(uow_factory, desk)
    received = receive_parcel(
        uow_factory, desk, TECH, ParcelArrival(rma_number=number, serial="q26other"), NOW
    )

    assert received.rma is not None and received.rma.needs_attention
    assert "Q26OTHER" in (received.rma.attention_reason or "")


# --- who sees what ------------------------------------------------------------------------


def test_each_actor_sees_only_the_rmas_that_are_theirs(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    ann = open_rma(uow_factory, desk, ANN, request(), NOW)
    bob = open_rma(uow_factory, desk, BOB, request(QNAP_SERIAL_2), NOW)
    netac = open_rma(uow_factory, desk, DEALER, request(NETAC_SERIAL), NOW)

    def seen(actor: Any) -> set[int]:
        return {r.id for r in list_rmas(uow_factory, actor, RmaQuery(), NOW)}

    assert seen(ANN) == {ann.id}
    assert seen(BOB) == {bob.id}
    assert seen(DEALER) == {netac.id}
    assert seen(OTHER_DEALER) == set()
    assert seen(DISTRIBUTOR) == {ann.id}  # Ann's unit was first invoiced to it
    assert seen(AGENT) == seen(TECH) == {ann.id, bob.id, netac.id}
    with uow_factory() as uow:
        assert visible_rma(uow, ANN, ann.id).id == ann.id
        for actor, other in [(BOB, ann.id), (OTHER_DEALER, netac.id), (ANN, netac.id)]:
            with pytest.raises(NotFound):
                visible_rma(uow, actor, other)


def test_someone_elses_rma_cannot_be_cancelled_and_is_not_found(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    number = awaiting_unit(uow_factory, desk)

    with pytest.raises(NotFound):
        send_event(uow_factory, BOB, number, "cancel", "mischief", NOW)
    assert show_rma(uow_factory, desk, ANN, number, NOW).rma.state == "awaiting_unit"


def test_a_unit_past_its_global_years_is_told_at_opening_where_it_can_be_served(
    uow_factory: UnitOfWorkFactory, desk: Any, add_units: Any
) -> None:
    # TVS-ECx80U-SAS: 5 years, the first 3 global; bought in the Netherlands 3.5 years ago.
    bought = {"brand": "QNAP", "model": "TVS-EC1580MU-SAS-RP", "purchased_on": "2023-05-22",
              "proof_of_purchase": "INV-NL-1", "country_of_purchase": "NL"}  # fmt: skip
    add_units(
        [
            bought | {"serial": "Q23GLOBAL1"},
            bought | {"serial": "Q25GLOBAL1", "purchased_on": "2025-05-22"},
        ]
    )

    with pytest.raises(Refused) as refused:
        open_rma(uow_factory, desk, AGENT, request("Q23GLOBAL1", service_country="US"), NOW)

    assert refused.value.clause_ids == ["qnap.global-footnote"]
    assert "only in the region of purchase (NL), not in US" in refused.value.message
    assert list_rmas(uow_factory, ADMIN, RmaQuery(), NOW) == []  # nothing opened
    within = open_rma(uow_factory, desk, AGENT, request("Q25GLOBAL1", service_country="US"), NOW)
    assert within.service_point == "qnap-us"  # in its global years: served anywhere
