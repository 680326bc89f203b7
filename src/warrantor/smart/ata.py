"""Bytes written on a SATA drive: the attribute rules first, then device statistics.

Order, and why:
1. SMART attributes that ``ata_rules.ATA_COUNTER_RULES`` knows by id and name.
   If two known counters disagree, or an attribute carries a host-write name
   at an id no rule gives it, the names can't be trusted: a person decides.
2. ATA Device Statistics, page 1, "Logical Sectors Written" x the logical
   block size: vendor-neutral, but only in ``-x`` reports and not on every drive.
3. Otherwise ``WriteUnitUnknown``, naming what was there (an unknown 241, NAND
   counters), because guessing a unit can be off by a factor of a million.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from warrantor.smart.ata_rules import (
    ATA_COUNTER_RULES,
    DEVICE_STATISTICS_PAGE,
    LOGICAL_SECTORS_WRITTEN,
    SECTOR,
    SECTOR_COUNTER_NAMES,
    AtaCounterRule,
    rule_for,
)
from warrantor.smart.errors import BadField, WriteUnitUnknown
from warrantor.smart.fields import count, lookup
from warrantor.smart.reading import WriteCount

TO_A_PERSON = "The unit is never guessed: the claim goes to a person."
_WRITE_WORDS = ("writ", "wrt", "wts")


@dataclass(frozen=True, slots=True)
class _Attribute:
    id: int
    name: str
    raw: Mapping[str, Any]

    def __str__(self) -> str:
        return f"attribute {self.id} {self.name}"


def ata_bytes_written(document: Mapping[str, Any]) -> WriteCount:
    """Host bytes written from a SATA report; ``WriteUnitUnknown`` when no rule can be trusted."""
    attributes = _attributes(document)
    family = str(document.get("model_family") or "")
    block_size = _logical_block_size(document)

    found: list[tuple[int, WriteCount]] = []
    not_host_writes: list[str] = []
    unknown: list[str] = []
    for attribute in attributes:
        rule = rule_for(attribute.id, attribute.name)
        if rule is None:
            _refuse_misplaced_name(attribute, attributes)
            if any(word in attribute.name.lower() for word in _WRITE_WORDS):
                unknown.append(f"{attribute} has no known unit")
            continue
        if rule.unit_bytes is None:
            not_host_writes.append(f"{attribute} counts NAND writes, not host writes")
            continue
        _refuse_conflicts(rule, attribute, family, block_size)
        counter = _raw_counter(attribute)
        rule_text = f"ata attribute {attribute.id} {attribute.name} x {rule.unit_bytes}"
        found.append(
            (ATA_COUNTER_RULES.index(rule), WriteCount(counter * rule.unit_bytes, rule_text))
        )

    if found:
        found.sort(key=lambda item: item[0])
        if len({write.bytes_written for _, write in found}) > 1:
            listed = "; ".join(
                f"{write.unit_rule} = {write.bytes_written} bytes" for _, write in found
            )
            raise WriteUnitUnknown(f"the drive's write counters disagree ({listed}). {TO_A_PERSON}")
        return found[0][1]

    from_statistics = _device_statistics(document, block_size)
    if from_statistics is not None:
        return from_statistics

    seen = unknown + not_host_writes
    what = "; ".join(seen) if seen else "no SMART attribute or device statistic counts host writes"
    raise WriteUnitUnknown(
        f"bytes written can't be told from this SATA report: {what}. {TO_A_PERSON}"
    )


def _attributes(document: Mapping[str, Any]) -> list[_Attribute]:
    table = lookup(document, "ata_smart_attributes.table")
    if table is None:
        return []
    if not isinstance(table, list):
        raise BadField(
            "'ata_smart_attributes.table' should be a list", "ata_smart_attributes.table"
        )
    attributes = []
    for row, entry in enumerate(table):
        field = f"ata_smart_attributes.table[{row}]"
        if not isinstance(entry, Mapping):
            raise BadField(f"'{field}' should be an object", field)
        attribute_id = count(entry.get("id"), f"{field}.id")
        raw = entry.get("raw")
        attributes.append(
            _Attribute(
                attribute_id, str(entry.get("name", "")), raw if isinstance(raw, Mapping) else {}
            )
        )
    return attributes


def _logical_block_size(document: Mapping[str, Any]) -> int:
    """``logical_block_size``; 512 where smartctl did not report one."""
    value = document.get("logical_block_size")
    if value is None:
        return SECTOR
    size = count(value, "logical_block_size")
    if size == 0:
        raise BadField("'logical_block_size' should not be 0", "logical_block_size")
    return size


def _refuse_misplaced_name(attribute: _Attribute, attributes: list[_Attribute]) -> None:
    """A sector-counter name at an id no rule gives it (see ``SECTOR_COUNTER_NAMES``)."""
    if attribute.name not in SECTOR_COUNTER_NAMES:
        return
    others = [
        str(other)
        for other in attributes
        if other is not attribute and other.name == attribute.name
    ]
    also = f" (so is {', '.join(others)})" if others else ""
    raise WriteUnitUnknown(
        f"{attribute} is named like a sector counter at an id no known layout uses{also};"
        f" the drive's attribute names can't be trusted. {TO_A_PERSON}"
    )


def _refuse_conflicts(
    rule: AtaCounterRule, attribute: _Attribute, family: str, block_size: int
) -> None:
    for conflicting in rule.conflicting_families:
        if conflicting.lower() in family.lower():
            raise WriteUnitUnknown(
                f"{attribute} on a '{family}' drive: {conflicting} drives count attribute"
                f" {attribute.id} in another unit, so this name is not the drive's own."
                f" {TO_A_PERSON}"
            )
    if rule.counts_sectors and block_size != SECTOR:
        raise WriteUnitUnknown(
            f"{attribute} counts LBAs and this drive has {block_size}-byte logical blocks;"
            f" whether one LBA here is 512 or {block_size} bytes is not known. {TO_A_PERSON}"
        )


def _raw_counter(attribute: _Attribute) -> int:
    """``raw.value``, trusted only when ``raw.string`` shows the same plain number."""
    field = f"ata_smart_attributes {attribute.id} raw.value"
    value = count(attribute.raw.get("value"), field)
    shown = attribute.raw.get("string")
    if shown is not None and str(shown).strip() != str(value):
        raise WriteUnitUnknown(
            f"{attribute} has a packed raw value ({shown!r}, raw.value {value}), not a plain"
            f" counter. {TO_A_PERSON}"
        )
    return value


def _device_statistics(document: Mapping[str, Any], block_size: int) -> WriteCount | None:
    pages = lookup(document, "ata_device_statistics.pages")
    if not isinstance(pages, list):
        return None
    for page in pages:
        if not isinstance(page, Mapping) or page.get("number") != DEVICE_STATISTICS_PAGE:
            continue
        for entry in page.get("table") or ():
            if not isinstance(entry, Mapping) or entry.get("name") != LOGICAL_SECTORS_WRITTEN:
                continue
            if lookup(entry, "flags.valid") is False:
                return None
            field = f"ata_device_statistics page 1 {LOGICAL_SECTORS_WRITTEN}"
            sectors = count(entry.get("value"), field)
            return WriteCount(
                sectors * block_size,
                f"ata device statistics {LOGICAL_SECTORS_WRITTEN} x {block_size}",
            )
    return None
