"""What the policy engine answers: a decision that says why.

Modelled on cedar's response: an outcome, the clauses that produced it, and
what was missing. Pure data; rendering lives in the entry points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Outcome(StrEnum):
    COVERED = "covered"
    NOT_COVERED = "not_covered"
    NEEDS_INFORMATION = "needs_information"


class CoverageKind(StrEnum):
    STANDARD = "standard"
    EXTENDED = "extended"
    GLOBAL_SERVICE = "global_service"
    REPAIR = "repair"


@dataclass(frozen=True, slots=True)
class Citation:
    """A clause a decision rests on, with its source sentence verbatim."""

    clause_id: str
    text: str
    inferred: str | None = None
    """Why the clause was inferred, when the source implies but does not state it."""


@dataclass(frozen=True, slots=True)
class CoverageTerm:
    """One coverage the unit holds, with inclusive start and end dates."""

    kind: CoverageKind
    starts_on: date
    ends_on: date
    clause_ids: tuple[str, ...] = ()
    note: str = ""

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True, slots=True)
class UsageStatus:
    """A usage limit (e.g. TBW) and what is left; ``verified`` is False with no reading."""

    limit_bytes: int
    used_bytes: int | None
    verified: bool

    @property
    def remaining_bytes(self) -> int | None:
        if self.used_bytes is None:
            return None
        return max(self.limit_bytes - self.used_bytes, 0)

    @property
    def exhausted(self) -> bool:
        return self.used_bytes is not None and self.used_bytes >= self.limit_bytes


@dataclass(frozen=True, slots=True)
class Missing:
    """A fact the decision needs and does not have, and the clause that needs it."""

    fact: str
    why: str
    clause_id: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    brand: str
    policy_id: str
    policy_version: str
    on: date
    summary: str
    """One sentence a customer can read."""
    terms: tuple[CoverageTerm, ...] = ()
    """Every coverage the unit holds, in order."""
    applies: CoverageTerm | None = None
    """The coverage in force on ``on`` that the outcome rests on, if any."""
    usage: UsageStatus | None = None
    voided: bool = False
    citations: tuple[Citation, ...] = ()
    facts_used: dict[str, str] = field(default_factory=dict)
    missing: tuple[Missing, ...] = ()
    notes: tuple[str, ...] = ()
    """What a reader must know about the figures used (e.g. demo catalogue figures)."""

    @property
    def clause_ids(self) -> tuple[str, ...]:
        return tuple(c.clause_id for c in self.citations)
