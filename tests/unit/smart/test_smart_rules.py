"""The SATA rule table: the unit comes from id *and* name, never the id alone."""

from __future__ import annotations

import json
from pathlib import Path

from warrantor.smart import read_smartctl_json
from warrantor.smart.ata_rules import ATA_COUNTER_RULES, rule_for

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "smartctl"


def test_attribute_241_has_a_different_unit_under_each_name() -> None:
    units = {
        name: rule.unit_bytes
        for name in (
            "Total_LBAs_Written",
            "Host_Writes_32MiB",
            "Lifetime_Writes_GiB",
            "Host_Writes_GiB",
            "Total_Writes_GiB",
            "Total_Writes_GB",
            "Lifetime_Wts_Frm_Hst_GB",
        )
        if (rule := rule_for(241, name)) is not None
    }
    assert units == {
        "Total_LBAs_Written": 512,
        "Host_Writes_32MiB": 32 * 2**20,
        "Lifetime_Writes_GiB": 2**30,
        "Host_Writes_GiB": 2**30,
        "Total_Writes_GiB": 2**30,
        "Total_Writes_GB": 10**9,
        "Lifetime_Wts_Frm_Hst_GB": 10**9,
    }
    assert rule_for(241, "Some_Vendor_Counter") is None


def test_crucial_micron_count_sectors_at_246_under_either_name() -> None:
    for name in ("Total_LBAs_Written", "Total_Host_Sector_Write"):
        rule = rule_for(246, name)
        assert rule is not None and rule.unit_bytes == 512


def test_nand_counters_are_known_but_never_host_writes() -> None:
    for attribute_id, name in (
        (233, "Flash_Writes_GiB"),
        (233, "NAND_GB_Written"),
        (234, "NAND_GB_Written_SLC"),
        (249, "NAND_Writes_1GiB"),
    ):
        rule = rule_for(attribute_id, name)
        assert rule is not None and not rule.counts_host_writes


def test_no_two_rules_claim_the_same_id_and_name() -> None:
    pairs = [(rule.attribute_id, name) for rule in ATA_COUNTER_RULES for name in rule.names]
    assert len(pairs) == len(set(pairs))


def test_the_same_raw_counter_reads_by_the_name_the_drive_gives_it() -> None:
    path = FIXTURES / "scrutiny__smart-ata-failed-scrutiny.json"
    document = json.loads(path.read_text())
    row = next(r for r in document["ata_smart_attributes"]["table"] if r["id"] == 241)
    row["name"] = "Lifetime_Writes_GiB"
    reading = read_smartctl_json(json.dumps(document))
    assert reading.bytes_written == 10_935_822_505 * 2**30
    assert reading.unit_rule == "ata attribute 241 Lifetime_Writes_GiB x 1073741824"
