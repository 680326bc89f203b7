"""Importing the installed base from a CSV file: many units at once, all or nothing.

Called by ``warrantor units import FILE`` and by the API's upload, both with a
binary stream. The file is read row by row and never held whole
(``unit_import_file``): each row is checked on its own (``unit_import_rows``:
dates, serial, brand, the model's place in a policy, country, ...), gets its
coverage projection (``unit_import_projection``), and the good ones go to the
database side in batches (``store.unit_load``: one call that stages them,
runs the checks that need the whole file or the stored data, a serial twice in
the file, an account code, and writes the units, their projections and the
audit rows of the units it changes).

It all happens in one transaction. By default any bad row means nothing is
written and ``InvalidInput`` lists the problems (row number, column, reason).
With ``skip_invalid`` the good rows are written and each bad one goes to a
rejects file (the row, its number and the reasons). Importing the same file
twice leaves the same state.

A first load (no unit stored yet) of a file that can be read again (a file on
disk, an upload spooled to one) writes each row once, as a bare ``COPY`` would,
without staging it for the whole-file checks; if it meets a row only those
checks can name (a serial twice, an account code it can't take), it rolls back
and reads the file again, staged, so the refusal lists every problem as it
would have (``store.unit_first_load``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO

from warrantor.domain.actors import Actor
from warrantor.domain.units import latest_today
from warrantor.errors import InvalidInput, Problem
from warrantor.policy.book import PolicyBook
from warrantor.services.audit import unit_import as audit
from warrantor.services.installed_base.catalogue import ModelCatalogue, sync_policy_brands
from warrantor.services.installed_base.coverage_projection import refresh_projections
from warrantor.services.installed_base.unit_import_file import (
    COLUMNS,
    ProblemTally,
    RejectsFile,
    csv_rows,
    reason,
)
from warrantor.services.installed_base.unit_import_projection import ImportProjections
from warrantor.services.installed_base.unit_import_rows import RowChecker
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.unit_first_load import FirstLoadInterrupted
from warrantor.store.unit_load import LoadOutcome, StagedBatch, UnitLoad
from warrantor.store.unit_staging import StagedReject, StagedRow
from warrantor.telemetry.metrics import count_import

__all__ = ["COLUMNS", "ImportSummary", "import_units"]

BATCH_SIZE = 5000


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did."""

    rows_read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    seconds: float
    rejects_path: Path | None = None
    """Where the rejected rows were written (``skip_invalid`` only; ``None`` when none were)."""


def import_units(
    uow_factory: UnitOfWorkFactory,
    stream: BinaryIO,
    book: PolicyBook,
    *,
    now: datetime,
    skip_invalid: bool = False,
    rejects_path: Path | None = None,
    max_problems: int = 100,
    batch_size: int = BATCH_SIZE,
    actor: Actor | None = None,
) -> ImportSummary:
    """Import the units in ``stream`` (a CSV file, UTF-8), placing models by ``book``.

    ``now`` is the caller's clock's instant: the rows' times, and no date in
    the file may be after today (in UTC+14). Raises ``InvalidInput`` (nothing
    written) for an unreadable file (empty, not UTF-8, bad header), and,
    unless ``skip_invalid``, for any bad row: the first ``max_problems``
    problems are listed and the message gives the total. With
    ``skip_invalid``, rejected rows go to ``rejects_path`` (a temporary file
    when not given), reported in the summary.

    The audit trail gets one row for the run (counting the units it adds)
    and one per stored unit whose values it changes, in the import's
    transaction, naming ``actor`` (the CLI operator when not given).
    """
    started = time.perf_counter()  # how long it took, for the summary; not a business time
    rereadable = not skip_invalid and stream.seekable()
    start = stream.tell() if rereadable else 0
    attempt = partial(
        _import_once,
        uow_factory,
        stream,
        book,
        now=now,
        skip_invalid=skip_invalid,
        rejects_path=rejects_path,
        max_problems=max_problems,
        batch_size=batch_size,
        actor=actor,
    )
    try:
        summary = attempt(first_load_staged=not rereadable)
    except FirstLoadInterrupted:  # rolled back: the file again, every row staged
        stream.seek(start)
        summary = attempt(first_load_staged=True)
    count_import(summary.inserted, summary.updated, summary.unchanged, summary.rejected)
    return replace(summary, seconds=round(time.perf_counter() - started, 3))


def _import_once(
    uow_factory: UnitOfWorkFactory,
    stream: BinaryIO,
    book: PolicyBook,
    *,
    now: datetime,
    skip_invalid: bool,
    rejects_path: Path | None,
    max_problems: int,
    batch_size: int,
    actor: Actor | None,
    first_load_staged: bool,
) -> ImportSummary:
    """One reading of the file in one transaction (``import_units`` may need two)."""
    header, rows = csv_rows(stream)
    problems = ProblemTally(max_problems)
    rejects = RejectsFile(rejects_path, header) if skip_invalid else None
    succeeded = False
    try:
        with uow_factory() as uow:
            work = _Import(uow, header, book, problems, rejects, now)
            summary = work.run(rows, batch_size, actor, first_load_staged)
            if problems.total and not skip_invalid:
                raise problems.refusal(summary.rows_read)
        succeeded = True
    finally:
        if rejects is not None:
            rejects.close(keep=succeeded)
    return replace(summary, rejects_path=rejects.path if rejects is not None else None)


class _Import:
    """One import inside its unit of work: the file's rows checked and projected in batches
    for ``UnitLoad``, refused rows reported, the run audited, histories recomputed."""

    def __init__(
        self,
        uow: UnitOfWork,
        header: list[str],
        book: PolicyBook,
        problems: ProblemTally,
        rejects: RejectsFile | None,
        now: datetime,
    ) -> None:
        self._uow = uow
        self._header = header
        self._book = book
        self._problems = problems
        self._rejects = rejects
        self._now = now
        self._load = UnitLoad(uow.connection, uow.audit)
        guard = self._load.connection_guard
        self._brands = sync_policy_brands(uow, book)
        self._models = ModelCatalogue(uow, book)
        self._checker = RowChecker(header, self._brands, self._models, latest_today(now), guard)
        brand_names = {brand.id: brand.name for brand in self._brands.values()}
        self._projections = ImportProjections(uow, book, brand_names, guard)
        self._rows_read = 0
        self._refused: list[StagedReject] = []

    def run(
        self,
        rows: Iterator[tuple[int, list[str]]],
        batch_size: int,
        actor: Actor | None,
        first_load_staged: bool,
    ) -> ImportSummary:
        run, who = audit.new_run(), actor or Actor.operator()
        outcome = self._load.run(
            self._batches(rows, batch_size),
            now=self._now,
            recorder=audit.unit_change_recorder(who, self._now, run),
            all_or_nothing=self._rejects is None,
            refused_in_file=lambda: self._problems.rows,
            on_refused=self._report_refused,
            first_load_staged=first_load_staged,
        )
        self._report_refused(None)
        self._problems.rows += outcome.refused
        if outcome.written:
            audit.record_run(
                self._uow,
                who,
                self._now,
                run,
                rows_read=self._rows_read,
                inserted=outcome.inserted,
                updated=outcome.updated,
                unchanged=outcome.unchanged,
                rejected=self._problems.rows,
            )
            refresh_projections(self._uow, self._book, list(outcome.with_history))
        return _summary(self._rows_read, outcome, self._problems.rows)

    def _batches(self, rows: Iterator[tuple[int, list[str]]], size: int) -> Iterator[StagedBatch]:
        """The good rows and their projections, ``size`` at a time; each bad row's problems
        go to the tally (and the rejects file) as it is met."""
        batch: list[StagedRow] = []
        for row_no, cells in rows:
            self._rows_read += 1
            staged, row_problems = self._checker.check(cells, row_no)
            if staged is not None:
                batch.append(staged)
                if len(batch) >= size:
                    yield batch, self._projections.of(batch)
                    batch = []
                continue
            self._problems.rows += 1
            for problem in row_problems:
                self._problems.add(problem)
            if self._rejects is not None:
                values = dict(zip(self._header, cells, strict=False))
                self._rejects.write(values, row_no, [reason(p) for p in row_problems])
        if batch:
            yield batch, self._projections.of(batch)
        if self._rows_read == 0:
            raise InvalidInput(
                "the file has a header but no rows", [Problem("no rows after the header", row=2)]
            )

    def _report_refused(self, refused: StagedReject | None) -> None:
        """Add a row the database checks refused to the problems and, once all of that row's
        reasons are in (``None`` after the last), to the rejects file."""
        if refused is not None:
            self._problems.add(Problem(refused.reason, refused.field, row=refused.row_no))
        pending = self._refused
        if pending and (refused is None or pending[0].row_no != refused.row_no):
            first = pending[0]
            if self._rejects is not None:
                self._rejects.write(
                    self._file_values(first),
                    first.row_no,
                    [reason(Problem(p.reason, p.field)) for p in pending],
                )
            pending.clear()
        if refused is not None:
            pending.append(refused)

    def _file_values(self, refused: StagedReject) -> dict[str, str]:
        """A staged row back in the file's columns (serial and country as normalised)."""
        values = refused.values
        brand_names = {brand.id: brand.name for brand in self._brands.values()}
        shown: dict[str, str] = {
            "brand": brand_names.get(values["brand_id"], ""),
            "model": self._projections.model_name(values["model_id"]),
        }
        for name in COLUMNS:
            if name not in shown:
                value = values.get(name)
                shown[name] = "" if value is None else str(value)
        return shown


def _summary(rows_read: int, outcome: LoadOutcome, rejected: int) -> ImportSummary:
    return ImportSummary(
        rows_read=rows_read,
        inserted=outcome.inserted,
        updated=outcome.updated,
        unchanged=outcome.unchanged,
        rejected=rejected,
        seconds=0.0,
    )
