"""What a coverage answer looks like to the outside: the same fields for the API,
``warrantor check --json``, the batch CSV and the web page.

Built from a unit and the engine's ``Decision``; nothing here decides anything.

The check is public, so an answer carries no owner data unless the caller
says the asker may see the unit (``services.installed_base.units.may_see_unit``): then
``owner_data`` holds the owner, the direct customer first invoiced and the
proof-of-purchase reference. ``PRIVATE_FACTS`` are left out of ``facts_used``
otherwise (a certificate number would let a stranger claim under it).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel

from warrantor.domain.units import Unit
from warrantor.policy.decision import Decision, Outcome, UsageStatus

TB = 10**12
"""Bytes are decimal (DESIGN.md): 1 TB = 10^12 bytes."""


class CoverageOut(BaseModel):
    kind: str
    starts_on: date
    ends_on: date
    in_force: bool
    clause_ids: list[str]
    note: str = ""


class UsageOut(BaseModel):
    limit_bytes: int
    limit_tb: float
    used_bytes: int | None
    remaining_bytes: int | None
    remaining_tb: float | None
    status: Literal["not verified", "within limit", "limit reached"]


class ReasonOut(BaseModel):
    clause_id: str
    text: str
    inferred: str | None = None
    role: Literal["determining", "supporting"] = "supporting"
    """``determining``: the clause decided the outcome; ``supporting``: it explains it."""


class FactErrorOut(BaseModel):
    """A fact the policy could not judge by (an unknown finding, a fact of the wrong kind)."""

    fact: str
    value: str
    message: str


class MissingOut(BaseModel):
    fact: str
    why: str
    clause_id: str | None = None


class OwnerDataOut(BaseModel):
    """Who the unit belongs to: only for those who may see the unit."""

    owner: str | None
    first_invoiced_to: str | None
    first_invoiced_on: date | None
    purchased_on: date | None
    proof_of_purchase: str | None
    country_of_purchase: str | None


PRIVATE_FACTS = frozenset({"certificate"})
"""Facts a decision used that name the owner's papers: shown with ``owner_data`` only."""


class CoverageAnswer(BaseModel):
    """Is this serial covered on ``on``, until when, and why."""

    brand: str
    serial: str
    model: str
    product_line: str | None
    on: date
    covered: bool
    outcome: Outcome
    summary: str
    covered_until: date | None
    applies: CoverageOut | None
    coverages: list[CoverageOut]
    usage: UsageOut | None
    voided: bool
    voiding_findings: list[str]
    reasons: list[ReasonOut]
    """Every clause cited, the determining ones first."""
    determining: list[str]
    """The clause ids that decided the outcome."""
    supporting: list[str]
    """The clause ids that explain the outcome without deciding it."""
    errors: list[FactErrorOut]
    """Facts the policy could not judge by; while there are any, nothing is decided."""
    missing: list[MissingOut]
    notes: list[str]
    """E.g. that a term or TBW is a demo figure, not the maker's."""
    facts_used: dict[str, str]
    policy_id: str
    policy_version: str
    owner_data: OwnerDataOut | None = None
    """``None`` unless the asker may see the unit (its owner, staff)."""


def _usage(usage: UsageStatus | None) -> UsageOut | None:
    if usage is None:
        return None
    remaining = usage.remaining_bytes
    if not usage.verified or usage.used_bytes is None:
        status: Literal["not verified", "within limit", "limit reached"] = "not verified"
    elif usage.exhausted:
        status = "limit reached"
    else:
        status = "within limit"
    return UsageOut(
        limit_bytes=usage.limit_bytes,
        limit_tb=usage.limit_bytes / TB,
        used_bytes=usage.used_bytes,
        remaining_bytes=remaining,
        remaining_tb=None if remaining is None else remaining / TB,
        status=status,
    )


def _owner_data(unit: Unit) -> OwnerDataOut:
    return OwnerDataOut(
        owner=unit.owner,
        first_invoiced_to=unit.first_invoiced_to,
        first_invoiced_on=unit.first_invoiced_on,
        purchased_on=unit.purchased_on,
        proof_of_purchase=unit.proof_of_purchase,
        country_of_purchase=unit.country_of_purchase,
    )


def coverage_answer(
    unit: Unit, decision: Decision, *, owner_visible: bool = False
) -> CoverageAnswer:
    """Flatten a decision about ``unit`` into the shape every entry point shows.

    ``owner_visible``: the asker may see the unit's owner data (decided by the
    caller with ``may_see_unit``); by default the answer is the public one.
    """
    coverages = [
        CoverageOut(
            kind=str(term.kind),
            starts_on=term.starts_on,
            ends_on=term.ends_on,
            in_force=term.contains(decision.on),
            clause_ids=list(term.clause_ids),
            note=term.note,
        )
        for term in decision.terms
    ]
    applies = next(
        (c for c, t in zip(coverages, decision.terms, strict=True) if t == decision.applies),
        None,
    )
    until = max((t.ends_on for t in decision.terms), default=None)
    covered = decision.outcome is Outcome.COVERED
    return CoverageAnswer(
        brand=unit.brand,
        serial=unit.serial,
        model=unit.model,
        product_line=unit.product_line,
        on=decision.on,
        covered=covered,
        outcome=decision.outcome,
        summary=decision.summary,
        covered_until=until if covered else None,
        applies=applies,
        coverages=coverages,
        usage=_usage(decision.usage),
        voided=decision.voided,
        voiding_findings=list(unit.voiding_findings),
        reasons=[
            ReasonOut(
                clause_id=c.clause_id,
                text=c.text,
                inferred=c.inferred,
                role="determining" if c.clause_id in decision.determining else "supporting",
            )
            for c in decision.citations
        ],
        determining=list(decision.determining),
        supporting=list(decision.supporting),
        errors=[
            FactErrorOut(fact=e.fact, value=e.value, message=e.message) for e in decision.errors
        ],
        missing=[
            MissingOut(fact=m.fact, why=m.why, clause_id=m.clause_id) for m in decision.missing
        ],
        notes=list(decision.notes),
        facts_used={
            name: value
            for name, value in decision.facts_used.items()
            if owner_visible or name not in PRIVATE_FACTS
        },
        policy_id=decision.policy_id,
        policy_version=decision.policy_version,
        owner_data=_owner_data(unit) if owner_visible else None,
    )


class BatchLine(BaseModel):
    index: int
    serial: str
    brand: str | None
    answer: CoverageAnswer | None = None
    error: dict[str, object] | None = None
