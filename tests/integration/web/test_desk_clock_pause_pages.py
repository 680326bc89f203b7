"""The paused clock on the pages (issue #23, item 5): the desk's workshop queue marks an RMA
whose clock is paused waiting on the customer, and the RMA's page (desk and customer) says
since when and why, with each pause on the timeline and what it moved once it ended."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from rma_desk_support import ADMIN, AGENT, ANN, NOW, TECH, awaiting_unit, request, seed

from rma_desk_steps import validate_after_first_contact
from warrantor.bootstrap import Runtime
from warrantor.services.rma.clock_pauses import end_wait, set_pause_settings
from warrantor.services.rma.documents import ask_for_documents
from warrantor.services.rma.opening import open_rma
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel


@pytest.fixture
def waiting(runtime: Runtime, add_units: Any) -> int:
    """Ann's RMA received at the US centre, waiting for the documents the desk asked for."""
    seed(runtime.uow_factory, add_units)
    number = awaiting_unit(runtime.uow_factory, runtime.book)
    arrival = ParcelArrival(rma_number=number)
    rma = receive_parcel(runtime.uow_factory, runtime.book, TECH, arrival, NOW).rma
    assert rma is not None
    ask_for_documents(runtime.uow_factory, AGENT, rma.id, "a photo of the label", NOW)
    return rma.id


def test_the_queue_and_the_rma_pages_show_the_clock_paused_for_documents(
    client_as: Any, runtime: Runtime, waiting: int
) -> None:
    agent, ann = client_as(AGENT), client_as(ANN)

    queue = agent.get("/desk?queue=workshop").text
    desk_page = agent.get(f"/desk/rmas/{waiting}").text
    my_page = ann.get(f"/my/rmas/{waiting}").text

    # the wait by its name, not its code (issue #25, item 2)
    assert "Paused: waiting for documents asked of the customer</span>" in queue
    for page in (desk_page, my_page):
        assert "Clock paused" in page
        assert "waiting for the documents asked for" in page
        assert "still waiting" in page


def test_the_timeline_says_how_far_the_due_date_moved_once_the_wait_ended(
    client_as: Any, runtime: Runtime, waiting: int
) -> None:
    end_wait(runtime.uow_factory, runtime.book, AGENT, waiting, "documents", NOW)

    page = client_as(ANN).get(f"/my/rmas/{waiting}").text

    assert "due date moved by 0 business day(s)" in page
    assert "still waiting" not in page
    assert "Paused: waiting" not in client_as(AGENT).get("/desk?queue=workshop").text


def test_the_timeline_shows_each_pause_in_turn(
    client_as: Any, runtime: Runtime, waiting: int
) -> None:
    wednesday = NOW + timedelta(days=2)  # asked on Monday, the documents came on Wednesday
    end_wait(runtime.uow_factory, runtime.book, AGENT, waiting, "documents", wednesday)
    ask_for_documents(runtime.uow_factory, AGENT, waiting, "the invoice, legible", wednesday)

    page = client_as(AGENT).get(f"/desk/rmas/{waiting}").text
    pauses = re.findall(r'<li class="pause">(.*?)</li>', page, re.S)

    assert len(pauses) == 2
    assert all("Repair clock paused, waiting for the documents asked for" in p for p in pauses)
    assert "due date moved by 2 business day(s)" in pauses[0]  # Tuesday and Wednesday
    assert "still waiting" in pauses[1] and "moved" not in pauses[1]


def test_the_timeline_names_the_clock_a_pause_stopped_in_the_readers_language(
    client_as: Any, runtime: Runtime, add_units: Any
) -> None:
    seed(runtime.uow_factory, add_units)
    set_pause_settings(runtime.uow_factory, runtime.book, ADMIN, "QNAP", "qnap-us",
                       {"documents": ["number"]}, NOW)  # fmt: skip
    rma = open_rma(runtime.uow_factory, runtime.book, ANN, request(), NOW)
    validate_after_first_contact(runtime.uow_factory, runtime.book, AGENT, rma.id, NOW)
    ask_for_documents(runtime.uow_factory, AGENT, rma.id, "the invoice", NOW)
    ann = client_as(ANN)

    english = ann.get(f"/my/rmas/{rma.id}").text
    german = ann.get(f"/my/rmas/{rma.id}", headers={"Accept-Language": "de"}).text

    assert "RMA-number clock paused, waiting for the documents asked for" in english
    assert "Repair clock paused" not in english
    assert "RMA-Nummer-Frist angehalten, wartet auf" in german
