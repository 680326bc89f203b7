"""The answers stored projections give, worked out once for every unit alike.

When and why: a batch check answers each unit from its stored projection
(``policy.projection.answer_on``). Units bought on the same day under the same
policy version hold the same stored terms and stretches, and so the same
answer: on a real installed base there are a few tens of thousands of such
answers for millions of units (26,289 among the benchmark's 1,000,000). The
API's batches are a thousand serials each, so an answer worked out per batch was
worked out again by the next: decoding the stored JSON and building the answer
was a third of a batch request's CPU (docs/benchmarks.md). ``ProjectedAnswers``
keeps them for the process (``Runtime.projected_answers``), so that every
batch after the first few finds most of its answers made.

Nothing but the stored row reaches the answer (``answer_on``): not the unit,
its region or its start day, nor the policy book, so an answer kept is never
stale; a new policy version gives new rows, and new keys. Bounded: past
``MAX_KEPT`` the memo starts again. Safe to share between threads: each
dictionary operation is atomic, and two threads that make the same answer at
once keep either (they are equal).
"""

from __future__ import annotations

from datetime import date

from warrantor.policy.projection import CoverageProjection, ProjectedAnswer, answer_on
from warrantor.services.installed_base.projection_codec import decode_for_day, with_parts
from warrantor.store.coverage_projection import ProjectionRow


class ProjectedAnswers:
    """``answer_on`` of stored projection rows, kept for every row alike (see the module)."""

    MAX_KEPT = 50_000

    def __init__(self) -> None:
        self._answers: dict[tuple[object, ...], ProjectedAnswer] = {}
        self._parts: dict[tuple[str, str, date], CoverageProjection] = {}

    def answer(self, row: ProjectionRow, on: date) -> ProjectedAnswer:
        """The answer ``row`` gives for ``on``: worked out once for rows that hold the same
        answer (the same stored terms, stretches, version, voiding and usage), then one
        dictionary lookup for each row alike. The same object is handed to each, so a
        writer may encode each answer once (``views.coverage_compact``). Rows that differ
        only in their usage limit or version (an SSD's capacity) share the decoded terms
        and stretch as well."""
        key = (
            row.terms,
            row.stretches,
            row.policy_id,
            row.policy_version,
            row.voided,
            row.usage_limit_bytes,
            row.reading_bytes,
            row.reading_on,
            on,
        )
        answer = self._answers.get(key)
        if answer is None:
            stored = (row.terms, row.stretches, on)
            decoded = self._parts.get(stored)
            if decoded is None:
                decoded = decode_for_day(row, on)
                if len(self._parts) >= self.MAX_KEPT:
                    self._parts.clear()
                self._parts[stored] = decoded
            answer = answer_on(with_parts(row, decoded.terms, decoded.stretches), on)
            if len(self._answers) >= self.MAX_KEPT:
                self._answers.clear()  # bounded memory; rows alike are met again soon
            self._answers[key] = answer
        return answer
