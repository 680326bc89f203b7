"""Use case: check many serials at once, read in chunks and answered as they come.

When and why: a batch (a distributor's stock list, a file of a million serials)
must not cost a round trip per serial. Items are taken ``chunk_size`` at a
time; each chunk is one statement (``ProjectionRepository.rows_for_serials``:
the units holding those serials, with their projections, by index lookups),
and each unit is answered from its projection (``answer_on``: a lookup, no
engine). A unit whose projection is missing, or behind the policies in force
(``VersionWindows``), is answered by the full evaluation instead, and the answer
says so (``answered_from``, ``projection``).

The full form (``check_many_full``) answers every unit by the engine, with
everything a check shows; its facts are read a chunk at a time too
(``read_coverage_facts``: four statements per chunk).

Answers come out in the order of the items, one per item: a result, or the
error that item got (a malformed serial, an unknown or ambiguous one), as
``check.check_batch`` words them. Only reads (read-only units of work, one per
chunk, from the read side the caller passes).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

from warrantor.errors import Ambiguous, InvalidInput, NotFound, WarrantorError
from warrantor.policy.book import PolicyBook
from warrantor.policy.projection import (
    CoverageProjection,
    ProjectedAnswer,
    ProjectedTerm,
    Stretch,
    answer_of,
    answer_on,
)
from warrantor.services.installed_base.check import BatchAnswer, BatchItem, CheckResult
from warrantor.services.installed_base.coverage_projection import VersionWindows, facts_of
from warrantor.services.installed_base.projection_codec import (
    decode_stretches,
    decode_terms,
    with_parts,
)
from warrantor.services.installed_base.units import parse_serial
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.coverage_facts import read_coverage_facts
from warrantor.store.coverage_projection import ProjectionRepository, ProjectionRow, UnitProjection

CHUNK = 1000
"""Serials per statement: a round trip per thousand, not per serial."""

ProjectionState = Literal["current", "behind", "missing"]


@dataclass(frozen=True, slots=True)
class CompactResult:
    """A unit's answer in the compact form: outcome, dates, determining clause ids."""

    brand: str
    serial: str
    answer: ProjectedAnswer
    answered_from: Literal["projection", "evaluation"]
    projection: ProjectionState
    """``current``: answered from it; ``behind`` (rests on a version no longer in force for
    the unit) or ``missing`` (none stored yet): answered by the full evaluation."""


@dataclass(frozen=True, slots=True)
class CompactAnswer:
    """The compact answer to one batch line: a result, or the error that line got."""

    item: BatchItem
    result: CompactResult | None = None
    error: WarrantorError | None = None


def check_many_compact(
    reads: UnitOfWorkFactory,
    book: PolicyBook,
    items: Iterable[BatchItem],
    on: date,
    chunk_size: int = CHUNK,
) -> Iterator[CompactAnswer]:
    """The compact answer to each item, from the projections (see the module docstring)."""
    reader = _Reader(book)
    return _by_chunks(reads, items, chunk_size, lambda uow, chunk: reader.compact(uow, chunk, on))


def check_many_full(
    reads: UnitOfWorkFactory,
    book: PolicyBook,
    items: Iterable[BatchItem],
    on: date,
    chunk_size: int = CHUNK,
) -> Iterator[BatchAnswer]:
    """The full answer to each item, by the engine, facts read a chunk at a time."""
    reader = _Reader(book)
    return _by_chunks(reads, items, chunk_size, lambda uow, chunk: reader.full(uow, chunk, on))


Answer = TypeVar("Answer")


def _by_chunks(
    reads: UnitOfWorkFactory,
    items: Iterable[BatchItem],
    size: int,
    answer: Callable[[UnitOfWork, list[BatchItem]], list[Answer]],
) -> Iterator[Answer]:
    """``answer`` each chunk of ``size`` items in its own read-only unit of work, lazily."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        with reads(read_only=True) as uow:
            answers = answer(uow, chunk)
        yield from answers


class _Reader:
    """What a batch keeps from chunk to chunk: brand names, decoded projections, verdicts
    on policy versions (many units share them)."""

    MAX_DECODED = 50_000

    def __init__(self, book: PolicyBook) -> None:
        self._book = book
        self._brands: dict[int, str] | None = None
        self._decoded: dict[tuple[str, str], tuple[tuple[ProjectedTerm, ...], tuple[Stretch, ...]]]
        self._decoded = {}
        self._windows = VersionWindows(book)

    def compact(self, uow: UnitOfWork, chunk: list[BatchItem], on: date) -> list[CompactAnswer]:
        matched = self._match(uow, chunk)
        answers: list[CompactAnswer | None] = []
        evaluate: dict[int, list[int]] = {}  # unit id -> positions answered by the engine
        states: dict[int, ProjectionState] = {}
        for item, found in matched:
            if not isinstance(found, UnitProjection):
                answers.append(CompactAnswer(item, error=found))
                continue
            row, brand = found.projection, self._brand(uow, found.brand_id)
            state: ProjectionState = "missing" if row is None else "current"
            if row is not None and self._is_behind(brand, row):
                state = "behind"
            if row is None or state == "behind":
                evaluate.setdefault(found.unit_id, []).append(len(answers))
                states[found.unit_id] = state
                answers.append(None)
                continue
            answer = answer_on(self._projection(row), on)
            result = CompactResult(brand, found.serial, answer, "projection", "current")
            answers.append(CompactAnswer(item, result))
        if evaluate:
            for unit_id, outcome in self._evaluate(uow, list(evaluate), on).items():
                for position in evaluate[unit_id]:
                    item = matched[position][0]
                    if isinstance(outcome, WarrantorError):
                        answers[position] = CompactAnswer(item, error=outcome)
                        continue
                    result = CompactResult(
                        outcome.unit.brand,
                        outcome.unit.serial,
                        answer_of(outcome.decision),
                        "evaluation",
                        states[unit_id],
                    )
                    answers[position] = CompactAnswer(item, result)
        return [answer for answer in answers if answer is not None]

    def full(self, uow: UnitOfWork, chunk: list[BatchItem], on: date) -> list[BatchAnswer]:
        matched = self._match(uow, chunk)
        ids = [found.unit_id for _, found in matched if isinstance(found, UnitProjection)]
        decided = self._evaluate(uow, ids, on)
        answers = []
        for item, found in matched:
            if not isinstance(found, UnitProjection):
                answers.append(BatchAnswer(item, error=found))
                continue
            outcome = decided[found.unit_id]
            if isinstance(outcome, WarrantorError):
                answers.append(BatchAnswer(item, error=outcome))
            else:
                answers.append(BatchAnswer(item, outcome))
        return answers

    # --- the parts ----------------------------------------------------------------------

    def _match(
        self, uow: UnitOfWork, chunk: list[BatchItem]
    ) -> list[tuple[BatchItem, UnitProjection | WarrantorError]]:
        """Each item with the unit it names (read with its projection), or its error."""
        parsed: list[tuple[BatchItem, str | WarrantorError]] = []
        for item in chunk:
            try:
                parsed.append((item, parse_serial(item.serial)))
            except InvalidInput as error:
                parsed.append((item, error))
        serials = sorted({serial for _, serial in parsed if isinstance(serial, str)})
        holding: dict[str, list[UnitProjection]] = {}
        for found in ProjectionRepository(uow.connection).rows_for_serials(serials):
            holding.setdefault(found.serial, []).append(found)
        matched: list[tuple[BatchItem, UnitProjection | WarrantorError]] = []
        for item, serial in parsed:
            if isinstance(serial, WarrantorError):
                matched.append((item, serial))
            else:
                matched.append((item, self._one(uow, item, serial, holding.get(serial, []))))
        return matched

    def _one(
        self, uow: UnitOfWork, item: BatchItem, serial: str, candidates: list[UnitProjection]
    ) -> UnitProjection | WarrantorError:
        """The unit an item names: the serial of its brand, or the one brand holding it."""
        brand = (item.brand or "").strip()
        if brand:
            wanted = brand.casefold()
            candidates = [
                c for c in candidates if self._brand(uow, c.brand_id).casefold() == wanted
            ]
            if not candidates:
                return NotFound(f"no {brand} unit with serial {serial}")
        if not candidates:
            return NotFound(f"no unit with serial {serial}")
        if len(candidates) > 1:
            names = sorted(self._brand(uow, c.brand_id) for c in candidates)
            return Ambiguous(
                f"serial {serial} is held by several brands; name one with --brand", names
            )
        return candidates[0]

    def _brand(self, uow: UnitOfWork, brand_id: int) -> str:
        if self._brands is None or brand_id not in self._brands:
            self._brands = {brand.id: brand.name for brand in uow.catalogue.all_brands()}
        return self._brands[brand_id]

    def _is_behind(self, brand: str, row: ProjectionRow) -> bool:
        return self._windows.behind(brand, row.start_on, row.policy_id, row.policy_version)

    def _projection(self, row: ProjectionRow) -> CoverageProjection:
        """The stored projection (its terms and stretches decoded once per distinct pair)."""
        key = (row.terms, row.stretches)
        parts = self._decoded.get(key)
        if parts is None:
            parts = (decode_terms(row.terms), decode_stretches(row.stretches))
            if len(self._decoded) >= self.MAX_DECODED:
                self._decoded.clear()
            self._decoded[key] = parts
        return with_parts(row, *parts)

    def _evaluate(
        self, uow: UnitOfWork, unit_ids: list[int], on: date
    ) -> dict[int, CheckResult | WarrantorError]:
        """The engine's decision on ``on`` for each unit, their facts read in one go."""
        decided: dict[int, CheckResult | WarrantorError] = {}
        for unit_id, found in read_coverage_facts(uow.connection, unit_ids).items():
            try:
                decision = self._book.evaluate(facts_of(found, on))
            except WarrantorError as error:
                decided[unit_id] = error
                continue
            decided[unit_id] = CheckResult(found.record.unit, decision)
        return decided
