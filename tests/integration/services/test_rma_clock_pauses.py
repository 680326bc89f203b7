"""The clock pauses while the desk waits on the customer (issue #23, item 5), on both engines.

Ann's QNAP unit is received at the US centre on Tuesday 24 November 2026 (09:00 in Los
Angeles): the repair is due in 7 working days, Thursday 26 November (Thanksgiving) not
counted, so by Friday 4 December, ending 08:00 UTC on the 5th. A wait on the customer
pauses the repair clock (the default setting); the business days after the local day the
wait began, up to the day it ended, move the due date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from rma_desk_support import ADMIN, AGENT, ANN, TECH, awaiting_unit, request, seed

from rma_desk_steps import validate_after_first_contact
from warrantor.bootstrap import Runtime
from warrantor.domain.rma import Rma
from warrantor.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from warrantor.services.audit.trail import TrailQuery, read_trail
from warrantor.services.rma.clock_pauses import end_wait, pause_settings, set_pause_settings
from warrantor.services.rma.decision import QuoteInput, answer_quote, decide
from warrantor.services.rma.documents import ask_for_documents
from warrantor.services.rma.inspection import record_findings
from warrantor.services.rma.opening import open_rma
from warrantor.services.rma.queues import late_rmas, show_rma
from warrantor.services.rma.receiving import ParcelArrival, receive_parcel


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


RECEIVED = utc(2026, 11, 24, 17)
"""Tuesday 09:00 in Los Angeles."""
FIRST_DUE_AT = utc(2026, 12, 5, 8)
"""The end of Friday 4 December in Los Angeles: the repair's due instant, nothing paused."""


@pytest.fixture
def desk(runtime: Runtime, add_units: Any) -> Runtime:
    seed(runtime.uow_factory, add_units)
    return runtime


def received(runtime: Runtime) -> Rma:
    number = awaiting_unit(runtime.uow_factory, runtime.book)
    arrival = ParcelArrival(rma_number=number, carrier="UPS")
    rma = receive_parcel(runtime.uow_factory, runtime.book, TECH, arrival, RECEIVED).rma
    assert rma is not None and rma.repair_due is not None
    assert rma.repair_due.due_on == date(2026, 12, 4)  # Thanksgiving not counted
    assert rma.repair_due.due_at == FIRST_DUE_AT
    return rma


def current(runtime: Runtime, rma: Rma, now: datetime) -> Rma:
    return show_rma(runtime.uow_factory, runtime.book, ADMIN, rma.id, now).rma


def late_ids(runtime: Runtime, now: datetime) -> list[int]:
    return [r.id for r in late_rmas(runtime.uow_factory, AGENT, now)]


def test_a_quote_waiting_over_a_weekend_moves_the_repair_due_date_by_two_business_days(
    desk: Runtime,
) -> None:
    rma = received(desk)
    friday = utc(2026, 11, 27, 18)  # 10:00 in Los Angeles
    record_findings(desk.uow_factory, desk.book, TECH, rma.id, ("mishandled",), friday)
    quoted = decide(desk.uow_factory, desk.book, desk.keys, TECH, rma.id, friday,
                    quote=QuoteInput(9900, "USD"))  # fmt: skip
    assert quoted.state == "quote_pending"
    waiting = current(desk, rma, friday)
    assert (waiting.paused_since, waiting.paused_for) == (friday, "quote")

    tuesday = utc(2026, 12, 1, 18)
    answer_quote(desk.uow_factory, desk.book, ANN, rma.id, True, tuesday)

    details = show_rma(desk.uow_factory, desk.book, ADMIN, rma.id, tuesday)
    assert details.rma.paused_since is None
    assert details.rma.repair_due is not None
    # paused: Saturday, Sunday, Monday 30 and Tuesday 1 December: two business days
    assert details.rma.repair_due.due_on == date(2026, 12, 8)
    assert details.rma.repair_due.due_at == utc(2026, 12, 9, 8)
    [pause] = details.pauses
    assert (pause.wait, pause.clock, pause.started_at, pause.ended_at, pause.moved_days) == (
        "quote", "repair", friday, tuesday, 2
    )  # fmt: skip
    assert "moved by 2 business days" in pause.describe()


def test_a_paused_rma_leaves_the_late_list_and_comes_back_once_its_moved_due_date_passes(
    desk: Runtime,
) -> None:
    rma = received(desk)
    wednesday = utc(2026, 11, 25, 18)
    ask_for_documents(desk.uow_factory, AGENT, rma.id, "a photo of the label", wednesday)
    past_first_due = utc(2026, 12, 5, 9)

    assert late_ids(desk, past_first_due) == []  # paused: not late though its due passed
    assert not show_rma(desk.uow_factory, desk.book, ADMIN, rma.id, past_first_due).late

    monday = utc(2026, 12, 7, 18)
    [pause] = end_wait(desk.uow_factory, desk.book, AGENT, rma.id, "documents", monday)

    # paused from Thursday 26 November (Thanksgiving) to Monday 7 December: 7 business days
    assert pause.moved_days == 7
    moved = current(desk, rma, monday).repair_due
    assert moved is not None and moved.due_on == date(2026, 12, 15)
    assert late_ids(desk, past_first_due) == []
    assert late_ids(desk, utc(2026, 12, 16, 7, 59)) == []
    assert late_ids(desk, utc(2026, 12, 16, 8)) == [rma.id]


def test_a_centre_that_turns_the_documents_wait_off_keeps_the_clock_running(
    desk: Runtime,
) -> None:
    set_pause_settings(desk.uow_factory, desk.book, ADMIN, "QNAP", "qnap-us", {"documents": []},
                       RECEIVED)  # fmt: skip
    rma = received(desk)
    ask_for_documents(desk.uow_factory, AGENT, rma.id, "a photo of the label", RECEIVED)

    assert current(desk, rma, RECEIVED).paused_since is None
    assert late_ids(desk, utc(2026, 12, 5, 9)) == [rma.id]
    with pytest.raises(Conflict, match="not waiting for documents"):
        end_wait(desk.uow_factory, desk.book, AGENT, rma.id, "documents", utc(2026, 12, 7))
    found = pause_settings(desk.uow_factory, desk.book, AGENT, "QNAP", "qnap-us")
    assert dict(found.clocks) == {"quote": ("repair",), "documents": (), "certificate": ("repair",)}


def test_a_centre_may_pause_the_rma_number_clock_for_documents(desk: Runtime) -> None:
    set_pause_settings(desk.uow_factory, desk.book, ADMIN, "QNAP", "qnap-us",
                       {"documents": ["number"]}, RECEIVED)  # fmt: skip
    opened = open_rma(desk.uow_factory, desk.book, ANN, request(), utc(2026, 11, 23, 12))
    validate_after_first_contact(desk.uow_factory, desk.book, AGENT, opened.id,
                                 utc(2026, 11, 23, 18))  # fmt: skip
    rma = current(desk, opened, utc(2026, 11, 23, 18))
    assert rma.number_due is not None and rma.number_due.due_on == date(2026, 11, 25)
    ask_for_documents(desk.uow_factory, AGENT, rma.id, "the invoice", utc(2026, 11, 23, 19))
    assert late_ids(desk, utc(2026, 11, 27, 9)) == []

    end_wait(desk.uow_factory, desk.book, AGENT, rma.id, "documents", utc(2026, 11, 27, 18))

    # paused Tuesday 24, Wednesday 25 and Friday 27 (Thursday is Thanksgiving): 3 days
    moved = current(desk, rma, utc(2026, 11, 27, 18)).number_due
    assert moved is not None and moved.due_on == date(2026, 12, 1)
    assert late_ids(desk, utc(2026, 12, 2, 8)) == [rma.id]


def test_a_bad_setting_names_its_field_and_changes_nothing(desk: Runtime) -> None:
    with pytest.raises(InvalidInput) as wait:
        set_pause_settings(desk.uow_factory, desk.book, ADMIN, "QNAP", "qnap-us", {"parcel": []},
                           RECEIVED)  # fmt: skip
    with pytest.raises(InvalidInput) as clock:
        set_pause_settings(desk.uow_factory, desk.book, ADMIN, "QNAP", "qnap-us",
                           {"quote": ["repair", "shipping"]}, RECEIVED)  # fmt: skip
    with pytest.raises(NotFound, match="qnap-ca"):
        set_pause_settings(desk.uow_factory, desk.book, ADMIN, "QNAP", "qnap-uk", {"quote": []},
                           RECEIVED)  # fmt: skip
    with pytest.raises(PermissionDenied):
        set_pause_settings(desk.uow_factory, desk.book, AGENT, "QNAP", "qnap-us", {"quote": []},
                           RECEIVED)  # fmt: skip

    assert [p.field for p in wait.value.problems] == ["wait"]
    assert [p.field for p in clock.value.problems] == ["clocks"]
    found = pause_settings(desk.uow_factory, desk.book, AGENT, "QNAP", "qnap-us")
    assert set(found.clocks.values()) == {("repair",)}


def test_each_change_of_a_centres_setting_is_on_the_audit_trail_with_before_and_after(
    desk: Runtime,
) -> None:
    set_pause_settings(desk.uow_factory, desk.book, ADMIN, "qnap", "qnap-us",
                       {"documents": ["number", "repair"], "quote": ["repair"]},
                       RECEIVED)  # fmt: skip
    set_pause_settings(desk.uow_factory, desk.book, ADMIN, "QNAP", "qnap-us",
                       {"documents": ["repair"]}, RECEIVED)  # fmt: skip  # as it was set
    set_pause_settings(desk.uow_factory, desk.book, ADMIN, "QNAP", "qnap-us",
                       {"certificate": [], "documents": ["repair"]}, RECEIVED)  # fmt: skip

    trail = read_trail(
        desk.uow_factory, ADMIN, TrailQuery(kind="service_centre", object_id="QNAP/qnap-us")
    ).items
    # newest first; the quote's unchanged setting and the repeated one record nothing
    assert [(r.action, r.before, r.after, r.actor_label) for r in trail] == [
        ("service_centre.clock_pauses_set", {"certificate": ["repair"]}, {"certificate": []},
         ADMIN.label),
        ("service_centre.clock_pauses_set", {"documents": ["number", "repair"]},
         {"documents": ["repair"]}, ADMIN.label),
        ("service_centre.clock_pauses_set", {"documents": ["repair"]},
         {"documents": ["number", "repair"]}, ADMIN.label),
    ]  # fmt: skip


def test_an_rma_already_late_when_the_wait_began_is_late_again_the_moment_it_ends(
    desk: Runtime,
) -> None:
    rma = received(desk)
    monday = utc(2026, 12, 7, 18)  # past the due Friday: late
    assert late_ids(desk, monday) == [rma.id]
    ask_for_documents(desk.uow_factory, AGENT, rma.id, "a photo of the label", monday)
    assert late_ids(desk, utc(2026, 12, 8, 18)) == []  # waiting on the customer

    wednesday = utc(2026, 12, 9, 18)
    [pause] = end_wait(desk.uow_factory, desk.book, AGENT, rma.id, "documents", wednesday)

    assert pause.moved_days == 0  # paused after the due day: a late RMA stays late
    moved = current(desk, rma, wednesday).repair_due
    assert moved is not None and moved.due_at == FIRST_DUE_AT
    assert late_ids(desk, wednesday) == [rma.id]


def test_a_wait_in_the_workshop_pauses_no_rma_number_clock_once_the_number_is_issued(
    desk: Runtime,
) -> None:
    set_pause_settings(desk.uow_factory, desk.book, ADMIN, "QNAP", "qnap-us",
                       {"documents": ["number", "repair"]}, RECEIVED)  # fmt: skip
    rma = received(desk)  # its number was issued before it came
    wednesday = utc(2026, 11, 25, 18)

    ask_for_documents(desk.uow_factory, AGENT, rma.id, "a photo of the label", wednesday)

    pauses = show_rma(desk.uow_factory, desk.book, ADMIN, rma.id, wednesday).pauses
    assert [(p.wait, p.clock) for p in pauses] == [("documents", "repair")]
