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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from warrantor.domain.workshop import Reason as StoredReason
from warrantor.domain.workshop import StoredDecision
from warrantor.i18n import formats
from warrantor.i18n.decisions import note_said
from warrantor.i18n.locales import ENGLISH, gettext
from warrantor.i18n.sentences import localised
from warrantor.policy.text import WARRANTY_TABLE, is_table_row, table_key
from warrantor.views.coverage import CoverageAnswer, CoverageOut, ReasonOut
from warrantor.views.names import coverage_kind, words


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


def _years(start: date, end: date) -> int:
    return round(((end + timedelta(days=1)) - start).days / 365.25)


def _reason_groups(
    reasons: Sequence[ReasonOut | StoredReason],
) -> tuple[list[Reason], list[Reason]]:
    """The deciding sentences and the supporting ones, each once: a sentence quoted by a
    deciding clause and a supporting one is listed with the deciding ones."""
    groups: dict[str, Reason] = {}
    deciding: set[str] = set()
    for r in reasons:
        key = table_key(r.text) if is_table_row(r.text) else r.text.strip()
        if r.role == "determining":
            deciding.add(key)
        if key in groups:
            if r.clause_id not in groups[key].clause_ids:
                groups[key].clause_ids.append(r.clause_id)
            continue
        table = is_table_row(r.text)
        quote = None if table else key
        heading = key if table and key != WARRANTY_TABLE else None
        implied = getattr(r, "inferred", None) is not None
        groups[key] = Reason([r.clause_id], quote, table, implied, heading)
    decided = [g for key, g in groups.items() if key in deciding]
    return decided, [g for key, g in groups.items() if key not in deciding]


class _Words:
    """The sentences of one language (English: as written here; others: the catalogue's)."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def __call__(self, message: str, **values: object) -> str:
        return gettext(message, self.locale).format(**values)

    def day(self, value: date) -> str:
        return formats.day(value, self.locale)

    def kind(self, code: str) -> str:
        return gettext(coverage_kind(code), self.locale)


def _why_not(answer: CoverageAnswer, t: _Words) -> str:
    """Why a coverage in force on the day does not count, from what decided."""
    decided = " ".join(answer.determining)
    if answer.voided:
        findings = formats.listing((words(f).lower() for f in answer.voiding_findings), t.locale)
        if findings:
            return t("the warranty is void ({findings})", findings=findings)
        return t("the warranty is void")
    if answer.usage is not None and answer.usage.status == "limit reached":
        return t("its TBW (bytes written) limit is used up")
    if "counterfeit" in decided:
        return t("the unit is counterfeit")
    # the engine's words when the place of service decided (policy.claim_steps.service_place)
    here = answer.summary.startswith("Not covered here:")
    if here or "region" in decided or "usa-canada" in decided:
        return t("the unit is outside the region this coverage is valid in")
    if answer.errors:
        return t("a fact could not be judged")
    return t("it does not apply to this case")


def _row(c: CoverageOut, answer: CoverageAnswer, t: _Words) -> CoverageRow:
    kind = t.kind(c.kind)
    if c.ends_on < answer.on:
        status = t("Ended {day}", day=t.day(c.ends_on))
        return CoverageRow(kind, c.starts_on, c.ends_on, False, status)
    if c.starts_on > answer.on:
        status = t("Starts {day}", day=t.day(c.starts_on))
        return CoverageRow(kind, c.starts_on, c.ends_on, answer.covered, status)
    if answer.covered:
        applies = answer.applies is not None and answer.applies == c
        status = t("Applies") if applies else t("In force")
        return CoverageRow(kind, c.starts_on, c.ends_on, True, status)
    if answer.outcome.value == "needs_information":
        return CoverageRow(kind, c.starts_on, c.ends_on, False, t("Not decided: see below"))
    status = t("Doesn't count: {why}", why=_why_not(answer, t))
    return CoverageRow(kind, c.starts_on, c.ends_on, False, status)


def _headline(answer: CoverageAnswer, line_name: str, t: _Words) -> str:
    on = t.day(answer.on)
    if answer.outcome.value == "needs_information":
        return t(
            "We can't say yet whether this unit is covered on {day}: we need more information.",
            day=on,
        )
    if not answer.covered:
        rows = [c for c in answer.coverages if c.starts_on <= answer.on]
        if not answer.voided and rows and all(c.ends_on < answer.on for c in rows):
            last = max(rows, key=lambda c: c.ends_on)
            return t(
                "Not covered on {day}: the {kind} ended on {ended}.",
                day=on,
                kind=t.kind(last.kind),
                ended=t.day(last.ends_on),
            )
        return t("Not covered on {day}: {why}.", day=on, why=_why_not(answer, t))
    applies = answer.applies
    if applies is None:
        return t("Covered on {day}.", day=on)
    years = _years(applies.starts_on, applies.ends_on)
    values = {"until": t.day(applies.ends_on), "kind": t.kind(applies.kind), "line": line_name}
    if line_name:
        text = t("Covered until {until} by the {kind} of the {line}", **values)
    else:
        text = t("Covered until {until} by the {kind}", **values)
    if years:
        text += t(" (1 year)") if years == 1 else t(" ({years} years)", years=years)
    later = [c for c in answer.coverages if c.starts_on > applies.ends_on]
    if later:
        last = max(later, key=lambda c: c.ends_on)
        text += t(
            ", then by the {kind} until {until}", kind=t.kind(last.kind), until=t.day(last.ends_on)
        )
    return text + t(".")


_FILE_NOTE = re.compile(r"\s*\([^()]*\.(?:md|toml|txt)\b[^()]*\)")


def public_note(note: str) -> str:
    """A decision's note without the references to our own files ("(FACTS.md)")."""
    cleaned = note
    while True:
        shorter = _FILE_NOTE.sub("", cleaned)
        if shorter == cleaned:
            return cleaned.strip()
        cleaned = shorter


def plain_answer(answer: CoverageAnswer, line_name: str = "", locale: str = ENGLISH) -> PlainAnswer:
    """``answer`` in plain words of ``locale``; ``line_name``: its product line's name ("TS-x53
    NAS Series"). The clauses' sentences are quoted as published, in their own language."""
    decided_by, also = _reason_groups(answer.reasons)
    t = _Words(locale)
    return PlainAnswer(
        headline=_headline(answer, line_name, t),
        rows=[_row(c, answer, t) for c in answer.coverages],
        decided_by=decided_by,
        also=also,
        notes=[localised(note_said(public_note(n)), locale) for n in answer.notes],
    )


@dataclass(frozen=True, slots=True)
class PlainDecision:
    """An RMA's decision in plain words: what it means, then the clauses that decided and
    those that support, each sentence once, quoted as published (as ``PlainAnswer``)."""

    headline: str
    decided_by: list[Reason]
    also: list[Reason]


def plain_decision(decision: StoredDecision, locale: str = ENGLISH) -> PlainDecision:
    """The workshop's decision on a claim, for the customer's RMA page: no summary written
    for staff, no clause quoted twice, a table's row named as one."""
    t = _Words(locale)
    if decision.outcome == "covered":
        if decision.applies_kind and decision.applies_until:
            headline = t(
                "Covered by the {kind} (until {until}): repaired or replaced under warranty.",
                kind=t.kind(decision.applies_kind),
                until=t.day(decision.applies_until),
            )
        else:
            headline = t("Covered: repaired or replaced under warranty.")
    elif decision.outcome == "needs_information":
        headline = t("Not decided yet: we need more information.")
    else:
        headline = t("Not covered: the repair is paid, with a quote first.")
    decided_by, also = _reason_groups(decision.reasons)
    return PlainDecision(headline, decided_by, also)


class _Cited(Protocol):
    @property
    def clause_id(self) -> str: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class PlainReasons:
    """The clauses a decision cites, grouped as the public check groups them."""

    decided_by: list[Reason]
    also: list[Reason]


def plain_citations(
    citations: Sequence[_Cited], determining: Sequence[str] | None = None
) -> PlainReasons:
    """Clauses a decision cites (an extension offer's, a refused serial's) in plain words:
    those in ``determining`` (all, when ``None``) first, each sentence once with every id
    quoting it, a table's row named as one, no notes on why a clause is inferred."""
    if determining is None:
        determining = [c.clause_id for c in citations]
    reasons = [
        ReasonOut(
            clause_id=c.clause_id,
            text=c.text,
            inferred=getattr(c, "inferred", None),
            role="determining" if c.clause_id in determining else "supporting",
        )
        for c in citations
    ]
    return PlainReasons(*_reason_groups(reasons))
