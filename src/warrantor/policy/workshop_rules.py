"""The workshop's own arithmetic, pure: what a replacement SSD carries over, how long the
original coverage runs, and the cover of a repaired part or a replacement unit.

Kept apart from the use cases so the rules are tested without a database.

Repair cover before and after shipping
    QNAP counts its three-month minimum "from the day the unit ships back".
    When the repair is finished the ship day is not known yet, so the cover
    is stored from the *expected* ship day (the day the repair is finished,
    unless the technician names another) and marked not fixed; when the unit
    ships (``rma_repair.on_shipped``) its dates are recomputed from the real
    ship day and fixed. The rest of the original coverage does not move.

TBW left on a replacement SSD
    A replacement drive keeps the TBW left on the drive it replaces. It starts
    with a *carried-over usage*: the bytes the replaced drive had written,
    adjusted when a substitute model has another limit so that what is left is
    the same (``limit_new - carried = limit_old - used``, never below zero).
    The carried usage is stored on the replacement and added to every reading
    of its own counter, so the usage readings of a replacement are what the
    warranty counts and the check needs no change.
"""

from __future__ import annotations

from datetime import date

from warrantor.domain.coverage import RepairCoverage
from warrantor.domain.terms import repair_cover_end
from warrantor.policy.decision import CoverageKind, Decision


def carried_usage(used_bytes: int, old_limit: int | None, new_limit: int | None) -> int:
    """Bytes a replacement drive starts with so that it keeps the TBW left on the old one.

    With both limits known: ``new_limit - (old_limit - used)``, at least zero;
    otherwise the bytes used (the same model has the same limit).
    """
    if used_bytes < 0:
        raise ValueError("bytes written cannot be negative")
    if old_limit is None or new_limit is None:
        return used_bytes
    left = max(old_limit - used_bytes, 0)
    return max(new_limit - left, 0)


def coverage_until(decision: Decision) -> date | None:
    """Last day of the coverage the unit holds (standard, extended or an earlier repair cover).

    ``None`` when the unit is void or its terms are unknown: then only the
    policy's minimum applies to a repair. Global service is a place rule, not
    a term of its own, so it does not count.
    """
    if decision.voided:
        return None
    ends = [t.ends_on for t in decision.terms if t.kind is not CoverageKind.GLOBAL_SERVICE]
    return max(ends) if ends else None


def repair_cover(
    ships_on: date, original_end: date | None, minimum_months: int, reason: str
) -> RepairCoverage:
    """The rest of the original coverage or the minimum from the ship day, whichever is longer."""
    return RepairCoverage(
        starts_on=ships_on,
        ends_on=repair_cover_end(ships_on, original_end, minimum_months),
        reason=reason,
    )
