"""The workshop's changes to the installed base are in the audit trail (issue #17).

A voiding finding recorded on the unit, a replacement unit added to the base,
and a model a technician names for it placed in a product line: each is
stored with its audit row, in the same transaction, on both engines.
"""

from __future__ import annotations

from typing import Any

from workshop_support import QNAP_UNIT, TECHNICIAN, Workshop

from warrantor.services.rma.decision import decide
from warrantor.services.rma.inspection import record_findings
from warrantor.services.rma.repair import replace_unit
from warrantor.store.audit import AuditRecord, TrailFilter


def trail(workshop: Workshop, **wanted: Any) -> list[AuditRecord]:
    with workshop.uow_factory() as uow:
        return uow.audit.page(TrailFilter(**wanted))


def test_a_voiding_finding_is_recorded_on_the_unit_with_its_audit_row(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)

    record_findings(
        workshop.uow_factory,
        workshop.runtime.book,
        TECHNICIAN,
        rma.id,
        ["label_altered"],
        workshop.now,
        note="sticker peeled off",
    )

    (row,) = trail(workshop, subject_kind="unit", action="unit.voided")
    assert row.subject_id == f"QNAP/{QNAP_UNIT['serial']}"
    assert row.before == {"voiding_findings": []}
    assert row.after["voiding_findings"] == ["label_altered"]
    assert row.after["rma"] == workshop.get(rma.id).number
    assert row.why == "sticker peeled off"
    assert (row.actor_user_id, row.actor_label) == (TECHNICIAN.user_id, "user 7 (technician)")


def test_a_finding_that_does_not_void_the_unit_writes_no_audit_row(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)

    record_findings(
        workshop.uow_factory, workshop.runtime.book, TECHNICIAN, rma.id, [], workshop.now
    )

    assert trail(workshop, action="unit.voided") == []


def test_a_replacement_unit_and_its_hand_named_model_are_recorded(workshop: Workshop) -> None:
    opened = workshop.rma(QNAP_UNIT)
    book, keys = workshop.runtime.book, workshop.runtime.keys
    record_findings(workshop.uow_factory, book, TECHNICIAN, opened.id, [], workshop.now)
    decide(workshop.uow_factory, book, keys, TECHNICIAN, opened.id, workshop.now)

    replace_unit(
        workshop.uow_factory,
        book,
        keys,
        TECHNICIAN,
        opened.id,
        "Q23B00001",
        workshop.now,
        model="TS-653 Pro",
    )

    (added,) = trail(workshop, subject_kind="unit", subject_id="QNAP/Q23B00001")
    assert (added.action, added.before) == ("unit.added", None)
    assert added.after["model"] == "TS-653 Pro"
    assert added.why == f"replaces {QNAP_UNIT['serial']} (RMA {workshop.get(opened.id).number})"
    (placed,) = trail(workshop, subject_kind="model", subject_id="QNAP/TS-653 Pro")
    assert (placed.action, placed.before) == ("model.placed", None)
    assert placed.after == {"product_line": book.product_line_of("QNAP", "TS-653 Pro")}
