"""Which SATA SMART attribute counts host writes, and in what unit: a table, not code.

SATA has no standard write counter; the unit depends on the drive family, and
smartmontools' ``drivedb.h`` names each family's attributes. smartctl prints
that name, so a rule matches on the attribute id *and* its name, never on the
id alone (policies/sources/FACTS.md, "Bytes written from SMART").

Raw values: every counter here is ``raw48`` (or wider) in drivedb.h, so
smartctl's ``raw.value`` *is* the counter and ``raw.string`` is the same number
in decimal. A counter is read from ``raw.value`` only when ``raw.string``
agrees (or is absent); if the string shows a packed or formatted value (e.g.
``"50 (Average 17)"``) the drive is not using the layout the rule assumes, and
the reading goes to a person.
"""

from __future__ import annotations

from dataclasses import dataclass

SECTOR = 512
MIB_32 = 32 * 1024 * 1024
GIB = 1024**3
GB = 1000**3


@dataclass(frozen=True, slots=True)
class AtaCounterRule:
    """One SMART attribute layout: id + names -> what the raw counter measures.

    ``unit_bytes`` is ``None`` for counters that are not host writes (NAND
    writes look alike but include write amplification); they are listed so
    the error can name them. ``counts_sectors`` marks counters of 512-byte
    sectors ("LBAs"), which are trusted only on drives with 512-byte logical
    blocks. ``conflicting_families`` are model-family substrings (smartctl's
    ``model_family``) whose drives are known to count this id in another unit,
    so a match there means the name is a default, not the drive's own.
    """

    attribute_id: int
    names: frozenset[str]
    unit_bytes: int | None
    families: str
    counts_sectors: bool = False
    conflicting_families: tuple[str, ...] = ()

    @property
    def counts_host_writes(self) -> bool:
        return self.unit_bytes is not None


ATA_COUNTER_RULES: tuple[AtaCounterRule, ...] = (
    AtaCounterRule(
        241,
        frozenset({"Total_LBAs_Written"}),
        SECTOR,
        "default; Samsung",
        counts_sectors=True,
        # 241 is smartctl's default name for an unknown drive; these families
        # count 241 in 32 MiB or GiB (FACTS.md), so the default name is wrong there.
        conflicting_families=("Intel", "Silicon Motion", "Phison"),
    ),
    AtaCounterRule(
        241,
        frozenset({"Host_Writes_32MiB"}),
        MIB_32,
        "Intel 330/335/53x/730/DC S35x0/S4510; Silicon Motion and its OEMs",
    ),
    AtaCounterRule(
        241,
        frozenset({"Lifetime_Writes_GiB", "Host_Writes_GiB", "Total_Writes_GiB"}),
        GIB,
        "Phison (Kingston A400), WD Blue/Red/Green, Kingston UV400/500, SanDisk (Marvell),"
        " Seagate BarraCuda",
    ),
    AtaCounterRule(
        241,
        frozenset({"Total_Writes_GB", "Lifetime_Wts_Frm_Hst_GB"}),
        GB,
        "SK hynix SATA, Seagate IronWolf 110 / Nytro",
    ),
    AtaCounterRule(
        246,
        frozenset({"Total_LBAs_Written", "Total_Host_Sector_Write"}),
        SECTOR,
        "Crucial/Micron client and 5100/52x0/5300/5400",
        counts_sectors=True,
    ),
    # Not host writes: NAND (flash) writes, never used for bytes written.
    AtaCounterRule(233, frozenset({"Flash_Writes_GiB", "NAND_GB_Written"}), None, "NAND writes"),
    AtaCounterRule(234, frozenset({"NAND_GB_Written_SLC"}), None, "NAND writes (SLC cache)"),
    AtaCounterRule(249, frozenset({"NAND_Writes_1GiB"}), None, "NAND writes"),
)
"""The rules, in order of preference. Source: FACTS.md, from smartmontools drivedb.h."""

SECTOR_COUNTER_NAMES = frozenset(
    name for rule in ATA_COUNTER_RULES if rule.counts_sectors for name in rule.names
)
"""Names of sector ("LBA") counters. Unlike ``Host_Writes_32MiB`` or ``*_GiB``,
such a name does not state its unit, so seen at an id no rule gives it (Dell's
Intel S3520 names both 233 and 241 Total_LBAs_Written) it is a default label,
not the drive's own, and the drive's other names can't be trusted either.
Names that state their unit are not suspicious at other ids: Intel drives
report Host_Writes_32MiB at both 225 and 241 (drivedb.h)."""

DEVICE_STATISTICS_PAGE = 1
LOGICAL_SECTORS_WRITTEN = "Logical Sectors Written"
"""The vendor-neutral fallback: ATA Device Statistics, General Statistics page."""


def rule_for(attribute_id: int, name: str) -> AtaCounterRule | None:
    """The rule for an attribute with this id and name, if there is one."""
    for rule in ATA_COUNTER_RULES:
        if rule.attribute_id == attribute_id and name in rule.names:
            return rule
    return None
