"""A ``CoverageProjection`` as the store keeps it (``ProjectionRow``), and back.

``terms`` and ``stretches`` are compact JSON arrays, readable in SQL and the
same on both engines::

    terms      [["standard", "2023-05-02", "2025-05-01"], ...]
    stretches  [[null, "not_covered", null, null, ["qnap.expiry", ...]],
                ["2023-05-02", "covered", 0, null, ["qnap.table.2-year", ...]], ...]

(a stretch: first day or null, outcome, index of the term it rests on or null,
usage verified true/false or null, determining clause ids). The columns beside
them (``last_ends_on``, ``covered_from``, ...) are derived here, once, so that
reports filter on them without decoding anything.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

from warrantor.policy.decision import CoverageKind, CoverageTerm, FactError, Missing, Outcome
from warrantor.policy.projection import CoverageProjection, ProjectedTerm, Stretch
from warrantor.policy.projection_details import DetailStretch, ProjectedDetails
from warrantor.store.coverage_projection import ProjectionRow

_COMPACT = (",", ":")


def encode(unit_id: int, brand_id: int, projection: CoverageProjection) -> ProjectionRow:
    """The row that stores ``projection`` for unit ``unit_id`` of brand ``brand_id``."""
    last = projection.last_term
    return ProjectionRow(
        unit_id=unit_id,
        brand_id=brand_id,
        policy_id=projection.policy_id,
        policy_version=projection.policy_version,
        start_on=projection.start_on,
        voided=projection.voided,
        region=projection.region,
        usage_limit_bytes=projection.usage_limit_bytes,
        reading_bytes=projection.reading_bytes,
        reading_on=projection.reading_on,
        terms=encode_terms(projection.terms),
        stretches=encode_stretches(projection.stretches),
        covered_from=projection.covered_from,
        last_ends_on=last.ends_on if last else None,
        last_kind=str(last.kind) if last else None,
        details=None if projection.details is None else encode_details(projection.details),
    )


def encode_terms(terms: tuple[ProjectedTerm, ...]) -> str:
    return json.dumps(
        [[str(t.kind), t.starts_on.isoformat(), t.ends_on.isoformat()] for t in terms],
        separators=_COMPACT,
    )


def encode_stretches(stretches: tuple[Stretch, ...]) -> str:
    return json.dumps(
        [
            [
                s.starts_on.isoformat() if s.starts_on else None,
                str(s.outcome),
                s.applies,
                s.usage_verified,
                list(s.determining),
            ]
            for s in stretches
        ],
        separators=_COMPACT,
    )


def encode_details(details: ProjectedDetails) -> str:
    """``details`` as one compact JSON array: each term's clause ids and note (its kind and
    dates are in ``terms``), the facts the policy can't judge by, the facts used, the notes,
    the unit's findings, and per stretch its first day, summary, supporting clause ids,
    missing facts and whether the service is refused."""
    return json.dumps(
        [
            [[list(t.clause_ids), t.note] for t in details.terms],
            [[e.fact, e.value, e.message] for e in details.errors],
            [list(pair) for pair in details.facts_used],
            list(details.notes),
            list(details.findings),
            [
                [
                    s.starts_on.isoformat() if s.starts_on else None,
                    s.summary,
                    list(s.supporting),
                    [[m.fact, m.why, m.clause_id] for m in s.missing],
                    s.service_refused,
                ]
                for s in details.stretches
            ],
        ],
        separators=_COMPACT,
    )


def decode_details(text: str, terms: tuple[ProjectedTerm, ...]) -> ProjectedDetails:
    """The details ``encode_details`` stored, for a projection of ``terms``."""
    cited, errors, used, notes, findings, stretches = json.loads(text)
    return ProjectedDetails(
        terms=tuple(
            CoverageTerm(t.kind, t.starts_on, t.ends_on, tuple(ids), note)
            for t, (ids, note) in zip(terms, cited, strict=True)
        ),
        errors=tuple(FactError(*error) for error in errors),
        facts_used=tuple((name, value) for name, value in used),
        notes=tuple(notes),
        findings=tuple(findings),
        stretches=tuple(
            DetailStretch(
                starts_on=_day(starts) if starts else None,
                summary=summary,
                supporting=tuple(supporting),
                missing=tuple(Missing(*missing) for missing in missed),
                service_refused=refused,
            )
            for starts, summary, supporting, missed, refused in stretches
        ),
    )


def decode(row: ProjectionRow) -> CoverageProjection:
    """The projection a stored row holds (with its details, when stored)."""
    terms = decode_terms(row.terms)
    details = None if row.details is None else decode_details(row.details, terms)
    return with_parts(row, terms, decode_stretches(row.stretches), details)


def with_parts(
    row: ProjectionRow,
    terms: tuple[ProjectedTerm, ...],
    stretches: tuple[Stretch, ...],
    details: ProjectedDetails | None = None,
) -> CoverageProjection:
    """The projection of ``row`` with its ``terms`` and ``stretches`` (and ``details``)
    already decoded."""
    return CoverageProjection(
        policy_id=row.policy_id,
        policy_version=row.policy_version,
        start_on=row.start_on,
        voided=row.voided,
        region=row.region,
        usage_limit_bytes=row.usage_limit_bytes,
        reading_bytes=row.reading_bytes,
        reading_on=row.reading_on,
        terms=terms,
        stretches=stretches,
        details=details,
    )


def decode_for_day(row: ProjectionRow, day: date) -> CoverageProjection:
    """The stored projection cut to ``day``: every term, and only the stretch holding ``day``
    (``answer_on(decode_for_day(row, day), day) == answer_on(decode(row), day)``).

    When and why: a batch asks about one day, and most of a stored projection's stretches
    are other days'; it finds the stretch in the stored JSON (ISO days compare as text)
    and builds that one only."""
    wanted = day.isoformat()
    stored = json.loads(row.stretches)
    held = stored[0]
    for stretch in stored[1:]:
        if stretch[0] > wanted:
            break
        held = stretch
    starts, outcome, applies, verified, determining = held
    stretch = Stretch(
        starts_on=_day(starts) if starts else None,
        outcome=_OUTCOMES[outcome],
        applies=applies,
        usage_verified=verified,
        determining=tuple(determining),
    )
    return with_parts(row, decode_terms(row.terms), (stretch,))


def decode_terms(text: str) -> tuple[ProjectedTerm, ...]:
    return tuple(
        ProjectedTerm(_KINDS[kind], _day(starts), _day(ends))
        for kind, starts, ends in json.loads(text)
    )


def decode_stretches(text: str) -> tuple[Stretch, ...]:
    return tuple(
        Stretch(
            starts_on=_day(starts) if starts else None,
            outcome=_OUTCOMES[outcome],
            applies=applies,
            usage_verified=verified,
            determining=tuple(determining),
        )
        for starts, outcome, applies, verified, determining in json.loads(text)
    )


_KINDS = {kind.value: kind for kind in CoverageKind}
_OUTCOMES = {outcome.value: outcome for outcome in Outcome}


@lru_cache(maxsize=1 << 16)
def _day(text: str) -> date:
    """An ISO day, parsed once: a batch decodes the same few thousand days over and over."""
    return date.fromisoformat(text)
