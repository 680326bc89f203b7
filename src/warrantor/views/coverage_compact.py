"""The compact coverage answer of a batch check: outcome, dates, determining clause ids.

One line per serial in the API's NDJSON, the CLI's JSON lines and CSV. Built
as plain dicts (``compact_line``), not models, because a batch writes a
million of them; ``CompactCoverage`` documents the same shape (a test holds
the two together). The full answer (``views.coverage.CoverageAnswer``) is
the batch's full form.

``answered_from`` says where the answer came from: ``projection`` (the stored
coverage projection) or ``evaluation`` (the policy engine, because the
projection was ``behind`` the policies in force or ``missing``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from warrantor.errors import WarrantorError
from warrantor.policy.decision import Outcome, UsageStatus
from warrantor.services.installed_base.batch_check import CompactAnswer

UsageWords = Literal["not verified", "within limit", "limit reached"]


class CompactTerm(BaseModel):
    kind: str
    starts_on: date
    ends_on: date


class CompactCoverage(BaseModel):
    """Is this serial covered on ``on``, until when, and which clauses decided it."""

    brand: str
    serial: str
    on: date
    outcome: Outcome
    covered: bool
    covered_until: date | None
    applies: CompactTerm | None
    determining: list[str]
    usage: UsageWords | None
    voided: bool
    policy_id: str
    policy_version: str
    answered_from: Literal["projection", "evaluation"]
    projection: Literal["current", "behind", "missing"]


class CompactLine(BaseModel):
    """One line of a compact batch answer: the answer, or the error that line got."""

    index: int
    serial: str
    brand: str | None
    answer: CompactCoverage | None = None
    error: dict[str, object] | None = None


def usage_words(usage: UsageStatus | None) -> UsageWords | None:
    """The usage limit's state as the answers word it (``None``: no limit applies)."""
    if usage is None:
        return None
    if not usage.verified or usage.used_bytes is None:
        return "not verified"
    return "limit reached" if usage.exhausted else "within limit"


def compact_coverage(line: CompactAnswer) -> dict[str, Any] | None:
    """The ``CompactCoverage`` of a batch line, as JSON-ready data (``None`` for an error)."""
    result = line.result
    if result is None:
        return None
    answer = result.answer
    applies = answer.applies
    until = answer.covered_until
    return {
        "brand": result.brand,
        "serial": result.serial,
        "on": answer.on.isoformat(),
        "outcome": answer.outcome.value,
        "covered": answer.outcome is Outcome.COVERED,
        "covered_until": until.isoformat() if until else None,
        "applies": None
        if applies is None
        else {
            "kind": applies.kind.value,
            "starts_on": applies.starts_on.isoformat(),
            "ends_on": applies.ends_on.isoformat(),
        },
        "determining": list(answer.determining),
        "usage": usage_words(answer.usage),
        "voided": answer.voided,
        "policy_id": answer.policy_id,
        "policy_version": answer.policy_version,
        "answered_from": result.answered_from,
        "projection": result.projection,
    }


def compact_line(line: CompactAnswer, error: dict[str, object] | None = None) -> dict[str, Any]:
    """A ``CompactLine`` as JSON-ready data; ``error``: the line's error body, if any."""
    return {
        "index": line.item.row,
        "serial": line.item.serial,
        "brand": line.item.brand,
        "answer": compact_coverage(line),
        "error": error,
    }


CSV_COLUMNS = (
    "row",
    "brand",
    "serial",
    "outcome",
    "covered_until",
    "applies",
    "determining",
    "usage",
    "voided",
    "policy_version",
    "answered_from",
    "error",
)


def compact_csv_row(line: CompactAnswer) -> list[object]:
    """A batch line as a row of ``CSV_COLUMNS``."""
    item, result = line.item, line.result
    if result is None:
        message = line.error.message if isinstance(line.error, WarrantorError) else ""
        return [item.row, item.brand or "", item.serial, *[""] * 8, message]
    answer = result.answer
    applies = answer.applies
    return [
        item.row,
        result.brand,
        result.serial,
        answer.outcome.value,
        answer.covered_until or "",
        f"{applies.kind.value} {applies.starts_on}..{applies.ends_on}" if applies else "",
        " ".join(answer.determining),
        usage_words(answer.usage) or "",
        "yes" if answer.voided else "no",
        f"{answer.policy_id} {answer.policy_version}",
        result.answered_from,
        "",
    ]
