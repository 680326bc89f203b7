"""The units file of an import: its columns, reading it line by line, and its rejects file.

Used by ``unit_import`` (the use case). The file is a binary stream (the CLI's
file, the API's upload) read one line at a time and never held whole; a bad
byte or a bad header is an ``InvalidInput`` naming the line or the column.
With ``skip_invalid`` the rows refused go to a rejects file (the row, its
number and the reasons), opened at the first reject.

Row numbers count the header as row 1, so in a file without line breaks
inside quoted fields, row N is line N, as a spreadsheet shows it.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from warrantor.domain.audit import UNIT_FACTS
from warrantor.errors import InvalidInput, Problem

COLUMNS = ("brand", "serial", *UNIT_FACTS)
"""The columns a units file may have, in the order the documentation lists them: a unit's
brand and serial, then every fact an import writes (``domain.audit.UNIT_FACTS``)."""

REQUIRED_COLUMNS = ("brand", "serial", "model")


class ProblemTally:
    """Problems found so far: the first ``keep`` in full, how many in all, and in how many
    rows (``rows``, counted by the caller: a row may have several problems)."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.shown: list[Problem] = []
        self.total = 0
        self.rows = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self.shown) < self.keep:
            self.shown.append(problem)

    def refusal(self, rows_read: int) -> InvalidInput:
        """The error of an all-or-nothing import that found problems: nothing was written."""
        listed = f"; the first {len(self.shown)} are listed" if self.total > len(self.shown) else ""
        counted = f"{self.total} problem" + ("s" if self.total != 1 else "")
        return InvalidInput(
            f"{self.rows} of {rows_read} rows are invalid ({counted}{listed}); "
            "nothing was imported. Fix them, or import with --skip-invalid to write the good rows.",
            self.shown,
        )


def reason(problem: Problem) -> str:
    """A problem as the rejects file shows it (the row number has its own column)."""
    return f"{problem.field}: {problem.message}" if problem.field else problem.message


class RejectsFile:
    """The rejects file of a ``skip_invalid`` import, opened at the first reject.

    ``close(keep=False)`` (the import failed) removes it, so a failed import
    leaves no file saying rows were skipped."""

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


def csv_rows(stream: BinaryIO) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The checked header and the rows after it, each with its row number (blank lines
    skipped). A line that is not CSV is an ``InvalidInput`` naming its row."""
    reader = csv.reader(decoded_lines(stream), strict=True)
    header = read_header(reader)
    return header, _numbered(reader)


def _numbered(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
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
            return
        row_no += 1
        if cells:  # a blank line is no row
            yield row_no, cells


def decoded_lines(stream: BinaryIO) -> Iterator[str]:
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


def read_header(reader: Iterator[list[str]]) -> list[str]:
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
