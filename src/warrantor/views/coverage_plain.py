"""A coverage answer in plain words, for the pages people read (the public check, the
customer's product page).

The API and ``--json`` keep the full ``CoverageAnswer`` (clause ids, the inferred
notes, the facts used); a page shows this instead:

- a headline sentence ("Covered until 29 April 2027 by the standard warranty of the
  TVS-ECx80U-SAS Series (5 years).");
- each coverage's row with a status that agrees with the verdict, saying why a
  coverage in force doesn't count (void, counterfeit, TBW used up, outside its region);
- the clauses that decided, then those that support, each sentence once (clauses
  quoting the same sentence are listed together), quoted as published: a row of a
  warranty table is named as one, never quoted as run-together cells, and the notes
  on why a clause is inferred stay on staff pages.

Nothing here decides: it words what ``CoverageAnswer`` already says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from warrantor.views.coverage import CoverageAnswer, CoverageOut, ReasonOut
from warrantor.views.names import coverage_kind, day, words

SENTENCE_END = (".", ":", ";", "!", "?", ".”", '."')


@dataclass(frozen=True, slots=True)
class CoverageRow:
    kind: str
    starts_on: date
    ends_on: date
    counts: bool
    status: str


@dataclass(slots=True)
class Reason:
    """One published sentence and every clause id that quotes it."""

    clause_ids: list[str]
    quote: str | None
    """The sentence as published; ``None`` for a row of a table (``table_row``)."""
    table_row: bool = False
    implied: bool = False
    """The policy implies the rule rather than stating it."""
    table: str | None = None
    """The table's heading as published ("Warranty Period"), when a row cites one."""


@dataclass(frozen=True, slots=True)
class PlainAnswer:
    headline: str
    rows: list[CoverageRow]
    decided_by: list[Reason]
    also: list[Reason] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def is_table_row(text: str) -> bool:
    """A clause text that is cells of a table, not a sentence: markdown pipes, or words
    that end without a sentence's punctuation ("... 2 Year Included 1 Additional Year")."""
    stripped = text.strip()
    return "|" in stripped or not stripped.endswith(SENTENCE_END)


def _years(start: date, end: date) -> int:
    return round(((end + timedelta(days=1)) - start).days / 365.25)


TABLE = "table"


def _table_key(text: str) -> str:
    """Rows of one table are one reason: a table named by a short heading ("Warranty
    Period") by it, any other row as the warranty table."""
    stripped = text.strip()
    if "|" not in stripped and len(stripped) <= 40:
        return stripped
    return TABLE


def _reason_groups(reasons: list[ReasonOut]) -> tuple[list[Reason], list[Reason]]:
    """The deciding sentences and the supporting ones, each once: a sentence quoted by a
    deciding clause and a supporting one is listed with the deciding ones."""
    groups: dict[str, Reason] = {}
    deciding: set[str] = set()
    for r in reasons:
        key = _table_key(r.text) if is_table_row(r.text) else r.text.strip()
        if r.role == "determining":
            deciding.add(key)
        if key in groups:
            if r.clause_id not in groups[key].clause_ids:
                groups[key].clause_ids.append(r.clause_id)
            continue
        table = is_table_row(r.text)
        quote = None if table else key
        heading = key if table and key != TABLE else None
        groups[key] = Reason([r.clause_id], quote, table, r.inferred is not None, heading)
    decided = [g for key, g in groups.items() if key in deciding]
    return decided, [g for key, g in groups.items() if key not in deciding]


def _why_not(answer: CoverageAnswer) -> str:
    """Why a coverage in force on the day does not count, from what decided."""
    decided = " ".join(answer.determining)
    if answer.voided:
        findings = ", ".join(words(f).lower() for f in answer.voiding_findings)
        return f"the warranty is void ({findings})" if findings else "the warranty is void"
    if answer.usage is not None and answer.usage.status == "limit reached":
        return "its TBW (bytes written) limit is used up"
    if "counterfeit" in decided:
        return "the unit is counterfeit"
    if "region" in decided or "usa-canada" in decided:
        return "the unit is outside the region this coverage is valid in"
    if answer.errors:
        return "a fact could not be judged"
    return "it does not apply to this case"


def _row(c: CoverageOut, answer: CoverageAnswer) -> CoverageRow:
    kind = coverage_kind(c.kind)
    if c.ends_on < answer.on:
        return CoverageRow(kind, c.starts_on, c.ends_on, False, f"Ended {day(c.ends_on)}")
    if c.starts_on > answer.on:
        counts = answer.covered
        return CoverageRow(kind, c.starts_on, c.ends_on, counts, f"Starts {day(c.starts_on)}")
    if answer.covered:
        applies = answer.applies is not None and answer.applies == c
        status = "Applies" if applies else "In force"
        return CoverageRow(kind, c.starts_on, c.ends_on, True, status)
    if answer.outcome.value == "needs_information":
        return CoverageRow(kind, c.starts_on, c.ends_on, False, "Not decided: see below")
    return CoverageRow(kind, c.starts_on, c.ends_on, False, f"Doesn't count: {_why_not(answer)}")


def _headline(answer: CoverageAnswer, line_name: str) -> str:
    on = day(answer.on)
    if answer.outcome.value == "needs_information":
        return f"We can't say yet whether this unit is covered on {on}: we need more information."
    if not answer.covered:
        rows = [c for c in answer.coverages if c.starts_on <= answer.on]
        if answer.voided:
            return f"Not covered on {on}: {_why_not(answer)}."
        if rows and all(c.ends_on < answer.on for c in rows):
            last = max(rows, key=lambda c: c.ends_on)
            return (
                f"Not covered on {on}: the {coverage_kind(last.kind)} ended on {day(last.ends_on)}."
            )
        return f"Not covered on {on}: {_why_not(answer)}."
    applies = answer.applies
    if applies is None:
        return f"Covered on {on}."
    of_line = f" of the {line_name}" if line_name else ""
    years = _years(applies.starts_on, applies.ends_on)
    span = f" ({years} year{'s' if years != 1 else ''})" if years else ""
    later = [c for c in answer.coverages if c.starts_on > applies.ends_on]
    text = (
        f"Covered until {day(applies.ends_on)} by the {coverage_kind(applies.kind)}{of_line}{span}"
    )
    if later:
        last = max(later, key=lambda c: c.ends_on)
        text += f", then by the {coverage_kind(last.kind)} until {day(last.ends_on)}"
    return text + "."


_FILE_NOTE = re.compile(r"\s*\([^()]*\.(?:md|toml|txt)\b[^()]*\)")


def public_note(note: str) -> str:
    """A decision's note without the references to our own files ("(FACTS.md)")."""
    cleaned = note
    while True:
        shorter = _FILE_NOTE.sub("", cleaned)
        if shorter == cleaned:
            return cleaned.strip()
        cleaned = shorter


def plain_answer(answer: CoverageAnswer, line_name: str = "") -> PlainAnswer:
    """``answer`` in plain words; ``line_name``: its product line's name ("TS-x53 NAS Series")."""
    decided_by, also = _reason_groups(answer.reasons)
    return PlainAnswer(
        headline=_headline(answer, line_name),
        rows=[_row(c, answer) for c in answer.coverages],
        decided_by=decided_by,
        also=also,
        notes=[public_note(n) for n in answer.notes],
    )
