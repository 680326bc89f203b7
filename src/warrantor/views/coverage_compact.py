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

import json
from datetime import date
from json.encoder import encode_basestring_ascii as _encode_text
from typing import Any, Literal

from pydantic import BaseModel

from warrantor.errors import WarrantorError
from warrantor.policy.decision import Outcome, UsageStatus
from warrantor.policy.projection import ProjectedAnswer
from warrantor.services.installed_base.batch_check import CompactAnswer
from warrantor.services.installed_base.projected_answers import ProjectedAnswers

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
    return {
        "brand": result.brand,
        "serial": result.serial,
        **_answer_fields(result.answer),
        "answered_from": result.answered_from,
        "projection": result.projection,
    }


def _answer_fields(answer: ProjectedAnswer) -> dict[str, Any]:
    """The fields of ``CompactCoverage`` that come from the answer alone (not the unit)."""
    applies = answer.applies
    until = answer.covered_until
    return {
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


class _SharedAnswers:
    """Each shared answer's own fields (``_answer_fields``) encoded once as JSON members,
    with ``separators`` as ``json.dumps`` takes them.

    When and why: a batch writes a million lines, and most units alike share one answer
    object (``batch_check`` hands the same ``ProjectedAnswer`` to each); only a line's
    own fields (its index or row, serial, brand) are encoded per line. One per batch
    (the encodings are kept while it runs, bounded), or one per app for the API's
    batches, whose answers are kept across batches (``Runtime.projected_answers``).
    Safe to share between threads: each dictionary operation is atomic."""

    MAX_KEPT = ProjectedAnswers.MAX_KEPT
    """As many encodings as answers kept, so an app's writer finds each kept answer's."""

    def __init__(self, separators: tuple[str, str]) -> None:
        self._separators = separators
        self._encoded: dict[int, tuple[ProjectedAnswer, str]] = {}

    def _fields(self, answer: ProjectedAnswer) -> str:
        """``_answer_fields`` as JSON members (no braces), encoded once per answer object
        (the object is kept with its text, so its ``id`` can't be reused meanwhile)."""
        kept = self._encoded.get(id(answer))
        if kept is not None and kept[0] is answer:
            return kept[1]
        text = json.dumps(_answer_fields(answer), separators=self._separators)[1:-1]
        if len(self._encoded) >= self.MAX_KEPT:
            self._encoded.clear()
        self._encoded[id(answer)] = (answer, text)
        return text


class CompactJsonLines(_SharedAnswers):
    """One batch's compact lines as the API streams them: the same text as ``json.dumps``
    of ``compact_line`` with ``(",", ":")`` separators."""

    def __init__(self) -> None:
        super().__init__(_SEPARATORS)

    def line(self, line: CompactAnswer, error: dict[str, object] | None = None) -> str:
        result = line.result
        if result is None or error is not None:
            return json.dumps(compact_line(line, error), separators=_SEPARATORS)
        item = line.item
        return (
            f'{{"index":{item.row},"serial":{_text(item.serial)},"brand":{_text(item.brand)},'
            f'"answer":{{"brand":{_text(result.brand)},"serial":{_text(result.serial)},'
            f'{self._fields(result.answer)},"answered_from":{_text(result.answered_from)},'
            f'"projection":{_text(result.projection)}}},"error":null}}'
        )


class CompactCliLines(_SharedAnswers):
    """One batch's compact lines as ``warrantor check --file --format jsonl`` writes them:
    the same text as ``json.dumps(cli_line(answer))`` (its default separators)."""

    def __init__(self) -> None:
        super().__init__((", ", ": "))

    def line(self, answer: CompactAnswer) -> str:
        result = answer.result
        if result is None or answer.error is not None:
            return json.dumps(cli_line(answer))
        item = answer.item
        return (
            f'{{"row": {item.row}, "serial": {_text(item.serial)}, '
            f'"answer": {{"brand": {_text(result.brand)}, "serial": {_text(result.serial)}, '
            f'{self._fields(result.answer)}, "answered_from": {_text(result.answered_from)}, '
            f'"projection": {_text(result.projection)}}}}}'
        )


def cli_line(answer: CompactAnswer) -> dict[str, object]:
    """A compact batch line as the CLI's JSON lines hold it: the row, the serial asked, and
    the answer or the error's message."""
    line: dict[str, object] = {"row": answer.item.row, "serial": answer.item.serial}
    if answer.error is not None:
        line["error"] = answer.error.message
    else:
        line["answer"] = compact_coverage(answer)
    return line


_SEPARATORS = (",", ":")


def _text(value: str | None) -> str:
    """``json.dumps`` of a text or ``None``, by the encoder's own C function for text."""
    return "null" if value is None else _encode_text(value)


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
