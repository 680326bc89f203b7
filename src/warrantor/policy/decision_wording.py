"""The sentences a coverage decision is summed up in: what each kind of coverage is
called, and how a covered answer reads (with its usage limit, when one applies).

Kept apart from the evaluator so that the rules decide and this module words;
``evaluator`` is its only caller.
"""

from __future__ import annotations

from warrantor.errors import Said
from warrantor.policy import decision_words as words
from warrantor.policy.decision import CoverageKind, CoverageTerm, UsageStatus

LABELS = dict(zip(CoverageKind, words.KINDS, strict=True))
"""What each kind is called (marked words: ``decision_words.KINDS``)."""


def label(kind: CoverageKind) -> Said:
    """What ``kind`` is called, as a marked word a page translates."""
    return Said(LABELS[kind])


def covered_summary(term: CoverageTerm, usage: UsageStatus | None, *, is_claim: bool) -> Said:
    """``usage``: the limit that applies to ``term``, if any (its reading or its absence)."""
    what = words.CLAIM_COVERED if is_claim else words.COVERED
    text = Said(what, kind=label(term.kind), day=term.ends_on)
    if usage is not None:
        limit = tb(usage.limit_bytes)
        if usage.verified and usage.used_bytes is not None:
            return Said(words.USAGE, covered=text, used=tb(usage.used_bytes), limit=limit)
        return Said(words.USAGE_NOT_VERIFIED, covered=text, limit=limit)
    return text


def tb(size: int) -> str:
    """Bytes in decimal terabytes, as few decimals as needed (``1.5 TB``)."""
    return f"{size / 10**12:,.3f}".rstrip("0").rstrip(".") + " TB"
