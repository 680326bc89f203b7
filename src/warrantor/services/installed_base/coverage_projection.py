"""Keeping each unit's coverage projection right, and recomputing it after a policy change.

When: every change that moves a unit's coverage calls ``refresh_projections``
inside its own unit of work, so the projection commits (or rolls back) with
the change: registration and unit edits (``units``, ``registration``),
extension grants and moves (``sales.orders``, ``sales.quotes``, the
workshop's replacement), repair cover and replacement units
(``rma.repair``), voiding findings and usage readings (``rma.inspection``).
The bulk import computes its rows in its own streaming pass
(``unit_import_projection``). A policy change is caught up with by
``recompute_projections``: the worker's ``recompute_coverage`` duty
(``catch_up``, every 15 minutes) or ``warrantor coverage recompute`` at once.
Until it reaches a unit, that unit's projection is *behind*
(``VersionWindows``) and the check answers it from the full evaluation
instead, saying so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from warrantor.errors import NotFound
from warrantor.policy.book import PolicyBook
from warrantor.policy.facts import Facts
from warrantor.policy.projection import ANY_DAY, ProjectionCache, project
from warrantor.services.installed_base.projection_codec import encode
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.coverage_facts import UnitFacts, read_coverage_facts
from warrantor.store.coverage_projection import (
    ProjectionRepository,
    VersionSpan,
    units_without_projection,
    version_spans,
)

RECOMPUTE_CHUNK = 1000
"""Units per transaction of a recompute: small enough to hold few locks for long."""


def facts_of(found: UnitFacts, on: date = ANY_DAY) -> Facts:
    """The facts of a check on the unit on ``on`` (a projection asks every day itself)."""
    record = found.record
    return Facts(
        unit=record.unit,
        on=on,
        extensions=record.extensions,
        repair_coverages=record.repair_coverages,
        reading=record.reading,
    )


def refresh_projections(
    uow: UnitOfWork,
    book: PolicyBook,
    unit_ids: Iterable[int],
    cache: ProjectionCache | None = None,
) -> int:
    """Recompute and store the projection of each unit of ``unit_ids``, in ``uow``'s
    transaction (so it commits, or rolls back, with the change that moved it).

    Returns how many were stored. A unit of a brand no policy covers any more
    keeps its old projection (the check then answers it as before: not found).
    """
    found = read_coverage_facts(uow.connection, sorted(set(unit_ids)))
    rows = []
    for unit in found.values():
        facts = facts_of(unit)
        try:
            made = cache.project(facts) if cache is not None else project(book, facts)
        except NotFound:
            continue
        rows.append(encode(unit.unit_id, unit.brand_id, made))
    ProjectionRepository(uow.connection).save(rows)
    return len(rows)


def refresh_serials(uow: UnitOfWork, book: PolicyBook, units: Iterable[tuple[str, str]]) -> int:
    """``refresh_projections`` for units named by ``(brand, serial)`` (unknown ones skipped)."""
    ids = [uow.units.id_of(brand, serial) for brand, serial in set(units)]
    return refresh_projections(uow, book, [unit_id for unit_id in ids if unit_id is not None])


class VersionWindows:
    """Whether a stored projection is behind: made by a policy version other than the one in
    force for its unit's brand and start date (a version was added or changed since).

    A version is in force for the start days from its ``effective_from`` to the next
    version's (the earliest also before its own, the latest for a unit with no start:
    ``PolicyBook.version_for``). Each version's window is worked out once, so a batch of a
    million units asks two date comparisons of each, not the book.
    """

    def __init__(self, book: PolicyBook) -> None:
        self._book = book
        self._windows: dict[tuple[str, str, str], tuple[date | None, date | None, bool] | None]
        self._windows = {}

    def behind(
        self, brand: str, start_on: date | None, policy_id: str, policy_version: str
    ) -> bool:
        key = (brand, policy_id, policy_version)
        if key not in self._windows:
            self._windows[key] = self._window(*key)
        window = self._windows[key]
        if window is None:  # a version the book no longer has (or a brand it lost)
            return True
        since, until, latest = window
        if start_on is None:
            return not latest
        return (since is not None and start_on < since) or (until is not None and start_on >= until)

    def _window(
        self, brand: str, policy_id: str, policy_version: str
    ) -> tuple[date | None, date | None, bool] | None:
        try:
            versions = self._book.versions(brand)
        except NotFound:
            return None
        for index, policy in enumerate(versions):
            if (policy.id, policy.version) == (policy_id, policy_version):
                since = policy.effective_from if index else None
                later = versions[index + 1].effective_from if index + 1 < len(versions) else None
                return since, later, later is None
        return None


@dataclass(frozen=True, slots=True)
class RecomputeProgress:
    """Where a recompute stands after one chunk (each chunk is committed)."""

    last_unit_id: int
    """Resume after this unit id (``warrantor coverage recompute --after``)."""
    examined: int
    recomputed: int


def recompute_projections(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    *,
    after: int = 0,
    chunk_size: int = RECOMPUTE_CHUNK,
    everything: bool = False,
) -> Iterator[RecomputeProgress]:
    """Walk the installed base by unit id from ``after``, in chunks of ``chunk_size``, each
    in its own transaction, recomputing every projection that is missing or behind (every
    one with ``everything``); yields the progress after each chunk.

    Resumable: stopped anywhere, run it again (or from ``last_unit_id``): chunks done are
    committed and no longer behind, so they are only read.
    """
    cache, windows = ProjectionCache(book), VersionWindows(book)
    examined = recomputed = 0
    while True:
        with uow_factory() as uow:
            repository = ProjectionRepository(uow.connection)
            chunk = repository.stored_versions_after(after, chunk_size)
            if not chunk:
                return
            stale = [
                unit.unit_id
                for unit in chunk
                if everything
                or not unit.complete
                or unit.policy_id is None
                or unit.policy_version is None
                or windows.behind(unit.brand, unit.start_on, unit.policy_id, unit.policy_version)
            ]
            recomputed += refresh_projections(uow, book, stale, cache)
        examined += len(chunk)
        after = chunk[-1].unit_id
        yield RecomputeProgress(after, examined, recomputed)


def catch_up(uow_factory: UnitOfWorkFactory, book: PolicyBook) -> str:
    """The periodic duty's work (``jobs.duties``): when any stored projection is behind the
    policies in force, or missing, recompute them (``recompute_projections``); says what it
    did in one line.

    Whether any is behind is one grouped pass over the table (each policy version's
    earliest and latest start day against its window), so a run with nothing to do is cheap.
    """
    windows = VersionWindows(book)
    with uow_factory(read_only=True) as uow:
        spans = version_spans(uow.connection)
        missing = units_without_projection(uow.connection)
    behind = [span for span in spans if _span_behind(windows, span)]
    if not behind and not missing:
        return "no coverage projection behind the policies in force"
    examined = recomputed = 0
    for progress in recompute_projections(uow_factory, book):
        examined, recomputed = progress.examined, progress.recomputed
    versions = ", ".join(f"{s.brand} {s.policy_version}" for s in behind) or "none"
    return (
        f"{recomputed} coverage projections recomputed of {examined} units "
        f"(behind: {versions}; missing: {missing})"
    )


def _span_behind(windows: VersionWindows, span: VersionSpan) -> bool:
    """Some projection of ``span`` is behind: a window holds both ends of a span or not."""
    ends = [day for day in (span.earliest_start, span.latest_start) if day is not None]
    version = (span.policy_id, span.policy_version)
    if any(windows.behind(span.brand, day, *version) for day in ends):
        return True
    return bool(span.without_start) and windows.behind(span.brand, None, *version)
