"""What the policy engine is asked about: the facts of one check or one claim.

A check ("is this serial covered on day D?") passes the unit, its coverages
and the day. A claim adds what an RMA knows: findings, readings, the part
claimed and where service is asked. Nothing here is guessed: ``None`` means
"not known", and the engine asks for it when a rule needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from warrantor.domain.coverage import Extension, RepairCoverage, UsageReading
from warrantor.domain.units import Unit


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the engine may use for one decision."""

    unit: Unit
    on: date
    """The day the question is asked about."""
    extensions: tuple[Extension, ...] = field(default_factory=tuple)
    repair_coverages: tuple[RepairCoverage, ...] = field(default_factory=tuple)
    reading: UsageReading | None = None
    is_claim: bool = False
    """``False`` for a coverage check, ``True`` for a service claim (an RMA)."""
    findings: tuple[str, ...] = field(default_factory=tuple)
    """Inspection findings for this claim, from the policy's vocabulary."""
    part_claimed: str | None = None
    """Component claimed, from the policy's component vocabulary (``None``: the whole unit)."""
    service_country: str | None = None
    """ISO 3166-1 alpha-2 code of where service is asked."""
    written_permissions: tuple[str, ...] = field(default_factory=tuple)
    """Findings the maker gave written permission for (e.g. ``disassembled``)."""
    special_application: bool | None = None
    """Declared use outside average consumer use (Netac's TBW note)."""
