"""The unit import's database side in one call: stage, check, audit, upsert, move projections.

``UnitLoad.run`` takes the import's good rows and their coverage projections,
batch by batch as the service checks the file, and returns what happened
(``LoadOutcome``). Rows go into the staging tables (``store.unit_staging``,
``store.unit_staging_projection``); the checks that need the whole file or the
stored data run there (a serial twice in the file, an account code); each
refused row is handed back (``on_refused``) for the problems list and the
rejects file; then, if the import writes, the audit rows of the units it
changes (``store.unit_import_audit``), the units' upsert and the projections'
move.

When everything or nothing is written (``all_or_nothing``) on PostgreSQL, the
audit, upsert and move run **while the file is still being read**: a thread of
their own takes each chunk of ``CHUNK_ROWS`` rows (COPY into a chunk table,
audit, upsert and move from it, then appended to staging for the whole-file
checks) while the caller's thread checks the next rows. The connection is the
import's own, in its one transaction; the thread and the caller take turns on
it through ``connection_guard`` (the caller holds it for its own statements
while ``run`` reads its batches, e.g. placing a model it meets first). A row the
whole-file checks refuse then refuses the import, whose transaction rolls back
every chunk moved. A chunk holding a serial twice stops the early moves (its
upsert would fail), and the whole-file checks refuse the import. On a first
load (no unit stored when it starts) the chunks are COPYed straight into the
tables (``store.unit_first_load``), with the tables' secondary indexes dropped
and built again after the last chunk: staged too when the caller asks
(``first_load_staged``), until a row turns out to be stored already; unstaged,
written once each, until a serial twice or an account code needs the staged
checks, when ``FirstLoadInterrupted`` tells the caller to read the file again,
staged.
With ``skip_invalid`` imports, and on SQLite, the moves run after the checks,
for the good rows only.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection

from warrantor.store.audit import AuditRepository
from warrantor.store.unit_first_load import FirstLoad, rebuild_indexes, take_for_first_load
from warrantor.store.unit_import_audit import Recorder, UnitImportAudit
from warrantor.store.unit_staging import (
    StagedReject,
    StagedRow,
    UnitStaging,
    UpsertCounts,
    chunk,
    empty,
)
from warrantor.store.unit_staging_projection import (
    ProjectionStaging,
    StagedProjection,
    chunk_projections,
)

StagedBatch = tuple[Sequence[StagedRow], Sequence[StagedProjection]]
"""Good rows and their projections, in the same order (one projection per row)."""

CHUNK_ROWS = 10_000
"""Rows moved at a time while the file is read: a few statements per chunk, and a chunk
small enough that the database starts soon after the file does and has little left to
write once the last row is checked."""


@dataclass(frozen=True, slots=True)
class LoadOutcome:
    """What ``UnitLoad.run`` did."""

    staged: int
    """Good rows staged."""
    refused: int
    """Staged rows the database checks refused."""
    written: bool
    inserted: int
    updated: int
    unchanged: int
    audited: int
    """Audit rows written for stored units the import changed."""
    with_history: tuple[int, ...]
    """Units the import wrote that hold more than their row (findings, readings,
    extensions, repair cover): their staged projection is not theirs; recompute them."""


class UnitLoad:
    """The database side of one import, on its connection, inside its transaction."""

    def __init__(self, connection: Connection, audit: AuditRepository) -> None:
        self.connection = connection
        self.audit = audit
        self.units = UnitStaging(connection)
        self.projections = ProjectionStaging(connection)
        self.connection_guard = threading.Lock()
        """Held by whoever uses the connection while ``run`` reads its batches."""

    def run(
        self,
        batches: Iterable[StagedBatch],
        *,
        now: datetime,
        recorder: Recorder,
        all_or_nothing: bool,
        refused_in_file: Callable[[], int],
        on_refused: Callable[[StagedReject], None],
        first_load_staged: bool = True,
    ) -> LoadOutcome:
        """Stage ``batches``, check them, and unless the import is refused, write them.

        ``refused_in_file`` says how many rows the caller's own checks refused
        (asked after the last batch): with ``all_or_nothing`` any refused row,
        the caller's or the database's, means nothing is written. With
        ``first_load_staged`` off, a first load writes its rows once, unstaged,
        and raises ``FirstLoadInterrupted`` at the first row that needs the staged
        checks to be named (the caller rolls back and calls again, staged)."""
        self.units.create()
        self.projections.create()
        early = all_or_nothing and self.connection.dialect.name == "postgresql"
        if early:
            moves = _EarlyMoves(self, now, recorder, refused_in_file, first_load_staged)
            staged = moves.run(batches)
        else:
            staged = self._stage(batches)
        self.units.prepare()
        self.units.check()
        refused = self.units.rejected_rows()
        if refused:
            for reject in self.units.rejected():
                on_refused(reject)
        written = not (all_or_nothing and (refused or refused_in_file()))
        counts, audited = UpsertCounts(0, 0, 0), 0
        if written and early:
            if not moves.moved_all:  # only a chunk with a serial twice stops the moves
                raise RuntimeError("the import's early moves stopped, yet nothing was refused")
            counts, audited = moves.counts, moves.audited
        elif written:
            if refused:
                self.units.discard_rejected()
            audited = UnitImportAudit(self.connection, self.audit).record(recorder, now.date())
            counts = self.units.upsert(now)
            self.projections.store()
        with_history = tuple(self.projections.units_with_history()) if written else ()
        self.projections.drop()
        self.units.drop()
        return LoadOutcome(
            staged=staged,
            refused=refused,
            written=written,
            inserted=counts.inserted,
            updated=counts.updated,
            unchanged=counts.unchanged,
            audited=audited,
            with_history=with_history,
        )

    def _stage(self, batches: Iterable[StagedBatch]) -> int:
        staged = 0
        for rows, projections in batches:
            self.units.write(rows)
            self.projections.write(projections)
            staged += len(rows)
        return staged


class _EarlyMoves:
    """The chunks of an all-or-nothing PostgreSQL import moved on a thread of their own
    while the caller's thread makes the next batches."""

    def __init__(
        self,
        load: UnitLoad,
        now: datetime,
        recorder: Recorder,
        refused_in_file: Callable[[], int],
        first_load_staged: bool,
    ) -> None:
        self._load = load
        self._now = now
        self._recorder = recorder
        self._refused_in_file = refused_in_file
        self._first_load_staged = first_load_staged
        self._chunks: queue.Queue[tuple[list[StagedRow], list[StagedProjection]] | None]
        self._chunks = queue.Queue(maxsize=1)
        self._failure: BaseException | None = None
        self._stop = False
        self._moving = True
        self.counts = UpsertCounts(0, 0, 0)
        self.audited = 0
        self._first_load: FirstLoad | None = None
        self._dropped: list[str] = []
        """Secondary indexes dropped for a first load: built again at the end of ``run``."""

    @property
    def moved_all(self) -> bool:
        return self._moving

    @property
    def unstaged(self) -> bool:
        """Whether this is a first load writing its rows once, without staging them."""
        return self._first_load is not None and not self._first_load.staged

    def run(self, batches: Iterable[StagedBatch]) -> int:
        """Hand ``batches`` to the mover in chunks; returns how many rows were staged."""
        connection = self._load.connection
        dropped = take_for_first_load(connection)
        self._first_load = (
            FirstLoad(connection, self._now, staged=self._first_load_staged)
            if dropped is not None
            else None
        )
        self._dropped = dropped or []
        mover = threading.Thread(target=self._move, name="unit-import-mover", daemon=True)
        mover.start()
        staged = 0
        rows: list[StagedRow] = []
        projections: list[StagedProjection] = []
        try:
            for batch_rows, batch_projections in batches:
                rows.extend(batch_rows)
                projections.extend(batch_projections)
                staged += len(batch_rows)
                if len(rows) >= CHUNK_ROWS:
                    self._hand((rows, projections), mover)
                    rows, projections = [], []
            if rows:
                self._hand((rows, projections), mover)
        except BaseException:
            self._stop = True  # the caller failed: skip what is queued
            raise
        finally:
            self._hand(None, mover)
            mover.join()
        if self._failure is not None:
            raise self._failure
        rebuild_indexes(connection, self._dropped)
        return staged

    def _hand(
        self,
        item: tuple[list[StagedRow], list[StagedProjection]] | None,
        mover: threading.Thread,
    ) -> None:
        while mover.is_alive():
            try:
                self._chunks.put(item, timeout=0.2)
                return
            except queue.Full:
                continue
        if item is not None and self._failure is not None:
            raise self._failure

    def _move(self) -> None:
        try:
            while (item := self._chunks.get()) is not None:
                if self._stop:
                    continue
                if self._refused_in_file() and not self.unstaged:
                    # The import will be refused: stage, don't move. (Unstaged, the chunks
                    # go on into the tables, whose unique index is the only check of a
                    # serial twice that spans the earlier chunks; all rolled back.)
                    self._moving = False
                with self._load.connection_guard:
                    moved = self._move_chunk(*item)
                if moved is None:
                    self._moving = False
                    continue
                counts, audited = moved
                self.counts = UpsertCounts(
                    self.counts.inserted + counts.inserted,
                    self.counts.updated + counts.updated,
                    self.counts.unchanged + counts.unchanged,
                )
                self.audited += audited
        except BaseException as error:  # handed to the caller's thread by ``run``
            self._failure = error

    def _move_chunk(
        self, rows: list[StagedRow], projections: list[StagedProjection]
    ) -> tuple[UpsertCounts, int] | None:
        """Stage one chunk (its rows in ``staging`` for the whole-file checks) and, while
        moving, write it: COPYed straight in on a first load (``FirstLoad``), else (or once
        a row of it is already stored) audited, upserted and its projections moved, unless
        it holds a serial twice. ``None`` when it was only staged."""
        units, staged_projections = self._load.units, self._load.projections
        connection = self._load.connection
        if self._moving and self._first_load is not None:
            if self._first_load.staged:
                units.write(rows)
            if self._first_load.copy(rows, projections):  # unstaged, raises instead of False
                return UpsertCounts(inserted=len(rows), updated=0, unchanged=0), 0
            self._first_load = None  # a row is stored already: upsert from here on
            staged = True
        else:
            staged = False
        units.write(rows, into=chunk)
        staged_projections.write(projections, into=chunk_projections)
        moved = None
        if self._moving and not units.chunk_has_duplicates():
            audit = UnitImportAudit(connection, self._load.audit)
            audited = audit.record(self._recorder, self._now.date(), source=chunk)
            counts = units.upsert(self._now, source=chunk)
            staged_projections.store(of_chunk=True)
            moved = counts, audited
        if staged:
            empty(connection, chunk)
        else:
            units.keep_chunk()
        empty(connection, chunk_projections)  # nothing after the early moves reads them
        return moved
