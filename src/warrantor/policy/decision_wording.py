"""The sentences a coverage decision is summed up in: what each kind of coverage is
called, and how a covered answer reads (with its usage limit, when one applies).

Kept apart from the evaluator so that the rules decide and this module words;
``evaluator`` is its only caller.
"""

from __future__ import annotations

from warrantor.policy.decision import CoverageKind, CoverageTerm, UsageStatus

LABELS = {
    CoverageKind.STANDARD: "the standard warranty",
    CoverageKind.EXTENDED: "the extended warranty",
    CoverageKind.GLOBAL_SERVICE: "global service",
    CoverageKind.REPAIR: "the cover of a repaired or replaced part",
}


def covered_summary(term: CoverageTerm, usage: UsageStatus | None, *, is_claim: bool) -> str:
    """``usage``: the limit that applies to ``term``, if any (its reading or its absence)."""
    what = "This claim is covered" if is_claim else "Covered"
    text = f"{what} by {LABELS[term.kind]} until {term.ends_on.isoformat()}."
    if usage is not None:
        limit = tb(usage.limit_bytes)
        if usage.verified and usage.used_bytes is not None:
            text += f" {tb(usage.used_bytes)} of {limit} written (whichever comes first)."
        else:
            text += f" The limit of {limit} written is not verified: there is no reading yet."
    return text


def tb(size: int) -> str:
    """Bytes in decimal terabytes, as few decimals as needed (``1.5 TB``)."""
    return f"{size / 10**12:,.3f}".rstrip("0").rstrip(".") + " TB"
