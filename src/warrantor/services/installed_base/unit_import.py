"""Importing the installed base from a CSV file: many units at once, all or nothing.

Called by ``warrantor units import FILE`` and by the API's upload, both with a
binary stream. The file is read row by row and never held whole: each row is
checked on its own (dates, serial, brand, the model's place in a policy,
country, ...) and the good ones are written in batches to a staging table;
checks that need the whole file or the stored data (a serial twice in the
file, an account code) then run in the database (``store.unit_staging``),
and one upsert by brand + serial moves the rows into ``units``.

It all happens in one transaction. By default any bad row means nothing is
written and ``InvalidInput`` lists the problems (row number, column, reason).
With ``skip_invalid`` the good rows are written and each bad one goes to a
rejects file (the row, its number and the reasons). Importing the same file
twice leaves the same state.

Row numbers count the header as row 1, so in a file without line breaks
inside quoted fields, row N is line N, as a spreadsheet shows it.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO, TextIO

from warrantor.domain.actors import Actor
from warrantor.domain.units import (
    COUNTRY_CODES,
    latest_today,
    normalize_country,
    normalize_serial,
)
from warrantor.errors import InvalidInput, Problem
from warrantor.policy.book import PolicyBook
from warrantor.services.audit import unit_import as audit
from warrantor.services.installed_base.catalogue import (
    ModelCatalogue,
    normalize_model,
    policy_brands,
    unplaced_model,
)
from warrantor.services.installed_base.unit_import_projection import ImportProjections
from warrantor.services.installed_base.units import (
    CHANNELS,
    date_order_problems,
    future_date_problems,
)
from warrantor.services.uow import UnitOfWork, UnitOfWorkFactory
from warrantor.store.catalogue import Brand
from warrantor.store.unit_staging import StagedReject, StagedRow, UnitStaging
from warrantor.telemetry.metrics import count_import

COLUMNS = (
    "brand",
    "serial",
    "model",
    "manufactured_on",
    "first_invoiced_on",
    "first_invoiced_to",
    "purchased_on",
    "proof_of_purchase",
    "country_of_purchase",
    "owner",
    "channel",
)
"""The columns a units file may have, in the order the documentation lists them."""

REQUIRED_COLUMNS = ("brand", "serial", "model")

DATE_COLUMNS = ("manufactured_on", "first_invoiced_on", "purchased_on")

MAX_TEXT = {"model": 200, "proof_of_purchase": 200, "first_invoiced_to": 100, "owner": 100}

BATCH_SIZE = 5000

NUL = "\x00"


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


class _Problems:
    """Problems found so far: the first ``keep`` in full, and how many in all."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.shown: list[Problem] = []
        self.total = 0
        self.rows = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self.shown) < self.keep:
            self.shown.append(problem)


class _RejectsFile:
    """The rejects file of a ``skip_invalid`` import, opened at the first reject."""

    def __init__(self, path: Path | None, header: list[str]) -> None:
        self._wanted = path
        self._header = header
        self._file: TextIO | None = None
        self._writer: csv.DictWriter[str] | None = None
        self.path: Path | None = None

    def write(self, values: dict[str, str], row_no: int, reasons: list[str]) -> None:
        if self._writer is None:
            self._open()
        assert self._writer is not None
        self._writer.writerow({**values, "row": str(row_no), "reasons": "; ".join(reasons)})

    def _open(self) -> None:
        if self._wanted is None:
            handle, name = tempfile.mkstemp(prefix="warrantor-rejects-", suffix=".csv")
            os.close(handle)
            self.path = Path(name)
        else:
            self.path = self._wanted
        self._file = self.path.open("w", encoding="utf-8", newline="")
        fields = [*self._header, "row", "reasons"]
        self._writer = csv.DictWriter(self._file, fieldnames=fields, extrasaction="ignore")
        self._writer.writeheader()

    def close(self, keep: bool) -> None:
        if self._file is not None:
            self._file.close()
        if not keep and self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


def import_units(
    uow_factory: UnitOfWorkFactory,
    stream: BinaryIO,
    book: PolicyBook,
    *,
    skip_invalid: bool = False,
    rejects_path: Path | None = None,
    max_problems: int = 100,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    actor: Actor | None = None,
) -> ImportSummary:
    """Import the units in ``stream`` (a CSV file, UTF-8), placing models by ``book``.

    Raises ``InvalidInput`` (nothing written) for an unreadable file (empty,
    not UTF-8, bad header), and, unless ``skip_invalid``, for any bad row:
    the first ``max_problems`` problems are listed and the message gives the
    total. With ``skip_invalid``, rejected rows go to ``rejects_path`` (a
    temporary file when not given), reported in the summary.

    The audit trail gets one row for the run (counting the units it adds)
    and one per stored unit whose values it changes, in the import's
    transaction, naming ``actor`` (the CLI operator when not given).
    """
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    lines = _decoded_lines(stream)
    reader = csv.reader(lines, strict=True)
    header = _read_header(reader)
    problems = _Problems(max_problems)
    rejects = _RejectsFile(rejects_path, header) if skip_invalid else None
    succeeded = False
    try:
        with uow_factory() as uow:
            summary = _import(uow, reader, header, book, problems, rejects, now, batch_size, actor)
            if problems.total and not skip_invalid:
                raise _invalid_rows(problems, summary.rows_read)
        succeeded = True
    finally:
        if rejects is not None:
            rejects.close(keep=succeeded)
    count_import(summary.inserted, summary.updated, summary.unchanged, summary.rejected)
    return ImportSummary(
        rows_read=summary.rows_read,
        inserted=summary.inserted,
        updated=summary.updated,
        unchanged=summary.unchanged,
        rejected=summary.rejected,
        seconds=round(time.perf_counter() - started, 3),
        rejects_path=rejects.path if rejects is not None else None,
    )


def _reason(problem: Problem) -> str:
    """A problem as the rejects file shows it (the row number has its own column)."""
    return f"{problem.field}: {problem.message}" if problem.field else problem.message


def _invalid_rows(problems: _Problems, rows_read: int) -> InvalidInput:
    listed = (
        f"; the first {len(problems.shown)} are listed"
        if problems.total > len(problems.shown)
        else ""
    )
    counted = f"{problems.total} problem" + ("s" if problems.total != 1 else "")
    return InvalidInput(
        f"{problems.rows} of {rows_read} rows are invalid ({counted}{listed}); "
        "nothing was imported. Fix them, or import with --skip-invalid to write the good rows.",
        problems.shown,
    )


# --- reading the file ----------------------------------------------------------------


def _decoded_lines(stream: BinaryIO) -> Iterator[str]:
    """The file's lines as text, decoded one at a time so a bad byte is reported by line."""
    for line_no, line in enumerate(stream, start=1):
        raw = line
        if line_no == 1:
            if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise InvalidInput(
                    "the file is UTF-16 text; save it as CSV in UTF-8",
                    [Problem("UTF-16 byte order mark", line=1)],
                )
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as error:
            bad = raw[error.start : error.start + 4]
            raise InvalidInput(
                "the file is not UTF-8 text; save it as CSV in UTF-8",
                [Problem(f"byte {bad!r} at column {error.start + 1} is not UTF-8", line=line_no)],
            ) from None


def _read_header(reader: Iterator[list[str]]) -> list[str]:
    """The header, checked: each required column present, none unknown, none twice."""
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise InvalidInput(
            f"the header is not valid CSV: {error}", [Problem(str(error), row=1)]
        ) from None
    if header is None or not any(cell.strip() for cell in header):
        raise InvalidInput(
            "the file is empty; the first row must be a header: " + ",".join(COLUMNS),
            [Problem("no header", row=1)],
        )
    names = [cell.strip().lower() for cell in header]
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in names:
        if name not in COLUMNS:
            problems.append(
                Problem(f"unknown column {name!r}; known: {', '.join(COLUMNS)}", name, row=1)
            )
        elif name in seen:
            problems.append(Problem(f"column {name!r} appears twice", name, row=1))
        seen.add(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            problems.append(Problem(f"required column {name!r} is missing", name, row=1))
    if problems:
        raise InvalidInput(
            "the header is not valid: " + "; ".join(p.message for p in problems), problems
        )
    return names


# --- one row at a time ------------------------------------------------------------------


_SERIAL = re.compile(r"[A-Z0-9\-_./]{1,64}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _RowChecker:
    """Turns one CSV row into a staged row, or the list of what is wrong with it.

    ``check`` first tries ``_fast``: the same rules written for speed, for the
    common case of a good row (an import is mostly good rows, and a million of
    them must not take long). Any doubt falls back to ``_thorough``, which
    finds and words every problem. A test checks both agree.
    """

    def __init__(
        self,
        header: list[str],
        brands: dict[str, Brand],
        models: ModelCatalogue,
        latest: date | None = None,
    ) -> None:
        self._latest = latest or latest_today(datetime.now(UTC))
        """No date may be after this (today in UTC+14: ``domain.units.latest_today``)."""
        self._latest_text = self._latest.isoformat()
        self._header = header
        self._width = len(header)
        self._index = {name: header.index(name) for name in header}
        self._brands = brands
        self._models = models
        self._known_brands = ", ".join(sorted(brand.name for brand in brands.values()))
        self._placed: dict[tuple[int, str], int] = {}
        positions = [self._index.get(name) for name in COLUMNS]
        self._positions: tuple[int | None, ...] = tuple(positions)

    def check(self, cells: list[str], row_no: int) -> tuple[StagedRow | None, list[Problem]]:
        staged = self._fast(cells, row_no)
        if staged is not None:
            return staged, []
        return self._thorough(cells, row_no)

    def _fast(self, cells: list[str], row_no: int) -> StagedRow | None:
        """The staged row if every rule surely holds, else ``None`` (let ``_thorough`` say why)."""
        if len(cells) != self._width:
            return None
        (
            at_brand,
            at_serial,
            at_model,
            at_made,
            at_invoiced,
            at_invoiced_to,
            at_bought,
            at_proof,
            at_country,
            at_owner,
            at_channel,
        ) = self._positions
        assert at_brand is not None and at_serial is not None and at_model is not None
        brand = self._brands.get(cells[at_brand].strip().lower())
        if brand is None:
            return None
        serial = cells[at_serial].strip().upper()
        if not _SERIAL.fullmatch(serial):
            return None
        model_id = self._placed.get((brand.id, cells[at_model]))
        if model_id is None:
            raw_model = cells[at_model]
            model = normalize_model(raw_model)
            if not model or len(model) > MAX_TEXT["model"] or NUL in model:
                return None
            found = self._models.model_id(brand.id, brand.name, model)
            if found is None:
                return None
            self._placed[(brand.id, raw_model)] = model_id = found
        made = cells[at_made].strip() if at_made is not None else ""
        invoiced = cells[at_invoiced].strip() if at_invoiced is not None else ""
        bought = cells[at_bought].strip() if at_bought is not None else ""
        for day in (made, invoiced, bought):
            if day and not (_ISO_DATE.fullmatch(day) and _is_date(day)):
                return None
        # ISO dates order as text: made <= invoiced <= bought wherever known.
        if (made and invoiced and invoiced < made) or (made and bought and bought < made):
            return None
        if invoiced and bought and bought < invoiced:
            return None
        latest = self._latest_text
        if made > latest or invoiced > latest or bought > latest:  # "" is never after
            return None
        invoiced_to = cells[at_invoiced_to].strip() if at_invoiced_to is not None else ""
        owner = cells[at_owner].strip() if at_owner is not None else ""
        proof = cells[at_proof].strip() if at_proof is not None else ""
        if len(invoiced_to) > 100 or len(owner) > 100 or len(proof) > 200:
            return None
        if NUL in invoiced_to or NUL in owner or NUL in proof:
            return None  # brand, serial, dates, country, channel: their rules refuse a NUL
        country = cells[at_country].strip().upper() if at_country is not None else ""
        if country and country not in COUNTRY_CODES:
            return None
        channel = cells[at_channel].strip().lower() if at_channel is not None else ""
        if channel and channel not in CHANNELS:
            return None
        return (
            row_no,
            brand.id,
            serial,
            model_id,
            made or None,
            invoiced or None,
            invoiced_to or None,
            bought or None,
            proof or None,
            country or None,
            owner or None,
            channel or None,
        )

    def _thorough(self, cells: list[str], row_no: int) -> tuple[StagedRow | None, list[Problem]]:
        """Every problem of the row, each worded for the person fixing the file."""
        if len(cells) != self._width:
            return None, [
                Problem(f"has {len(cells)} fields; the header has {self._width}", row=row_no)
            ]
        values = {name: cells[i].strip() for name, i in self._index.items()}
        problems: list[Problem] = []

        def problem(field: str, message: str) -> None:
            problems.append(Problem(message, field, row=row_no))

        with_nul = [name for name, value in values.items() if NUL in value]
        if with_nul:  # PostgreSQL can't store it, and no label or invoice holds one
            for name in with_nul:
                problem(name, "contains a NUL character (\\x00); remove it")
            return None, problems
        values["model"] = normalize_model(values["model"])

        for name in REQUIRED_COLUMNS:
            if not values[name]:
                problem(name, f"{name} is required")
        for name, limit in MAX_TEXT.items():
            if len(values.get(name, "")) > limit:
                problem(name, f"{name} is longer than {limit} characters")

        brand = self._brands.get(values["brand"].lower()) if values["brand"] else None
        if values["brand"] and brand is None:
            problem("brand", f"unknown brand {values['brand']!r}; known: {self._known_brands}")

        serial = ""
        if values["serial"]:
            try:
                serial = normalize_serial(values["serial"])
            except ValueError as error:
                problem("serial", str(error))

        model_id: int | None = None
        if brand is not None and values["model"] and len(values["model"]) <= MAX_TEXT["model"]:
            model_id = self._models.model_id(brand.id, brand.name, values["model"])
            if model_id is None:
                problem("model", unplaced_model(brand.name, values["model"]))

        dates: dict[str, date | None] = {}
        for name in DATE_COLUMNS:
            dates[name] = _date(values.get(name, ""), name, problem)
        for order_problem in date_order_problems(
            dates["manufactured_on"], dates["first_invoiced_on"], dates["purchased_on"]
        ):
            problem(order_problem.field or "", order_problem.message)
        for future in future_date_problems(self._latest, dates):
            problem(future.field or "", future.message)

        country: str | None = None
        if values.get("country_of_purchase"):
            try:
                country = normalize_country(values["country_of_purchase"])
            except ValueError as error:
                problem("country_of_purchase", str(error))

        channel = values.get("channel", "").lower() or None
        if channel is not None and channel not in CHANNELS:
            problem("channel", f"unknown channel {channel!r}; known: {', '.join(CHANNELS)}")

        if problems or brand is None or model_id is None:
            return None, problems
        staged: StagedRow = (
            row_no,
            brand.id,
            serial,
            model_id,
            values.get("manufactured_on") or None,
            values.get("first_invoiced_on") or None,
            values.get("first_invoiced_to") or None,
            values.get("purchased_on") or None,
            values.get("proof_of_purchase") or None,
            country,
            values.get("owner") or None,
            channel,
        )
        return staged, []


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _date(text: str, field: str, problem: Callable[[str, str], None]) -> date | None:
    """An ISO ``YYYY-MM-DD`` date, or ``None`` for an empty cell; a bad one is a problem."""
    if not text:
        return None
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    problem(field, f"{text!r} is not a date in the form YYYY-MM-DD")
    return None


# --- the whole import --------------------------------------------------------------------


def _import(
    uow: UnitOfWork,
    reader: Iterator[list[str]],
    header: list[str],
    book: PolicyBook,
    problems: _Problems,
    rejects: _RejectsFile | None,
    now: datetime,
    batch_size: int,
    actor: Actor | None,
) -> ImportSummary:
    brands = policy_brands(uow, book)
    checker = _RowChecker(header, brands, ModelCatalogue(uow, book), latest_today(now))
    staging = UnitStaging(uow.connection)
    staging.create()
    projections = ImportProjections(uow, book, {brand.id: brand.name for brand in brands.values()})
    projections.create()
    rows_read = 0
    batch: list[StagedRow] = []
    row_no = 1
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as error:
            raise InvalidInput(
                f"row {row_no + 1} is not valid CSV: {error}",
                [Problem(str(error), row=row_no + 1)],
            ) from None
        if cells is None:
            break
        row_no += 1
        if not cells:
            continue  # a blank line
        rows_read += 1
        staged, row_problems = checker.check(cells, row_no)
        if staged is not None:
            batch.append(staged)
            if len(batch) >= batch_size:
                staging.write(batch)
                projections.write(batch)
                batch = []
            continue
        problems.rows += 1
        for row_problem in row_problems:
            problems.add(row_problem)
        if rejects is not None:
            rejects.write(
                dict(zip(header, cells, strict=False)), row_no, [_reason(p) for p in row_problems]
            )
    staging.write(batch)
    projections.write(batch)
    if rows_read == 0:
        raise InvalidInput(
            "the file has a header but no rows", [Problem("no rows after the header", row=2)]
        )
    staging.prepare()
    staging.check()
    rejected_by_db = staging.rejected_rows()
    if rejected_by_db:
        _report_staged_rejects(staging, header, brands, uow, problems, rejects)
        problems.rows += rejected_by_db
        staging.discard_rejected()
    writing = not (problems.total and rejects is None)
    run, who = audit.new_run(), actor or Actor.operator()
    if writing:
        audit.record_unit_changes(uow, who, now, run)
    counts = staging.upsert(now) if writing else None
    if counts is not None:
        audit.record_run(
            uow,
            who,
            now,
            run,
            rows_read=rows_read,
            inserted=counts.inserted,
            updated=counts.updated,
            unchanged=counts.unchanged,
            rejected=problems.rows,
        )
    if counts is not None:
        projections.store()
    projections.drop()
    staging.drop()
    return ImportSummary(
        rows_read=rows_read,
        inserted=counts.inserted if counts else 0,
        updated=counts.updated if counts else 0,
        unchanged=counts.unchanged if counts else 0,
        rejected=problems.rows,
        seconds=0.0,
    )


def _report_staged_rejects(
    staging: UnitStaging,
    header: list[str],
    brands: dict[str, Brand],
    uow: UnitOfWork,
    problems: _Problems,
    rejects: _RejectsFile | None,
) -> None:
    """Add the database checks' rejects to the problems (and the rejects file), row by row."""
    brand_names = {brand.id: brand.name for brand in brands.values()}
    model_names = uow.catalogue.model_names()
    pending: list[StagedReject] = []

    def flush() -> None:
        if not pending:
            return
        first = pending[0]
        if rejects is not None:
            rejects.write(
                _staged_values(first, brand_names, model_names),
                first.row_no,
                [_reason(Problem(p.reason, p.field)) for p in pending],
            )
        pending.clear()

    for reject in staging.rejected():
        problems.add(Problem(reject.reason, reject.field, row=reject.row_no))
        if pending and pending[0].row_no != reject.row_no:
            flush()
        pending.append(reject)
    flush()


def _staged_values(
    reject: StagedReject, brand_names: dict[int, str], model_names: dict[int, str]
) -> dict[str, str]:
    """A staged row back in the file's columns (serial and country as normalised)."""
    values = reject.values
    shown: dict[str, str] = {
        "brand": brand_names.get(values["brand_id"], ""),
        "model": model_names.get(values["model_id"], ""),
    }
    for name in COLUMNS:
        if name in shown:
            continue
        value = values.get(name)
        shown[name] = "" if value is None else str(value)
    return shown
