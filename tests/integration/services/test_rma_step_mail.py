"""Mail at the desk's steps (issue #24, item 2): each written to the outbox in the step's own
transaction (a refused step writes nothing), to the RMA's contact, plain text and HTML."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from rma_desk_support import AGENT, ANN, NOW, TECH, request, seed

from warrantor.errors import InvalidInput, PermissionDenied, Refused
from warrantor.mail.outgoing import build_email
from warrantor.services.rma.documents import ask_for_documents
from warrantor.services.rma.events import send_event
from warrantor.services.rma.opening import open_rma
from warrantor.services.rma.queues import show_rma
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.outbox import OutboxMessage


@pytest.fixture
def desk(uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any) -> Any:
    seed(uow_factory, add_units)
    return policy_book


def messages(uow_factory: UnitOfWorkFactory, reference: str) -> list[OutboxMessage]:
    with uow_factory() as uow:
        return list(reversed(uow.outbox.find(reference=reference)))


def test_a_request_is_acknowledged_with_what_happens_next(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    rma = open_rma(uow_factory, desk, ANN, request(), NOW)

    [told] = messages(uow_factory, f"#{rma.id}")
    assert told.topic == "rma.requested"
    assert told.to_address == "ann@example.com"
    assert told.subject == f"QNAP RMA request #{rma.id}: we have your request"
    assert "You told us: does not power on" in told.body
    assert "When they are in order we issue an RMA number" in told.body
    assert "Do not send the unit" in told.body
    html = build_email(
        outbox_id=told.id,
        mail_from="rma@qnap.example",
        to=told.to_address,
        subject=told.subject,
        body=told.body,
        written_at=told.created_at,
        topic=told.topic,
        reference=told.reference,
    ).get_body(("html",))
    assert html is not None and "You told us: does not power on" in html.get_content()


def test_a_refused_request_writes_no_message(uow_factory: UnitOfWorkFactory, desk: Any) -> None:
    with pytest.raises(Refused):
        open_rma(uow_factory, desk, ANN, request(backup_acknowledged=False), NOW)

    with uow_factory() as uow:
        assert uow.outbox.counts()["pending"] == 0


def test_the_desk_asks_for_documents_and_the_customer_is_told_where_to_send_them(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    rma = open_rma(uow_factory, desk, ANN, request(), NOW)

    ask_for_documents(
        uow_factory,
        AGENT,
        rma.id,
        "a proof of purchase showing the date",
        NOW,
        page_for=lambda rma_id: f"http://warrantor.example/my/rmas/{rma_id}",
    )

    told = messages(uow_factory, f"#{rma.id}")[-1]
    assert told.topic == "rma.documents_requested"
    assert "  a proof of purchase showing the date" in told.body
    assert f"http://warrantor.example/my/rmas/{rma.id}" in told.body
    details = show_rma(uow_factory, desk, AGENT, rma.id, NOW)
    assert details.notes[-1][2] == "documents asked for: a proof of purchase showing the date"


def test_asking_for_nothing_or_as_a_customer_is_refused_and_tells_nobody(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    rma = open_rma(uow_factory, desk, ANN, request(), NOW)

    with pytest.raises(InvalidInput) as empty:
        ask_for_documents(uow_factory, AGENT, rma.id, "  ", NOW)
    with pytest.raises(PermissionDenied):
        ask_for_documents(uow_factory, ANN, rma.id, "a photo", NOW)

    assert empty.value.problems[0].field == "documents"
    assert [m.topic for m in messages(uow_factory, f"#{rma.id}")] == ["rma.requested"]


@pytest.mark.parametrize(
    ("event", "topic", "words"),
    [
        ("cancel", "rma.cancelled", "is cancelled"),
        ("resolve_remotely", "rma.resolved_remotely", "solved without sending the unit"),
    ],
)
def test_a_cancellation_or_a_remote_resolution_is_told_with_its_reason(
    uow_factory: UnitOfWorkFactory, desk: Any, event: str, topic: str, words: str
) -> None:
    rma = open_rma(uow_factory, desk, ANN, request(), NOW)
    if event == "resolve_remotely":
        send_event(uow_factory, AGENT, rma.id, "start_troubleshooting", "", NOW)

    send_event(uow_factory, AGENT, rma.id, event, "a firmware update fixed it", NOW)

    told = messages(uow_factory, f"#{rma.id}")[-1]
    assert told.topic == topic
    assert words in told.body
    assert "  a firmware update fixed it" in told.body


def test_a_parcel_without_an_rma_number_is_told_to_its_sender_when_known(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    arrival = ParcelArrival(
        brand="QNAP",
        serial="Q26DESK001",
        sender_name="Ann Smith",
        sender_contact="ann@example.com",
        carrier="UPS",
    )
    by_phone = ParcelArrival(brand="QNAP", sender_name="Bo", sender_contact="+1 555 0100")

    held = receive_parcel(uow_factory, desk, TECH, arrival, NOW)
    receive_parcel(uow_factory, desk, TECH, by_phone, NOW)

    [told] = messages(uow_factory, f"parcel {held.parcel.id}")
    assert told.topic == "parcel.without_rma"
    assert told.to_address == "ann@example.com"
    assert "on 2026-11-23, holding the unit with serial Q26DESK001, with no RMA" in told.body
    assert "What happens to it: it can be sent back to you at your cost" in told.body
    with uow_factory() as uow:
        assert [m.topic for m in uow.outbox.find()].count("parcel.without_rma") == 1


def test_a_parcel_mail_names_the_day_it_was_received_on_the_centres_calendar(
    uow_factory: UnitOfWorkFactory, desk: Any
) -> None:
    """03:00 UTC on the 24th is still the 23rd at QNAP's centre in Los Angeles: the mail says
    the 23rd (the centre's day), not UTC's."""
    arrival = ParcelArrival(brand="QNAP", sender_name="Ann", sender_contact="ann@example.com")
    early = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)

    held = receive_parcel(uow_factory, desk, TECH, arrival, early)

    [told] = messages(uow_factory, f"parcel {held.parcel.id}")
    assert "received a parcel from you on 2026-11-23, with no RMA number" in told.body
