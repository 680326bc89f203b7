"""What is known about a unit's coverage beyond its own dates: extensions bought,
cover of a repair or a replacement, and readings of its usage.

The store reads and writes these records; the policy engine takes them as facts
(``policy.facts.Facts``). They live in the domain so the store needs nothing of
the policy engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Extension:
    """An extended warranty bought for the unit: ``years`` added after the term before it."""

    years: int
    purchased_on: date
    certificate_number: str | None = None
    certificate_valid: bool | None = None
    """``True``: the certificate verified; ``False``: it did not; ``None``: not shown."""


@dataclass(frozen=True, slots=True)
class RepairCoverage:
    """Coverage of a repaired part or a replacement unit: its own kind, outside the maximum term."""

    starts_on: date
    ends_on: date
    reason: str = ""


@dataclass(frozen=True, slots=True)
class UsageReading:
    """A reading of the unit's usage, e.g. bytes written from SMART data."""

    bytes_written: int
    read_on: date
    source: str = ""
