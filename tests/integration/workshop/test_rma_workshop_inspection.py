"""Inspection: findings from the policy's vocabulary, and SMART reports read into usage."""

from __future__ import annotations

import json

import pytest
from workshop_support import FIXTURES, NETAC_UNIT, QNAP_UNIT, TECHNICIAN, Workshop, customer

from warrantor.errors import InvalidInput, NotFound, PermissionDenied
from warrantor.services.installed_base.check import check_serial
from warrantor.services.rma.inspection import record_findings, upload_smart


def expected_readings() -> list[tuple[str, int, int]]:
    """(fixture, bytes written, power-on hours) from the table in EXPECTED.md."""
    rows = []
    for line in (FIXTURES / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("`") and cells[0].endswith(".json`"):
            figures = [int(c.replace(",", "")) for c in (cells[3], cells[5])]
            rows.append((cells[0].strip("`"), figures[0], figures[1]))
    return rows


EXPECTED = expected_readings()


def report_for(fixture: str, serial: str | None) -> bytes:
    """The fixture's bytes, with its drive serial set to ``serial`` (None: as it is)."""
    raw = (FIXTURES / fixture).read_bytes()
    if serial is None:
        return raw
    document = json.loads(raw)
    document["serial_number"] = serial
    return json.dumps(document).encode()


def test_expected_md_lists_all_twelve_fixtures() -> None:
    assert len(EXPECTED) == 12
    assert {name for name, _, _ in EXPECTED} == {p.name for p in FIXTURES.glob("*.json")}


def test_findings_start_the_inspection_and_are_stored(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)

    record = record_findings(
        workshop.uow_factory,
        workshop.runtime.book,
        TECHNICIAN,
        rma.number or rma.id,
        ["human_error"],
        workshop.now,
        note="dropped",
    )

    assert [f.finding for f in record.findings] == ["human_error"]
    assert record.findings[0].recorded_by == TECHNICIAN.label
    assert workshop.get(rma.id).state == "inspecting"


def test_an_unknown_finding_is_refused_naming_it_and_the_allowed_ones(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)

    with pytest.raises(InvalidInput) as caught:
        record_findings(
            workshop.uow_factory,
            workshop.runtime.book,
            TECHNICIAN,
            rma.id,
            ["human_error", "coffee_spilled"],
            workshop.now,
        )

    problem = caught.value.problems[0]
    assert problem.field == "findings"
    assert "coffee_spilled" in problem.message and "label_altered" in problem.message
    assert workshop.get(rma.id).state == "received"
    with workshop.uow_factory() as uow:
        assert uow.workshop.findings(rma.id) == ()


def test_a_voiding_finding_is_recorded_on_the_unit_and_every_check_shows_it(
    workshop: Workshop,
) -> None:
    rma = workshop.rma(QNAP_UNIT)

    record_findings(
        workshop.uow_factory,
        workshop.runtime.book,
        TECHNICIAN,
        rma.id,
        ["label_altered"],
        workshop.now,
    )

    result = check_serial(
        workshop.uow_factory, workshop.runtime.book, QNAP_UNIT["serial"], workshop.now.date()
    )
    assert result.unit.voiding_findings == ("label_altered",)
    assert result.decision.outcome == "not_covered"
    assert result.decision.voided


def test_a_customer_may_not_do_workshop_work_even_on_their_own_rma(
    workshop: Workshop,
) -> None:
    rma = workshop.rma(QNAP_UNIT)
    args = (workshop.runtime.book, rma.id, ["human_error"], workshop.now)

    with pytest.raises(PermissionDenied):
        record_findings(workshop.uow_factory, args[0], customer("CUST-A"), *args[1:])
    with pytest.raises(PermissionDenied):
        record_findings(workshop.uow_factory, args[0], customer("CUST-B"), *args[1:])


def test_a_technician_cannot_inspect_an_rma_that_does_not_exist(workshop: Workshop) -> None:
    with pytest.raises(NotFound):
        record_findings(
            workshop.uow_factory,
            workshop.runtime.book,
            TECHNICIAN,
            "NETAC-2026-999999",
            ["virus"],
            workshop.now,
        )


@pytest.mark.parametrize(("fixture", "bytes_written", "hours"), EXPECTED)
def test_each_smartctl_fixture_becomes_the_units_usage_reading(
    workshop: Workshop, fixture: str, bytes_written: int, hours: int
) -> None:
    rma = workshop.rma(NETAC_UNIT, service_country="CN")

    report = upload_smart(
        workshop.uow_factory,
        workshop.runtime.book,
        TECHNICIAN,
        rma.id,
        fixture,
        report_for(fixture, NETAC_UNIT["serial"]),
        workshop.now,
    )

    assert report.drive_bytes_written == bytes_written
    assert report.power_on_hours == hours
    assert report.serial_matches
    with workshop.uow_factory() as uow:
        unit_id = uow.units.id_of("Netac", NETAC_UNIT["serial"])
        assert unit_id is not None
        reading = uow.units.latest_reading(unit_id)
        stored = uow.workshop.smart_reports(rma.id)
    assert reading is not None and reading.bytes_written == bytes_written
    assert fixture in reading.source
    assert [r.drive_bytes_written for r in stored] == [bytes_written]
    after = workshop.get(rma.id)
    assert after.state == "inspecting"
    assert not after.needs_attention


def test_a_serial_mismatch_is_flagged_and_shown(workshop: Workshop) -> None:
    fixture = "scrutiny__smart-nvme.json"
    rma = workshop.rma(NETAC_UNIT, service_country="CN")

    report = upload_smart(
        workshop.uow_factory,
        workshop.runtime.book,
        TECHNICIAN,
        rma.id,
        fixture,
        report_for(fixture, None),
        workshop.now,
    )

    assert not report.serial_matches
    assert report.serial_reported == "BTNH93710FS91P0B"
    after = workshop.get(rma.id)
    assert after.needs_attention
    assert after.attention_reason is not None
    assert "BTNH93710FS91P0B" in after.attention_reason
    assert NETAC_UNIT["serial"] in after.attention_reason


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"smartctl 7.3 2022-02-28 r5338\n=== START OF INFORMATION SECTION ===\n", "JSON"),
        (b'{"hello": "world"}', "smartctl"),
    ],
    ids=["text-output", "other-json"],
)
def test_output_that_is_not_smartctl_json_is_refused_and_flagged(
    workshop: Workshop, content: bytes, said: str
) -> None:
    rma = workshop.rma(NETAC_UNIT, service_country="CN")

    with pytest.raises(InvalidInput) as caught:
        upload_smart(
            workshop.uow_factory,
            workshop.runtime.book,
            TECHNICIAN,
            rma.id,
            "upload.txt",
            content,
            workshop.now,
        )

    assert caught.value.problems[0].field == "file"
    assert said.lower() in caught.value.message.lower()
    after = workshop.get(rma.id)
    assert after.state == "received"
    assert after.needs_attention
    assert after.attention_reason is not None and "upload.txt" in after.attention_reason
    with workshop.uow_factory() as uow:
        assert uow.workshop.smart_reports(rma.id) == ()
        unit_id = uow.units.id_of("Netac", NETAC_UNIT["serial"])
        assert unit_id is not None
        assert uow.units.latest_reading(unit_id) is None


def test_a_write_counter_of_unknown_unit_is_refused_and_flagged(workshop: Workshop) -> None:
    document = json.loads(report_for("scrutiny__smart-ata-full.json", NETAC_UNIT["serial"]))
    table = document["ata_smart_attributes"]["table"]
    for attribute in table:  # a vendor that names its write counter nothing we know
        if attribute["id"] == 241:
            attribute["name"] = "Vendor_Specific_241"
    document.pop("ata_device_statistics", None)
    rma = workshop.rma(NETAC_UNIT, service_country="CN")
    record_findings(
        workshop.uow_factory, workshop.runtime.book, TECHNICIAN, rma.id, ["virus"], workshop.now
    )

    with pytest.raises(InvalidInput) as caught:
        upload_smart(
            workshop.uow_factory,
            workshop.runtime.book,
            TECHNICIAN,
            rma.id,
            "odd.json",
            json.dumps(document).encode(),
            workshop.now,
        )

    assert "can't be told" in caught.value.message
    assert "flagged for a person" in caught.value.message
    after = workshop.get(rma.id)
    assert after.state == "inspecting"
    assert after.needs_attention


def test_smart_data_is_refused_for_a_unit_without_a_usage_limit(workshop: Workshop) -> None:
    rma = workshop.rma(QNAP_UNIT)

    with pytest.raises(InvalidInput) as caught:
        upload_smart(
            workshop.uow_factory,
            workshop.runtime.book,
            TECHNICIAN,
            rma.id,
            "nas.json",
            report_for("scrutiny__smart-nvme.json", None),
            workshop.now,
        )

    assert "usage limit" in caught.value.message
    assert not workshop.get(rma.id).needs_attention
