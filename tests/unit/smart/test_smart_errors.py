"""Reports the reader refuses, and what it says: never a guessed unit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from warrantor.errors import SmartError, WarrantorError
from warrantor.smart import (
    BadField,
    NotJson,
    NotSmartctlOutput,
    SmartctlFailed,
    WriteUnitUnknown,
    check_serial,
    read_smartctl_json,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "smartctl"
KINGSTON = "smartctl_exporter__sat-Phison_Driven_SSDs-KINGSTON_SA400M8120G-sda.json"
INTEL = (
    "smartctl_exporter__sat-Intel_S4510_S4610_S4500_S4600_Series_SSDs-INTEL_SSDSC2KB240G8-sdc.json"
)
MICRON = (
    "smartctl_exporter__sat-Micron_5100_Pro___52x0___5300_SSDs-Micron_5300_MTFDDAK1T9TDS-sda.json"
)
SAMSUNG_SATA = "scrutiny__smart-ata-failed-scrutiny.json"
NVME = "scrutiny__smart-nvme.json"


def load(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return document


def attribute(document: dict[str, Any], attribute_id: int) -> dict[str, Any]:
    rows: list[dict[str, Any]] = document["ata_smart_attributes"]["table"]
    return next(row for row in rows if row["id"] == attribute_id)


def drop_attribute(document: dict[str, Any], attribute_id: int) -> None:
    table = document["ata_smart_attributes"]["table"]
    document["ata_smart_attributes"]["table"] = [r for r in table if r["id"] != attribute_id]


def read(document: dict[str, Any]) -> None:
    read_smartctl_json(json.dumps(document))


# --- not smartctl JSON ------------------------------------------------------------


def test_smartctl_text_output_is_not_json_and_the_error_says_to_use_json() -> None:
    text = "smartctl 7.3 2022-02-28 r5338 [x86_64-linux-6.1.0] (local build)\n=== START ===\n"
    with pytest.raises(NotJson, match=r"not JSON.*--json"):
        read_smartctl_json(text)


def test_binary_garbage_is_not_json() -> None:
    with pytest.raises(NotJson):
        read_smartctl_json(b"\xff\xfe\x00garbage")


def test_json_that_is_not_an_object_is_not_smartctl_output() -> None:
    with pytest.raises(NotSmartctlOutput, match="a list"):
        read_smartctl_json("[1, 2, 3]")


def test_json_without_the_smartctl_envelope_is_refused_naming_the_key() -> None:
    document = load(NVME)
    del document["smartctl"]
    with pytest.raises(NotSmartctlOutput, match="'smartctl'"):
        read(document)
    document = load(NVME)
    del document["json_format_version"]
    with pytest.raises(NotSmartctlOutput, match="'json_format_version'"):
        read(document)


def test_smart_errors_are_warrantor_errors() -> None:
    assert issubclass(NotJson, SmartError)
    assert issubclass(SmartError, WarrantorError)
    assert WriteUnitUnknown.needs_person and not NotJson.needs_person


# --- smartctl failed -----------------------------------------------------------------


def test_smartctl_failure_is_surfaced_when_the_report_has_no_data() -> None:
    # What smartctl --json prints when it can't open the device: the envelope only.
    envelope = load(NVME)["smartctl"]
    envelope["messages"] = [
        {"string": "Smartctl open device: /dev/nvme9 failed: No such device", "severity": "error"}
    ]
    envelope["exit_status"] = 2
    document = {"json_format_version": [1, 0], "smartctl": envelope}
    with pytest.raises(SmartctlFailed) as caught:
        read(document)
    assert "Smartctl open device: /dev/nvme9 failed: No such device" in caught.value.message
    assert "exit status bit 1" in caught.value.message
    assert caught.value.exit_status == 2


def test_missing_nvme_log_without_a_smartctl_failure_names_the_field() -> None:
    document = load(NVME)
    del document["nvme_smart_health_information_log"]
    with pytest.raises(BadField) as caught:
        read(document)
    assert caught.value.field == "nvme_smart_health_information_log"
    assert "-a" in caught.value.message


def test_nvme_log_without_data_units_written_is_refused_even_with_host_writes() -> None:
    document = load(NVME)
    del document["nvme_smart_health_information_log"]["data_units_written"]
    with pytest.raises(BadField, match="data_units_written"):
        read(document)


# --- unknown units go to a person ----------------------------------------------------


def test_an_unrecognised_241_name_is_an_unknown_unit_for_a_person() -> None:
    document = load(SAMSUNG_SATA)
    attribute(document, 241)["name"] = "Mystery_Writes"
    with pytest.raises(WriteUnitUnknown) as caught:
        read(document)
    assert "attribute 241 Mystery_Writes has no known unit" in caught.value.message
    assert "goes to a person" in caught.value.message
    assert caught.value.needs_person


def test_only_nand_counters_is_an_unknown_unit_that_names_them() -> None:
    document = load(KINGSTON)
    drop_attribute(document, 241)
    with pytest.raises(WriteUnitUnknown) as caught:
        read(document)
    assert "attribute 233 Flash_Writes_GiB counts NAND writes" in caught.value.message


def test_no_write_counter_at_all_goes_to_a_person() -> None:
    document = load(SAMSUNG_SATA)
    drop_attribute(document, 241)
    with pytest.raises(WriteUnitUnknown, match="no SMART attribute or device statistic"):
        read(document)


def test_a_sector_counter_name_at_an_id_where_it_means_nothing_is_refused() -> None:
    # Total_Host_Sector_Write is a Crucial/Micron name for 246, never for 241.
    document = load(KINGSTON)
    attribute(document, 241)["name"] = "Total_Host_Sector_Write"
    with pytest.raises(WriteUnitUnknown, match="241 Total_Host_Sector_Write"):
        read(document)


def test_a_sector_counter_name_at_an_unexpected_id_is_refused() -> None:
    # The trap in SOURCES.md: Dell's Intel S3520 names 233 and 241 Total_LBAs_Written.
    document = load(SAMSUNG_SATA)
    document["ata_smart_attributes"]["table"].append(
        {"id": 233, "name": "Total_LBAs_Written", "raw": {"value": 129493, "string": "129493"}}
    )
    attribute(document, 241)["raw"] = {"value": 129493, "string": "129493"}
    with pytest.raises(WriteUnitUnknown, match="attribute 233 Total_LBAs_Written"):
        read(document)


def test_total_lbas_written_on_an_intel_family_is_refused() -> None:
    # Intel counts 241 in 32 MiB; a 241 labelled Total_LBAs_Written there is a default name.
    document = load(INTEL)
    document["model_family"] = "Dell Certified Intel S3520 Series SSDs"
    drop_attribute(document, 225)
    attribute(document, 241)["name"] = "Total_LBAs_Written"
    with pytest.raises(WriteUnitUnknown, match="Intel drives count attribute 241"):
        read(document)


def test_a_packed_raw_value_is_not_read_as_a_counter() -> None:
    document = load(SAMSUNG_SATA)
    attribute(document, 241)["raw"] = {"value": 1114162, "string": "50 (Average 17)"}
    with pytest.raises(WriteUnitUnknown, match="packed raw value"):
        read(document)


def test_known_counters_that_disagree_go_to_a_person() -> None:
    document = load(MICRON)
    document["ata_smart_attributes"]["table"].append(
        {"id": 241, "name": "Total_LBAs_Written", "raw": {"value": 5, "string": "5"}}
    )
    with pytest.raises(WriteUnitUnknown, match="disagree"):
        read(document)


def test_lba_counters_on_4k_logical_blocks_are_refused() -> None:
    document = load(SAMSUNG_SATA)
    document["logical_block_size"] = 4096
    with pytest.raises(WriteUnitUnknown, match="4096-byte logical blocks"):
        read(document)


def test_a_scsi_drive_has_no_rule() -> None:
    document = load(SAMSUNG_SATA)
    document["device"]["protocol"] = "SCSI"
    with pytest.raises(WriteUnitUnknown, match="'SCSI'"):
        read(document)


def test_a_counter_that_is_not_a_whole_number_is_a_bad_field() -> None:
    document = load(SAMSUNG_SATA)
    attribute(document, 241)["raw"] = {"value": True}
    with pytest.raises(BadField, match="241"):
        read(document)


# --- serial check --------------------------------------------------------------------


def test_serial_check_ignores_case_and_surrounding_spaces() -> None:
    reading = read_smartctl_json((FIXTURES / SAMSUNG_SATA).read_bytes())
    assert check_serial(reading, "  s14lneacc02756x ")
    assert not check_serial(reading, "S14LNEACC02757X")


def test_a_redacted_serial_does_not_match_the_unit() -> None:
    reading = read_smartctl_json((FIXTURES / KINGSTON).read_bytes())
    assert not check_serial(reading, "50026B7782A1B2C3")
