"""The workshop's changes keep the coverage projection right, in their own transaction:
a voiding finding, a SMART reading, repair cover (finished, then fixed when shipped),
a replacement unit that takes over the extensions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from test_rma_workshop_extensions import (  # noqa: F401 (extended: a fixture)
    EXTENDED_UNIT,
    decide_now,
    extended,
    inspected,
)
from test_rma_workshop_repair import finish, qnap_bought_on, replace, smart_upload, to_repair
from workshop_support import NETAC_UNIT, QNAP_UNIT, TECHNICIAN, Workshop

from projection_support import assert_kept_right, kinds, rolled_back, stored_projection
from warrantor.policy.decision import CoverageKind, Outcome
from warrantor.policy.projection import answer_on
from warrantor.services.rma.inspection import record_findings
from warrantor.services.rma.presented_certificates import attach_certificate
from warrantor.services.rma.shipping import ship

TB = 10**12


def test_a_finding_that_voids_the_unit_voids_its_projection(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)
    book = workshop.runtime.book

    def inspect() -> None:
        record_findings(
            workshop.uow_factory, book, TECHNICIAN, rma.id, ["label_altered"], workshop.now
        )

    with rolled_back(workshop.uow_factory):
        inspect()
    assert stored_projection(workshop.uow_factory, "QNAP", QNAP_UNIT["serial"]).voided is False  # type: ignore[union-attr]

    inspect()

    stored = assert_kept_right(workshop.uow_factory, book, "QNAP", QNAP_UNIT["serial"])
    assert stored.voided is True
    assert answer_on(stored, workshop.now.date()).outcome is Outcome.NOT_COVERED


def test_a_smart_reading_is_held_by_the_projection(workshop: Workshop) -> None:
    rma = workshop.rma(NETAC_UNIT, service_country="CN")
    serial = NETAC_UNIT["serial"]

    with rolled_back(workshop.uow_factory):
        smart_upload(workshop, rma.id, serial, 700 * TB // 512_000)
    assert stored_projection(workshop.uow_factory, "Netac", serial).reading_bytes is None  # type: ignore[union-attr]

    smart_upload(workshop, rma.id, serial, 700 * TB // 512_000)

    stored = assert_kept_right(workshop.uow_factory, workshop.runtime.book, "Netac", serial)
    assert stored.reading_bytes == 700 * TB
    today = answer_on(stored, workshop.now.date())
    assert today.outcome is Outcome.NOT_COVERED  # 700 TB written: past the 600 TB limit
    assert today.usage is not None and today.usage.exhausted


def test_repair_cover_joins_the_projection_and_moves_when_the_unit_ships(
    workshop: Workshop, add_units: Any
) -> None:
    unit = qnap_bought_on(workshop, add_units, "Q23A00880", "2025-02-22")  # ends 2027-02-21
    rma_id = to_repair(workshop, unit)
    serial, book = unit["serial"], workshop.runtime.book

    with rolled_back(workshop.uow_factory):
        finish(workshop, rma_id)
    assert kinds(stored_projection(workshop.uow_factory, "QNAP", serial)) == ["standard"]

    finish(workshop, rma_id)
    finished = assert_kept_right(workshop.uow_factory, book, "QNAP", serial)
    assert kinds(finished) == ["standard", "repair"]

    shipped_at = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    ship(workshop.uow_factory, book, TECHNICIAN, rma_id, "UPS", "1Z999", shipped_at)

    shipped = assert_kept_right(workshop.uow_factory, book, "QNAP", serial)
    assert shipped.last_term is not None
    assert (shipped.last_term.kind, shipped.last_term.ends_on) == (
        CoverageKind.REPAIR,
        date(2027, 2, 28),
    )
    assert answer_on(shipped, date(2027, 2, 28)).outcome is Outcome.COVERED
    assert answer_on(shipped, date(2027, 3, 1)).outcome is Outcome.NOT_COVERED


def test_a_replacement_takes_over_the_extension_in_both_projections(
    workshop: Workshop,
    extended: str,  # noqa: F811 (the fixture imported above)
) -> None:
    original = EXTENDED_UNIT["serial"]
    book = workshop.runtime.book
    rma_id = inspected(workshop)
    attach_certificate(
        workshop.uow_factory,
        workshop.runtime.book,
        TECHNICIAN,
        rma_id,
        workshop.now,
        number=extended,
    )
    assert decide_now(workshop, rma_id).state == "repairing"

    with rolled_back(workshop.uow_factory):
        replace(workshop, rma_id, "Q24EXT9999")
    with workshop.uow_factory() as uow:
        assert uow.units.id_of("QNAP", "Q24EXT9999") is None

    replace(workshop, rma_id, "Q24EXT9999")

    before = assert_kept_right(workshop.uow_factory, book, "QNAP", original)
    after = assert_kept_right(workshop.uow_factory, book, "QNAP", "Q24EXT9999")
    assert kinds(before) == ["standard"]
    assert kinds(after) == ["standard", "extended"]
