"""Use case: check many serials at once, read in chunks and answered as they come.

When and why: a batch (a distributor's stock list, a file of a million serials)
must not cost a round trip per serial. Items are taken ``chunk_size`` at a
time; each chunk is one statement (``ProjectionRepository.rows_for_serials``:
the units holding those serials, with their projections, by index lookups),
and each unit is answered from its projection (``answer_on``: a lookup, no
engine; ``ProjectedAnswers`` keeps each answer for the units alike, across batches
when the caller passes the process's). A unit whose projection is missing, or
behind the policies in force (``VersionWindows``), is answered by the full
evaluation instead, and the answer says so (``answered_from``, ``projection``).

The full form (``check_many_full``) answers every unit by the engine, with
everything a check shows; its facts are read a chunk at a time too
(``read_coverage_facts``: four statements per chunk).

Answers come out in the order of the items, one per item: a result, or the
error that item got (a malformed serial, an unknown or ambiguous one), as
``check.check_batch`` words them. Only reads (read-only units of work, one per
chunk, from the read side the caller passes), on reading threads that stay a
few chunks ahead of the answers (``_by_chunks``): on PostgreSQL up to
``readers`` chunks are read at once, each on a connection of its own from the
pool (a chunk's statement mostly waits on its reads, and one connection at a
time left the server idle: docs/benchmarks.md); elsewhere, or on a connection
shared with the caller (tests), one after another. Readers beyond the first take
a slot of the process's ``ReaderSlots`` (``reader_slots``: the
``batch_reader_slots`` setting), without waiting: when others' batches hold them
all, a batch reads with fewer, down to one chunk at a time, so that concurrent
batches can't take the whole pool from single checks and pages.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Literal, TypeVar

from warrantor.errors import Ambiguous, InvalidInput, NotFound, WarrantorError
from warrantor.policy.book import PolicyBook
from warrantor.policy.projection import ProjectedAnswer, answer_of
from warrantor.services.installed_base.check import BatchAnswer, BatchItem, CheckResult
from warrantor.services.installed_base.coverage_projection import VersionWindows, facts_of
from warrantor.services.installed_base.projected_answers import ProjectedAnswers
from warrantor.services.installed_base.reader_slots import ReaderSlots
from warrantor.services.installed_base.units import parse_serial
from warrantor.services.sentences import no_unit
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.coverage_facts import UnitFacts, read_coverage_facts
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


READERS = 4
"""Chunks of one batch read at once on PostgreSQL, each on its own pooled connection (the
``batch_readers`` setting; ``docs/benchmarks.md`` has what each width gave)."""


def check_many_compact(
    reads: UnitOfWorkFactory,
    book: PolicyBook,
    items: Iterable[BatchItem],
    on: date,
    chunk_size: int = CHUNK,
    readers: int = READERS,
    slots: ReaderSlots | None = None,
    answers: ProjectedAnswers | None = None,
    brands: dict[int, str] | None = None,
) -> Iterator[CompactAnswer]:
    """The compact answer to each item, from the projections (see the module docstring).
    ``slots``: the process's bound on extra readers (``None``: ``readers`` unbounded);
    ``answers`` and ``brands`` (names by id, filled as brands are met; a brand is never
    renamed): what earlier batches kept (``None``: this batch's own)."""
    reader = _Reader(book, full=False, answers=answers, brands=brands)
    compact = reader.compact
    return _by_chunks(
        reads, items, chunk_size, reader.read, lambda r: compact(r, on), readers, slots
    )


def check_many_full(
    reads: UnitOfWorkFactory,
    book: PolicyBook,
    items: Iterable[BatchItem],
    on: date,
    chunk_size: int = CHUNK,
    readers: int = READERS,
    slots: ReaderSlots | None = None,
) -> Iterator[BatchAnswer]:
    """The full answer to each item, by the engine, facts read a chunk at a time.
    ``slots``: the process's bound on extra readers (``None``: ``readers`` unbounded)."""
    reader = _Reader(book, full=True)
    full = reader.full
    return _by_chunks(reads, items, chunk_size, reader.read, lambda r: full(r, on), readers, slots)


READ_AHEAD = 2
"""Chunks read ahead of the one being answered, at least (``readers`` when more)."""

Answer = TypeVar("Answer")


def _by_chunks(
    reads: UnitOfWorkFactory,
    items: Iterable[BatchItem],
    size: int,
    read: Callable[[UnitOfWork, list[BatchItem]], _Read],
    answer: Callable[[_Read], list[Answer]],
    readers: int = 1,
    slots: ReaderSlots | None = None,
) -> Iterator[Answer]:
    """Each chunk of ``size`` items read (``read``, in its own read-only unit of work) on
    reading threads, up to ``max(READ_AHEAD, width)`` chunks ahead, while this thread
    answers the chunk before (``answer``: no database): the reads' waits overlap the
    answers' work. ``width`` chunks are read at once (``_width``: ``readers`` on
    PostgreSQL with pooled connections, else one after another), each beyond the first
    only on a slot taken from ``slots`` (fewer when fewer are free; given back when the
    batch ends or its consumer stops). Answers come in the items' order, and at most
    that many chunks plus the one answered are held. Lazily: a consumer that stops
    early stops the reading (after the chunks in flight)."""

    def read_chunk(chunk: list[BatchItem]) -> _Read:
        with reads(read_only=True) as uow:
            return read(uow, chunk)

    iterator = iter(items)
    chunk = list(itertools.islice(iterator, size))
    if not chunk:
        return
    extra = _width(reads, readers) - 1
    if slots is not None:
        extra = slots.take(extra)
    try:
        width = 1 + extra
        ahead_at_most = max(READ_AHEAD, width)
        with ThreadPoolExecutor(max_workers=width, thread_name_prefix="batch-read") as pool:
            ahead: deque[Future[_Read]] = deque()
            while chunk:
                ahead.append(pool.submit(read_chunk, chunk))
                if len(ahead) > ahead_at_most:
                    yield from answer(ahead.popleft().result())
                chunk = list(itertools.islice(iterator, size))
            while ahead:
                yield from answer(ahead.popleft().result())
    finally:
        if slots is not None:
            slots.give_back(extra)


def _width(reads: UnitOfWorkFactory, readers: int) -> int:
    """How many chunks to read at once: ``readers`` when each unit of work gets a
    PostgreSQL connection of its own from the pool, else 1 (SQLite; a connection shared
    with the caller, as in tests, where units of work are savepoints on it)."""
    if readers <= 1:
        return 1
    with reads(read_only=True) as uow:
        pooled = uow.pooled and uow.connection.dialect.name == "postgresql"
    return readers if pooled else 1


@dataclass(frozen=True, slots=True)
class _Read:
    """What answering one chunk needs from the database."""

    matched: list[tuple[BatchItem, UnitProjection | WarrantorError]]
    """Each item with the unit it names (and its projection), or the item's error."""
    engine: dict[int, ProjectionState]
    """Units the engine answers, and why (the full form: all of them, ``current``)."""
    facts: dict[int, UnitFacts]
    """Their facts."""


class _Reader:
    """What a batch keeps from chunk to chunk: brand names, each policy version's window
    (many units share them), and the answers of stored projections (``answers``: the
    process's, kept across batches, or else the batch's own). ``read`` runs on the
    reading thread (the database), ``compact`` and ``full`` on the caller's (no database)."""

    def __init__(
        self,
        book: PolicyBook,
        *,
        full: bool,
        answers: ProjectedAnswers | None = None,
        brands: dict[int, str] | None = None,
    ) -> None:
        self._book = book
        self._full = full
        self._brands: dict[int, str] = {} if brands is None else brands
        self._answers = answers or ProjectedAnswers()
        self._windows = VersionWindows(book)

    def read(self, uow: UnitOfWork, chunk: list[BatchItem]) -> _Read:
        matched = self._match(uow, chunk)
        engine: dict[int, ProjectionState] = {}
        for _, found in matched:
            if not isinstance(found, UnitProjection):
                continue
            row = found.projection
            if self._full:
                engine[found.unit_id] = "current" if row is not None else "missing"
            elif row is None:
                engine[found.unit_id] = "missing"
            elif self._is_behind(self._brands[found.brand_id], row):
                engine[found.unit_id] = "behind"
        facts = read_coverage_facts(uow.connection, list(engine)) if engine else {}
        return _Read(matched, engine, facts)

    def compact(self, read: _Read, on: date) -> list[CompactAnswer]:
        decided = self._decide(read, on)
        answers = []
        for item, found in read.matched:
            if not isinstance(found, UnitProjection):
                answers.append(CompactAnswer(item, error=found))
                continue
            outcome = decided.get(found.unit_id)
            if isinstance(outcome, WarrantorError):
                answers.append(CompactAnswer(item, error=outcome))
                continue
            if outcome is not None:
                result = CompactResult(
                    outcome.unit.brand,
                    outcome.unit.serial,
                    answer_of(outcome.decision),
                    "evaluation",
                    read.engine[found.unit_id],
                )
            else:
                assert found.projection is not None
                answer = self._answers.answer(found.projection, on)
                brand = self._brands[found.brand_id]
                result = CompactResult(brand, found.serial, answer, "projection", "current")
            answers.append(CompactAnswer(item, result))
        return answers

    def full(self, read: _Read, on: date) -> list[BatchAnswer]:
        decided = self._decide(read, on)
        answers = []
        for item, found in read.matched:
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
            if found.brand_id not in self._brands:  # in place: the dict may be the caller's
                self._brands.update({b.id: b.name for b in uow.catalogue.all_brands()})
        matched: list[tuple[BatchItem, UnitProjection | WarrantorError]] = []
        for item, serial in parsed:
            if isinstance(serial, WarrantorError):
                matched.append((item, serial))
            else:
                matched.append((item, self._one(item, serial, holding.get(serial, []))))
        return matched

    def _one(
        self, item: BatchItem, serial: str, candidates: list[UnitProjection]
    ) -> UnitProjection | WarrantorError:
        """The unit an item names: the serial of its brand, or the one brand holding it."""
        brand = (item.brand or "").strip()
        if brand:
            wanted = brand.casefold()
            candidates = [c for c in candidates if self._brands[c.brand_id].casefold() == wanted]
            if not candidates:
                return NotFound(no_unit(serial, brand))
        if not candidates:
            return NotFound(no_unit(serial))
        if len(candidates) > 1:
            names = sorted(self._brands[c.brand_id] for c in candidates)
            return Ambiguous(
                f"serial {serial} is held by several brands; name one with --brand", names
            )
        return candidates[0]

    def _is_behind(self, brand: str, row: ProjectionRow) -> bool:
        return self._windows.behind(brand, row.start_on, row.policy_id, row.policy_version)

    def _decide(self, read: _Read, on: date) -> dict[int, CheckResult | WarrantorError]:
        """The engine's decision on ``on`` for each unit it answers (facts already read)."""
        decided: dict[int, CheckResult | WarrantorError] = {}
        for unit_id, found in read.facts.items():
            try:
                decided[unit_id] = CheckResult(
                    found.record.unit, self._book.evaluate(facts_of(found, on))
                )
            except WarrantorError as error:
                decided[unit_id] = error
        return decided
