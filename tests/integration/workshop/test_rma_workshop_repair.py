"""Repair or replace: parts, replacement units, repair cover, TBW carried over."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from workshop_support import ADMIN, FIXTURES, NETAC_UNIT, QNAP_UNIT, TECHNICIAN, Workshop

from warrantor.errors import Conflict, InvalidInput
from warrantor.policy.decision import CoverageKind
from warrantor.services.installed_base.check import check_serial
from warrantor.services.installed_base.coverage_projection import refresh_serials
from warrantor.services.rma.decision import QuoteInput, answer_quote, decide
from warrantor.services.rma.inspection import record_findings, upload_smart
from warrantor.services.rma.repair import (
    PartInput,
    finish_repair,
    on_shipped,
    record_parts,
    replace_unit,
)
from warrantor.services.rma.shipping import ship
from warrantor.services.rma.transitions import apply_event

NVME_DATA_UNIT = 512_000
TB = 10**12


def to_repair(workshop: Workshop, unit: dict[str, str], *findings: str, **rma: Any) -> int:
    """An RMA on ``unit`` inspected and decided covered: it is repairing."""
    opened = workshop.rma(unit, **rma)
    book, keys = workshop.runtime.book, workshop.runtime.keys
    record_findings(workshop.uow_factory, book, TECHNICIAN, opened.id, findings, workshop.now)
    result = decide(workshop.uow_factory, book, keys, TECHNICIAN, opened.id, workshop.now)
    assert result.state == "repairing", result.decision.summary
    return opened.id


def smart_upload(workshop: Workshop, rma_id: int, serial: str, data_units: int) -> None:
    """A real NVMe report with its counter set to ``data_units`` (x 512,000 bytes)."""
    document = json.loads((FIXTURES / "scrutiny__smart-nvme.json").read_text())
    document["serial_number"] = serial
    document["nvme_smart_health_information_log"]["data_units_written"] = data_units
    upload_smart(
        workshop.uow_factory,
        workshop.runtime.book,
        TECHNICIAN,
        rma_id,
        "drive.json",
        json.dumps(document).encode(),
        workshop.now,
    )


def check(workshop: Workshop, serial: str, on: date | None = None) -> Any:
    return check_serial(
        workshop.uow_factory, workshop.runtime.book, serial, on or workshop.now.date()
    )


def finish(workshop: Workshop, rma_id: int, **kwargs: Any) -> Any:
    return finish_repair(
        workshop.uow_factory, workshop.runtime.book, TECHNICIAN, rma_id, workshop.now, **kwargs
    )


def replace(workshop: Workshop, rma_id: int, serial: str, **kwargs: Any) -> Any:
    return replace_unit(
        workshop.uow_factory,
        workshop.runtime.book,
        workshop.runtime.keys,
        TECHNICIAN,
        rma_id,
        serial,
        workshop.now,
        **kwargs,
    )


def qnap_bought_on(workshop: Workshop, add_units: Any, serial: str, bought: str) -> dict[str, str]:
    unit = {**QNAP_UNIT, "serial": serial, "purchased_on": bought}
    assert add_units([unit]).rejected == 0
    return unit


# --- parts --------------------------------------------------------------------------------


def test_parts_used_are_recorded_and_replaced_ones_belong_to_the_maker(workshop: Workshop) -> None:
    rma_id = to_repair(workshop, QNAP_UNIT)

    parts = record_parts(
        workshop.uow_factory,
        workshop.runtime.book,
        TECHNICIAN,
        rma_id,
        [PartInput("fan", part_number="FAN-92"), PartInput("thermal paste", replaced=False)],
        workshop.now,
    )

    assert [(p.part, p.replaced, p.removed_part_owner) for p in parts] == [
        ("fan", True, "maker"),
        ("thermal paste", False, None),
    ]


def test_a_part_with_no_name_or_quantity_is_refused_naming_the_field(workshop: Workshop) -> None:
    rma_id = to_repair(workshop, QNAP_UNIT)

    with pytest.raises(InvalidInput) as caught:
        record_parts(
            workshop.uow_factory,
            workshop.runtime.book,
            TECHNICIAN,
            rma_id,
            [PartInput(" ", quantity=0)],
            workshop.now,
        )

    assert {p.field for p in caught.value.problems} == {"parts[0].part", "parts[0].quantity"}


def test_parts_are_recorded_only_while_repairing(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)

    with pytest.raises(Conflict):
        record_parts(
            workshop.uow_factory,
            workshop.runtime.book,
            TECHNICIAN,
            rma.id,
            [PartInput("fan")],
            workshop.now,
        )


# --- repair cover: rest of the original or three months from shipping -------------------


def test_a_repaired_part_keeps_the_rest_of_a_longer_original_coverage(workshop: Workshop) -> None:
    rma_id = to_repair(workshop, QNAP_UNIT)  # covered until 2027-05-31
    record_parts(
        workshop.uow_factory,
        workshop.runtime.book,
        TECHNICIAN,
        rma_id,
        [PartInput("fan")],
        workshop.now,
    )

    state, covers = finish(workshop, rma_id)

    assert state == "ready_to_ship"
    assert [(c.kind, c.part, c.starts_on, c.ends_on, c.fixed) for c in covers] == [
        ("repaired_part", "fan", date(2026, 11, 23), date(2027, 5, 31), False)
    ]


@pytest.mark.parametrize(
    ("bought", "original_end", "cover_end"),
    [
        # 2 years from 2025-02-22 end 2027-02-21: one day short of three months from
        # shipping on 2026-11-23 (which end 2027-02-22), so the minimum wins
        ("2025-02-22", date(2027, 2, 21), date(2027, 2, 22)),
        # the same three months, against an original that ends on their last day
        ("2025-02-23", date(2027, 2, 22), date(2027, 2, 22)),
        # an original ending one day after the three months: the rest of it wins
        ("2025-02-24", date(2027, 2, 23), date(2027, 2, 23)),
    ],
    ids=["minimum-wins", "equal", "rest-wins"],
)
def test_repair_cover_is_the_longer_of_the_rest_and_three_months(
    workshop: Workshop, add_units: Any, bought: str, original_end: date, cover_end: date
) -> None:
    unit = qnap_bought_on(workshop, add_units, "Q23A00777", bought)
    rma_id = to_repair(workshop, unit)
    with workshop.uow_factory() as uow:
        assert uow.workshop.decisions(rma_id)[-1].coverage_until == original_end

    _, covers = finish(workshop, rma_id)

    assert [c.ends_on for c in covers] == [cover_end]


def test_shipping_later_moves_the_three_months_and_fixes_the_cover(
    workshop: Workshop, add_units: Any
) -> None:
    unit = qnap_bought_on(workshop, add_units, "Q23A00778", "2025-02-22")  # ends 2027-02-21
    rma_id = to_repair(workshop, unit)
    finish(workshop, rma_id)

    with workshop.uow_factory() as uow:
        rma = uow.rmas.get(rma_id)
        assert rma is not None
        covers = on_shipped(uow, rma, date(2026, 12, 1))
        # as ship() does: the fixed cover moves the unit's stored coverage
        refresh_serials(uow, workshop.runtime.book, {(c.brand, c.serial) for c in covers})

    assert [(c.starts_on, c.ends_on, c.fixed) for c in covers] == [
        (date(2026, 12, 1), date(2027, 2, 28), True)
    ]
    result = check(workshop, unit["serial"], date(2027, 2, 28))
    assert result.decision.outcome == "covered"
    assert result.decision.applies.kind is CoverageKind.REPAIR
    assert check(workshop, unit["serial"], date(2027, 3, 1)).decision.outcome == "not_covered"


def test_a_paid_repair_is_covered_three_months_after_an_expired_warranty(
    workshop: Workshop, add_units: Any
) -> None:
    unit = qnap_bought_on(workshop, add_units, "Q23A00779", "2023-01-10")  # ended 2025-01-09
    opened = workshop.rma(unit)
    book, keys = workshop.runtime.book, workshop.runtime.keys
    record_findings(workshop.uow_factory, book, TECHNICIAN, opened.id, [], workshop.now)
    decided = decide(
        workshop.uow_factory,
        book,
        keys,
        TECHNICIAN,
        opened.id,
        workshop.now,
        quote=QuoteInput(15000, "USD"),
    )
    assert decided.decision.outcome == "not_covered"
    answer_quote(workshop.uow_factory, workshop.runtime.book, ADMIN, opened.id, True, workshop.now)

    _, covers = finish(workshop, opened.id)

    assert [(c.starts_on, c.ends_on) for c in covers] == [(date(2026, 11, 23), date(2027, 2, 22))]
    assert check(workshop, unit["serial"]).decision.outcome == "covered"


def test_netac_sets_no_repair_cover_of_its_own(workshop: Workshop) -> None:
    opened = workshop.rma(NETAC_UNIT, service_country="CN")
    smart_upload(workshop, opened.id, NETAC_UNIT["serial"], 1_000_000)
    decide(
        workshop.uow_factory,
        workshop.runtime.book,
        workshop.runtime.keys,
        TECHNICIAN,
        opened.id,
        workshop.now,
    )

    state, covers = finish(workshop, opened.id)

    assert state == "ready_to_ship"
    assert covers == ()


# --- replacement --------------------------------------------------------------------------


def test_a_replacement_unit_joins_the_base_linked_to_the_original_with_its_cover(
    workshop: Workshop, add_units: Any
) -> None:
    unit = qnap_bought_on(workshop, add_units, "Q23A00780", "2025-02-22")  # ends 2027-02-21
    rma_id = to_repair(workshop, unit)

    replacement = replace(workshop, rma_id, "q23a09999", condition="reconditioned")
    finish(workshop, rma_id)

    assert (replacement.original_serial, replacement.replacement_serial) == (
        "Q23A00780",
        "Q23A09999",
    )
    assert replacement.condition == "reconditioned"
    assert replacement.original_part_owner == "maker"
    assert replacement.replacement_model == "TS-453 Pro"
    result = check(workshop, "Q23A09999")
    terms = {t.kind: t for t in result.decision.terms}
    assert terms[CoverageKind.REPAIR].ends_on == date(2027, 2, 22)
    assert terms[CoverageKind.STANDARD].ends_on == date(2027, 2, 21)  # continues the original's
    assert check(workshop, "Q23A09999", date(2027, 2, 22)).decision.outcome == "covered"
    with workshop.uow_factory() as uow:
        original_id = uow.units.id_of("QNAP", "Q23A00780")
        new_id = uow.units.id_of("QNAP", "Q23A09999")
        assert original_id is not None
        assert uow.workshop.replacement_links(original_id) == (None, new_id)


def test_a_replacement_may_be_a_named_substitute_model_of_the_same_brand(
    workshop: Workshop,
) -> None:
    rma_id = to_repair(workshop, QNAP_UNIT)
    with pytest.raises(InvalidInput) as caught:
        replace(workshop, rma_id, "Q23B00002", model="NV3000 1TB")
    assert caught.value.problems[0].field == "model"

    replacement = replace(workshop, rma_id, "Q23B00001", model="TS-653 Pro")

    assert replacement.replacement_model == "TS-653 Pro"


def test_a_replacement_is_refused_for_a_taken_serial_a_second_time_or_a_used_condition(
    workshop: Workshop,
) -> None:
    rma_id = to_repair(workshop, QNAP_UNIT)

    with pytest.raises(Conflict):
        replace(workshop, rma_id, QNAP_UNIT["serial"])
    with pytest.raises(InvalidInput) as caught:
        replace(workshop, rma_id, "Q23B00003", condition="used")
    assert caught.value.problems[0].field == "condition"
    replace(workshop, rma_id, "Q23B00003")
    with pytest.raises(Conflict):
        replace(workshop, rma_id, "Q23B00004")
    with workshop.uow_factory() as uow:
        assert uow.units.id_of("QNAP", "Q23B00004") is None


def test_a_replacement_ssd_keeps_the_tbw_left_on_the_drive_it_replaces(
    workshop: Workshop,
) -> None:
    # NV3000 1TB: 600 TB written at most (the demo catalogue). The old drive wrote 550 TB.
    used = 550 * TB
    first = workshop.rma(NETAC_UNIT, service_country="CN")
    smart_upload(workshop, first.id, NETAC_UNIT["serial"], used // NVME_DATA_UNIT)
    book, keys = workshop.runtime.book, workshop.runtime.keys
    assert decide(workshop.uow_factory, book, keys, TECHNICIAN, first.id, workshop.now).state == (
        "repairing"
    )

    replacement = replace(workshop, first.id, "NT26K00001")
    finish(workshop, first.id)

    assert replacement.carried_bytes_written == used
    usage = check(workshop, "NT26K00001").decision.usage
    assert usage is not None and usage.used_bytes == used and usage.remaining_bytes == 50 * TB

    # The replacement comes back having written 60 TB itself: 610 TB counted, past 600 TB.
    second = workshop.rma({"brand": "Netac", "serial": "NT26K00001"}, service_country="CN")
    smart_upload(workshop, second.id, "NT26K00001", 60 * TB // NVME_DATA_UNIT)
    with workshop.uow_factory() as uow:
        report = uow.workshop.smart_reports(second.id)[-1]
    assert (report.drive_bytes_written, report.carried_bytes_written) == (60 * TB, used)

    decided = decide(
        workshop.uow_factory,
        book,
        keys,
        TECHNICIAN,
        second.id,
        workshop.now,
        quote=QuoteInput(30000, "CNY"),
    )

    assert decided.decision.outcome == "not_covered"
    assert decided.decision.facts_used["bytes_written"] == str(610 * TB)
    assert "netac.tbw-table" in decided.decision.clause_ids


def test_a_bigger_substitute_ssd_keeps_the_same_tbw_left(workshop: Workshop) -> None:
    first = workshop.rma(NETAC_UNIT, service_country="CN")
    smart_upload(workshop, first.id, NETAC_UNIT["serial"], 550 * TB // NVME_DATA_UNIT)
    decide(
        workshop.uow_factory,
        workshop.runtime.book,
        workshop.runtime.keys,
        TECHNICIAN,
        first.id,
        workshop.now,
    )

    replacement = replace(workshop, first.id, "NT26K00002", model="NV3000 2TB")

    # 2TB: 1,200 TB; 50 TB were left, so it starts at 1,150 TB counted
    assert replacement.carried_bytes_written == 1150 * TB
    usage = check(workshop, "NT26K00002").decision.usage
    assert usage is not None and usage.remaining_bytes == 50 * TB


def test_an_ssd_is_not_replaced_before_its_usage_is_known(workshop: Workshop) -> None:
    opened = workshop.rma(NETAC_UNIT, service_country="CN")
    with workshop.uow_factory() as uow:  # a person decided without SMART data
        for event in ("start_inspection", "decide_covered"):
            apply_event(uow, opened.id, event, TECHNICIAN, "no SMART data", workshop.now)

    with pytest.raises(InvalidInput) as caught:
        replace(workshop, opened.id, "NT26K00003")

    assert "SMART" in caught.value.message


def test_the_ship_step_fixes_the_cover_from_the_day_the_unit_ships_and_tells_the_customer(
    workshop: Workshop, add_units: Any
) -> None:
    unit = qnap_bought_on(workshop, add_units, "Q23A00780", "2025-02-22")  # ends 2027-02-21
    rma_id = to_repair(workshop, unit)
    finish(workshop, rma_id)
    shipped_at = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # 2026-12-01 in the US centre too

    ship(
        workshop.uow_factory, workshop.runtime.book, TECHNICIAN, rma_id, "UPS", "1Z999", shipped_at
    )

    with workshop.uow_factory() as uow:
        covers = uow.workshop.repair_coverages_of_rma(rma_id)
        shipped_mail = [m for m in uow.outbox.find() if "1Z999" in m.body]
    assert [(c.starts_on, c.ends_on, c.fixed) for c in covers] == [
        (date(2026, 12, 1), date(2027, 2, 28), True)
    ]
    assert len(shipped_mail) == 1
    assert "2027-02-28" in shipped_mail[0].body
