"""Mail at the workshop's steps (issue #24, item 2): the decision in the determining clauses'
own words, and a unit repaired or replaced; each written in the step's transaction."""

from __future__ import annotations

import pytest
from workshop_support import QNAP_UNIT, TECHNICIAN, Workshop

from warrantor.errors import Conflict
from warrantor.policy.text import is_table_row
from warrantor.services.rma.decision import decide
from warrantor.services.rma.inspection import record_findings
from warrantor.services.rma.repair import finish_repair, replace_unit
from warrantor.store.outbox import OutboxMessage


def mail(workshop: Workshop, number: str, topic: str) -> list[OutboxMessage]:
    with workshop.uow_factory() as uow:
        return [m for m in uow.outbox.find(reference=number) if m.topic == topic]


def repairing(workshop: Workshop) -> tuple[int, str]:
    rma = workshop.rma(QNAP_UNIT)
    book, keys = workshop.runtime.book, workshop.runtime.keys
    record_findings(workshop.uow_factory, book, TECHNICIAN, rma.id, ["human_error"], workshop.now)
    decided = decide(workshop.uow_factory, book, keys, TECHNICIAN, rma.id, workshop.now)
    assert decided.state == "repairing"
    assert rma.number is not None
    return rma.id, rma.number


def test_the_decision_mail_gives_the_determining_clauses_in_their_words(
    workshop: Workshop,
) -> None:
    rma_id, number = repairing(workshop)

    [told] = mail(workshop, number, "rma.decided")
    with workshop.uow_factory() as uow:
        [decision] = uow.workshop.decisions(rma_id)
    determining = [r.text for r in decision.reasons if r.clause_id in decision.determining]
    supporting = [r.clause_id for r in decision.reasons if r.clause_id in decision.supporting]
    assert determining and supporting
    for text in determining:
        if is_table_row(text):  # a warranty table's row is named, not quoted (issue #25)
            assert text not in told.body
            assert "- The published warranty table's row for TS-x53 NAS Series\n" in told.body
        else:
            assert f"- {text}" in told.body
    assert any(is_table_row(text) for text in determining)  # TS-453 Pro: the 2-year row
    for clause_id in supporting:
        assert clause_id not in told.body


def test_a_finished_repair_is_told(workshop: Workshop) -> None:
    rma_id, number = repairing(workshop)

    finish_repair(workshop.uow_factory, workshop.runtime.book, TECHNICIAN, rma_id, workshop.now)

    [told] = mail(workshop, number, "rma.repaired")
    assert told.to_address == "ann@example.com"
    assert told.subject == f"QNAP RMA {number}: your unit is repaired"
    assert "we ship it back to you and send you the tracking number" in told.body
    assert mail(workshop, number, "rma.replaced") == []


def test_a_replacement_is_told_with_the_new_serial(workshop: Workshop) -> None:
    rma_id, number = repairing(workshop)
    book = workshop.runtime.book

    replace_unit(
        workshop.uow_factory,
        book,
        workshop.runtime.keys,
        TECHNICIAN,
        rma_id,
        "Q23A09998",
        workshop.now,
    )
    finish_repair(workshop.uow_factory, book, TECHNICIAN, rma_id, workshop.now)

    [told] = mail(workshop, number, "rma.replaced")
    assert "    Q23A09998" in told.body
    assert "serial Q23A00001" in told.body
    assert mail(workshop, number, "rma.repaired") == []


def test_a_refused_finish_tells_nothing(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)  # received, not yet repairing
    assert rma.number is not None

    with pytest.raises(Conflict):
        finish_repair(workshop.uow_factory, workshop.runtime.book, TECHNICIAN, rma.id, workshop.now)

    assert mail(workshop, rma.number, "rma.repaired") == []
