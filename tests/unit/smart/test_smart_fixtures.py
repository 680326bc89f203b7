"""Every real smartctl report in tests/fixtures/smartctl, read and checked by hand.

Each expected byte count is the raw counter copied from the JSON file times
the unit of the rule that applies (policies/sources/FACTS.md), written out as
arithmetic so it can be checked against the file. The same numbers are in
tests/fixtures/smartctl/EXPECTED.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from warrantor.smart import DeviceProtocol, SmartReading, read_smartctl_json

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "smartctl"

NVME_UNIT = 512_000  # NVMe data unit: 1000 x 512-byte sectors
SECTOR = 512
MIB_32 = 32 * 1024 * 1024
GIB = 1024**3


@dataclass(frozen=True)
class Expected:
    file: str
    protocol: DeviceProtocol
    model: str
    serial: str
    firmware: str
    hours: int
    bytes_written: int
    unit_rule: str
    tb_in_sources_md: str  # the "→ N TB" figure SOURCES.md gives, as a cross-check


EXPECTED = [
    Expected(
        "scrutiny__smart-nvme.json",
        DeviceProtocol.NVME,
        "INTEL SSDPEKNW010T8",
        "BTNH93710FS91P0B",
        "002C",
        2401,
        7_773_431 * NVME_UNIT,  # data_units_written
        "nvme data_units_written x 512000",
        "3.980",
    ),
    Expected(
        "scrutiny__smart-nvme2.json",
        DeviceProtocol.NVME,
        "Force MP510",
        "yes",  # sanitized in the source repository
        "ECFM12.3",
        6487,
        16_093_122 * NVME_UNIT,
        "nvme data_units_written x 512000",
        "8.240",
    ),
    Expected(
        "scrutiny__smart-nvme-failed.json",
        DeviceProtocol.NVME,
        "Samsung SSD 970 EVO 500GB",
        "S466NX0M776250H",
        "2B2QEXE7",
        12798,
        65_602_088 * NVME_UNIT,
        "nvme data_units_written x 512000",
        "33.588",
    ),
    Expected(
        "smartctl_exporter__nvme-null-CT250P2SSD8-nvme0.json",
        DeviceProtocol.NVME,
        "CT250P2SSD8",
        "REDACTED",
        "REDACTED",
        10147,
        1_002_900 * NVME_UNIT,
        "nvme data_units_written x 512000",
        "0.513",
    ),
    Expected(
        "smartctl_exporter__nvme-null-Samsung_SSD_970_EVO_Plus_250GB-nvme0.json",
        DeviceProtocol.NVME,
        "Samsung SSD 970 EVO Plus 250GB",
        "REDACTED",
        "REDACTED",
        3149,
        1_969_459 * NVME_UNIT,
        "nvme data_units_written x 512000",
        "1.008",
    ),
    Expected(
        "smartctl_exporter__SAMSUNG_MZVL21T0HCLR-00B00_23.json",
        DeviceProtocol.NVME,
        "SAMSUNG MZVL21T0HCLR-00B00",
        "REDACTED",
        "REDACTED",
        10423,
        113_662_783 * NVME_UNIT,
        "nvme data_units_written x 512000",
        "58.195",
    ),
    Expected(
        "scrutiny__smart-ata-full.json",
        DeviceProtocol.ATA,
        "Samsung SSD 860 EVO 500GB",
        "S3YZNB0KB00864E",
        "RVT02B6Q",
        14551,
        64_777_770_148 * SECTOR,  # 241 Total_LBAs_Written, Samsung: 512-byte sectors
        "ata attribute 241 Total_LBAs_Written x 512",
        "33.166",
    ),
    Expected(
        "scrutiny__smart-ata-failed-scrutiny.json",
        DeviceProtocol.ATA,
        "Samsung SSD 840 Series",
        "S14LNEACC02756X",
        "DXT06B0Q",
        19497,
        10_935_822_505 * SECTOR,  # 241 Total_LBAs_Written
        "ata attribute 241 Total_LBAs_Written x 512",
        "5.599",
    ),
    Expected(
        "smartctl_exporter__sat-Phison_Driven_SSDs-KINGSTON_SA400M8120G-sda.json",
        DeviceProtocol.ATA,
        "KINGSTON SA400M8120G",
        "REDACTED",
        "REDACTED",
        4994,
        398 * GIB,  # 241 Lifetime_Writes_GiB (Phison); 233 Flash_Writes_GiB 979 is NAND
        "ata attribute 241 Lifetime_Writes_GiB x 1073741824",
        "0.427",
    ),
    Expected(
        "smartctl_exporter__sat-Micron_5100_Pro___52x0___5300_SSDs-Micron_5300_MTFDDAK1T9TDS-sda.json",
        DeviceProtocol.ATA,
        "Micron_5300_MTFDDAK1T9TDS",
        "REDACTED",
        "REDACTED",
        4175,
        130_006_927_240 * SECTOR,  # 246 Total_LBAs_Written (Crucial/Micron)
        "ata attribute 246 Total_LBAs_Written x 512",
        "66.564",
    ),
    Expected(
        "smartctl_exporter__sat-Intel_S4510_S4610_S4500_S4600_Series_SSDs-INTEL_SSDSC2KB240G8-sdc.json",
        DeviceProtocol.ATA,
        "INTEL SSDSC2KB240G8",
        "REDACTED",
        "REDACTED",
        40786,
        2_575_247 * MIB_32,  # 241 Host_Writes_32MiB (Intel)
        "ata attribute 241 Host_Writes_32MiB x 33554432",
        "86.411",
    ),
    Expected(
        "smartctl_exporter__sat-Silicon_Motion_based_SSDs-TS32GMTS400-sda.json",
        DeviceProtocol.ATA,
        "TS32GMTS400",
        "REDACTED",
        "REDACTED",
        796,
        30_245 * MIB_32,  # 241 Host_Writes_32MiB (Silicon Motion)
        "ata attribute 241 Host_Writes_32MiB x 33554432",
        "1.015",
    ),
]


def read(name: str) -> SmartReading:
    return read_smartctl_json((FIXTURES / name).read_bytes())


def load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return document


def test_every_fixture_has_an_expectation() -> None:
    on_disk = {path.name for path in FIXTURES.glob("*.json")}
    assert on_disk == {expected.file for expected in EXPECTED}
    assert len(on_disk) == 12


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e.file.split("__")[1][:40])
def test_fixture_reads_to_the_hand_computed_bytes_and_hours(expected: Expected) -> None:
    reading = read(expected.file)
    assert reading.bytes_written == expected.bytes_written
    assert reading.unit_rule == expected.unit_rule
    assert reading.power_on_hours == expected.hours
    assert reading.protocol is expected.protocol
    assert reading.model_name == expected.model
    assert reading.serial_number == expected.serial
    assert reading.firmware_version == expected.firmware
    assert f"{reading.bytes_written / 10**12:.3f}" == expected.tb_in_sources_md


def test_nvme_host_writes_count_commands_and_are_never_used() -> None:
    document = load("scrutiny__smart-nvme.json")
    document["nvme_smart_health_information_log"]["host_writes"] = 1
    reading = read_smartctl_json(json.dumps(document))
    assert reading.bytes_written == 7_773_431 * NVME_UNIT


def test_phison_nand_writes_are_not_taken_for_host_writes() -> None:
    reading = read("smartctl_exporter__sat-Phison_Driven_SSDs-KINGSTON_SA400M8120G-sda.json")
    assert reading.bytes_written != 979 * GIB  # 233 Flash_Writes_GiB


def test_smartctl_complaints_are_kept_as_notes_when_the_report_has_data() -> None:
    # The Kingston report ran with exit status 4 (bit 2) but has its attributes.
    kingston = read("smartctl_exporter__sat-Phison_Driven_SSDs-KINGSTON_SA400M8120G-sda.json")
    assert len(kingston.smartctl_notes) == 1
    assert kingston.smartctl_notes[0].startswith("exit status bit 2:")
    assert read("scrutiny__smart-nvme.json").smartctl_notes == ()


def test_device_statistics_are_the_fallback_when_no_attribute_is_known() -> None:
    document = load("scrutiny__smart-ata-full.json")
    table = document["ata_smart_attributes"]["table"]
    document["ata_smart_attributes"]["table"] = [row for row in table if row["id"] != 241]
    reading = read_smartctl_json(json.dumps(document))
    # page 1 "Logical Sectors Written" 64,777,770,148 x logical_block_size 512
    assert reading.bytes_written == 64_777_770_148 * 512
    assert reading.unit_rule == "ata device statistics Logical Sectors Written x 512"


def test_device_statistics_use_the_logical_block_size() -> None:
    document = load("scrutiny__smart-ata-full.json")
    document["ata_smart_attributes"]["table"] = []
    document["logical_block_size"] = 4096
    reading = read_smartctl_json(json.dumps(document))
    assert reading.bytes_written == 64_777_770_148 * 4096


def test_an_attribute_rule_wins_over_device_statistics() -> None:
    document = load("scrutiny__smart-ata-full.json")
    for page in document["ata_device_statistics"]["pages"]:
        for row in page["table"]:
            if row["name"] == "Logical Sectors Written":
                row["value"] = 1
    assert read_smartctl_json(json.dumps(document)).unit_rule.startswith("ata attribute 241")


def test_a_report_without_power_on_time_has_no_hours() -> None:
    document = load("scrutiny__smart-nvme.json")
    del document["power_on_time"]
    assert read_smartctl_json(json.dumps(document)).power_on_hours is None
