"""What a full coverage answer shows beyond the projection's compact answer, held for any day.

When and why: the single check (page, API, CLI) shows the whole ``Decision``:
the summary, the supporting clauses, what is missing, the facts used, the
notes, each term's clauses and note. The compact projection
(``policy.projection``) holds only the outcome, dates, usage and determining
clause ids, so the single check had to run the engine on a ten-table read each
time. These details are recorded beside it by ``project`` from the same
decisions, once per stretch of days on which they can't change, so the check
can rebuild the engine's ``Decision`` for a day without the engine
(``projection_decision.decision_on``): a lookup and the clauses' sentences from the policy.

What varies by day (summary, supporting clauses, missing facts, whether the
service is refused) is kept per stretch; what a check's decision takes from
the unit alone (every term with its clauses and note, the facts used, the
notes, the facts it can't judge by) once. If the latter ever changed with
the day, ``details_of`` gives ``None`` and the check keeps to the full
evaluation; the property test holds ``decision_on`` equal to ``evaluate``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from warrantor.policy.decision import CoverageTerm, Decision, FactError, Missing


@dataclass(frozen=True, slots=True)
class DetailStretch:
    """Days from ``starts_on`` (``None``: every day before the next) to the next stretch's
    start, on each of which the decision's day-bound details are the same."""

    starts_on: date | None
    summary: str
    supporting: tuple[str, ...]
    missing: tuple[Missing, ...]
    service_refused: bool


@dataclass(frozen=True, slots=True)
class ProjectedDetails:
    """The rest of a check's ``Decision`` for every day (see the module docstring)."""

    terms: tuple[CoverageTerm, ...]
    """``Decision.terms`` with their clause ids and notes (the projection's, with dates only,
    are in the same order)."""
    errors: tuple[FactError, ...]
    facts_used: tuple[tuple[str, str], ...]
    """In the engine's order (an answer shows them so)."""
    notes: tuple[str, ...]
    findings: tuple[str, ...]
    """The unit's recorded findings (``Unit.voiding_findings``) the projection was made
    with: the answer lists them, so the check need not read them again."""
    stretches: tuple[DetailStretch, ...]

    def stretch_at(self, day: date) -> DetailStretch:
        found = self.stretches[0]
        for stretch in self.stretches[1:]:
            if stretch.starts_on is not None and stretch.starts_on > day:
                break
            found = stretch
        return found


def details_of(
    decisions: Sequence[tuple[date | None, Decision]], findings: tuple[str, ...]
) -> ProjectedDetails | None:
    """The details of the engine's ``decisions`` (each with the first day of its stretch, the
    first ``None``), consecutive equal stretches merged; ``None`` when something that
    should be the same every day is not (the check then keeps to the full evaluation)."""
    first = decisions[0][1]
    stretches: list[DetailStretch] = []
    for starts_on, decision in decisions:
        if (decision.terms, decision.errors, decision.facts_used, decision.notes) != (
            first.terms,
            first.errors,
            first.facts_used,
            first.notes,
        ):
            return None
        stretch = DetailStretch(
            starts_on,
            decision.summary,
            decision.supporting,
            decision.missing,
            decision.service_refused,
        )
        if stretches and _same(stretches[-1], stretch):
            continue
        stretches.append(stretch)
    return ProjectedDetails(
        terms=first.terms,
        errors=first.errors,
        facts_used=tuple(first.facts_used.items()),
        notes=first.notes,
        findings=findings,
        stretches=tuple(stretches),
    )


def _same(before: DetailStretch, after: DetailStretch) -> bool:
    return (before.summary, before.supporting, before.missing, before.service_refused) == (
        after.summary,
        after.supporting,
        after.missing,
        after.service_refused,
    )
