"""What the policy engine answers: a decision that says why.

Modelled on cedar's response: an outcome, the clauses that decided it
(``determining``), the clauses that explain it without deciding it
(``supporting``), what was missing, and the facts the engine could not judge
by (``errors``: returned, never raised). Pure data; rendering lives in the
entry points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from warrantor.errors import InvalidInput, Problem


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
class FactError:
    """A fact the policy cannot judge by: an unknown finding or component, or a fact of the
    wrong kind (a component given as a finding). Returned in the decision, as cedar returns
    a policy's evaluation error beside its answer, so a check still shows what it knows."""

    fact: str
    """The field of ``Facts`` that holds it (``findings``, ``part_claimed`` ...)."""
    value: str
    message: str


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
    """Every clause cited, the determining ones first, each with its sentence."""
    determining: tuple[str, ...] = ()
    """The clauses that decided the outcome: the denials' (not covered), the clauses that
    need a missing fact (needs information), the coverage in force (covered)."""
    supporting: tuple[str, ...] = ()
    """Clauses that explain the answer without deciding it (a condition met, the term a
    denial is measured against)."""
    errors: tuple[FactError, ...] = ()
    """Facts the policy could not judge by; while there are any, nothing is decided."""
    facts_used: dict[str, str] = field(default_factory=dict)
    missing: tuple[Missing, ...] = ()
    notes: tuple[str, ...] = ()
    """What a reader must know about the figures used (e.g. demo catalogue figures)."""
    service_refused: bool = False
    """Not covered, and the maker refuses the service itself (a finding that ends it, such
    as a counterfeit): no paid repair is offered; the RMA is rejected with the determining
    clauses as its reason."""

    @property
    def clause_ids(self) -> tuple[str, ...]:
        """Every clause cited, determining then supporting (for callers that need no groups)."""
        return (*self.determining, *self.supporting)

    def require_valid_facts(self) -> None:
        """Raise ``InvalidInput`` naming each fact in ``errors``: for callers that must not act
        on a decision made from facts the policy can't judge by (a claim to be stored)."""
        if self.errors:
            raise InvalidInput(
                "; ".join(e.message for e in self.errors),
                [Problem(e.message, field=e.fact) for e in self.errors],
            )
