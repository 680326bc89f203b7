"""`warrantor check`: is this serial covered, until when, and why; one serial or a file."""

from __future__ import annotations

import csv
import gc
import itertools
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TextIO

import typer

from warrantor.cli.options import open_runtime, parse_day
from warrantor.errors import InvalidInput, Problem
from warrantor.services.installed_base.batch_check import (
    CompactAnswer,
    check_many_compact,
    check_many_full,
)
from warrantor.services.installed_base.check import BatchAnswer, BatchItem, check_serial
from warrantor.views.coverage import CoverageAnswer, coverage_answer
from warrantor.views.coverage_compact import CSV_COLUMNS, CompactCliLines, compact_csv_row
from warrantor.views.coverage_plain import plain_answer
from warrantor.views.names import Names

BATCH_COLUMNS = ("serial", "brand")


class BatchFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"


def check(
    serial: str = typer.Argument(None, help="Serial number (or use --file)", show_default=False),
    brand: str = typer.Option(
        None, "--brand", "-b", help="Brand; needed if the serial is ambiguous"
    ),
    on: str = typer.Option(None, "--on", help="Day to check, YYYY-MM-DD (default: today)"),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON"),
    file: Path = typer.Option(
        None, "--file", "-f", help="CSV with a 'serial' column (and 'brand'): check every row"
    ),
    output_format: BatchFormat = typer.Option(
        BatchFormat.CSV, "--format", help="Batch output: csv or jsonl"
    ),
    full: bool = typer.Option(
        False, "--full", help="Batch: the full answer per serial, not the compact one"
    ),
) -> None:
    """Show whether SERIAL is covered on a day, until when, and the clauses why.

    With --file, check every serial in a CSV file and write one answer per row
    (CSV or JSON lines) to standard output as the file is read, a chunk of
    serials at a time; a bad row gets its own error line. The answer is the
    compact one (outcome, dates, determining clause ids, from the stored
    coverage projection; 'answered_from' says when the engine answered
    instead), or with --full everything a single check shows.
    """
    runtime = open_runtime()
    day = parse_day(on, "--on") or runtime.clock.today()
    if file is not None:
        with _start_up_frozen(), file.open(encoding="utf-8-sig", newline="") as handle:
            items = _batch_items(handle, str(file))
            readers = runtime.settings.batch_readers
            slots = runtime.reader_slots
            if full:
                answers = check_many_full(
                    runtime.reads, runtime.book, items, day, readers=readers, slots=slots
                )
                _write_batch(answers, output_format, sys.stdout)
            else:
                compact = check_many_compact(
                    runtime.reads, runtime.book, items, day, readers=readers, slots=slots
                )
                _write_compact(compact, output_format, sys.stdout)
        return
    if serial is None:
        raise InvalidInput("give a SERIAL or --file", [Problem("missing", "serial")])
    result = check_serial(runtime.uow_factory, runtime.book, serial, day, brand=brand)
    answer = coverage_answer(result.unit, result.decision, owner_visible=True)
    if as_json:
        typer.echo(answer.model_dump_json(indent=2))
    else:
        typer.echo(
            render_text(answer, Names(runtime.book).line_name(answer.brand, answer.product_line))
        )


def _batch_items(handle: TextIO, name: str) -> Iterator[BatchItem]:
    reader = csv.DictReader(handle)
    header = reader.fieldnames or []
    if "serial" not in header:
        raise InvalidInput(
            f"{name}: the header must have a 'serial' column",
            [Problem(f"header is {','.join(header) or 'empty'}", "serial", line=1)],
        )
    unknown = [column for column in header if column not in BATCH_COLUMNS]
    if unknown:
        raise InvalidInput(
            f"{name}: unknown column(s) {', '.join(unknown)}; expected {', '.join(BATCH_COLUMNS)}",
            [Problem("unknown column", column, line=1) for column in unknown],
        )
    for row_number, row in enumerate(reader, start=2):
        yield BatchItem(
            row=row_number, serial=row.get("serial") or "", brand=row.get("brand") or None
        )


@contextmanager
def _start_up_frozen() -> Iterator[None]:
    """While a batch runs, leave what start-up made (modules, policies, the runtime) out of
    the garbage collector's passes, which otherwise walk it again every few thousand
    answers (a third of a large batch's CPU, docs/benchmarks.md)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


WRITE_EVERY = 1000
"""Lines written to the output at once (one ``write`` per line cost more than the line)."""


def _write_compact(answers: Iterator[CompactAnswer], fmt: BatchFormat, out: TextIO) -> None:
    if fmt is BatchFormat.JSONL:
        lines = CompactCliLines()
        while block := [lines.line(a) for a in itertools.islice(answers, WRITE_EVERY)]:
            out.write("\n".join(block) + "\n")
        return
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(compact_csv_row(answer) for answer in answers)


def _write_batch(answers: Iterator[BatchAnswer], fmt: BatchFormat, out: TextIO) -> None:
    if fmt is BatchFormat.JSONL:
        for answer in answers:
            out.write(json.dumps(_batch_json(answer)) + "\n")
        return
    writer = csv.writer(out)
    writer.writerow(
        [
            "row",
            "brand",
            "serial",
            "model",
            "product_line",
            "outcome",
            "covered_until",
            "coverages",
            "usage",
            "voided",
            "determining",
            "supporting",
            "error",
        ]
    )
    for answer in answers:
        writer.writerow(_batch_csv_row(answer))


def _batch_json(answer: BatchAnswer) -> dict[str, object]:
    line: dict[str, object] = {"row": answer.item.row, "serial": answer.item.serial}
    if answer.result is not None:
        line["answer"] = coverage_answer(
            answer.result.unit, answer.result.decision, owner_visible=True
        ).model_dump(mode="json")
    elif answer.error is not None:
        line["error"] = answer.error.message
    return line


def _batch_csv_row(answer: BatchAnswer) -> list[object]:
    item = answer.item
    if answer.result is None:
        message = answer.error.message if answer.error else ""
        return [item.row, item.brand or "", item.serial, *[""] * 9, message]
    a = coverage_answer(answer.result.unit, answer.result.decision, owner_visible=True)
    terms = "; ".join(f"{c.kind} {c.starts_on}..{c.ends_on}" for c in a.coverages)
    usage = "" if a.usage is None else a.usage.status
    return [
        item.row,
        a.brand,
        a.serial,
        a.model,
        a.product_line or "",
        a.outcome.value,
        a.covered_until or "",
        terms,
        usage,
        "yes" if a.voided else "no",
        " ".join(a.determining),
        " ".join(a.supporting),
        "; ".join(e.message for e in a.errors),
    ]


def render_text(answer: CoverageAnswer, line_name: str = "") -> str:
    """The answer as a person reads it in a terminal; the product line by its name
    (``line_name``, "TS-x53 NAS Series") with its code as a hint, each coverage by its name
    and whether it counts (``views.coverage_plain``: "Doesn't count: the warranty is void")."""
    lines = [f"{answer.brand} {answer.model} · serial {answer.serial}"]
    if answer.product_line:
        name = line_name or answer.product_line
        hint = f" ({answer.product_line})" if name != answer.product_line else ""
        lines[0] += f" · {name}{hint}"
    if answer.covered:
        until = f" until {answer.covered_until}" if answer.covered_until else ""
        lines.append(f"COVERED on {answer.on}{until}.")
    elif answer.outcome.value == "needs_information":
        lines.append(f"NEEDS INFORMATION on {answer.on}.")
    else:
        lines.append(f"NOT COVERED on {answer.on}.")
    lines.append(answer.summary)
    if answer.voided:
        lines.append(f"VOID: {', '.join(answer.voiding_findings)}")
    if answer.coverages:  # each row as the public check words it: agrees with the verdict
        lines.append("Coverage:")
        for row in plain_answer(answer, line_name).rows:
            lines.append(f"  {row.kind:<18} {row.starts_on} .. {row.ends_on}  {row.status}")
    if answer.usage is not None:
        u = answer.usage
        left = f", {u.remaining_tb:.1f} TB left" if u.remaining_tb is not None else ""
        lines.append(f"Usage limit: {u.limit_tb:g} TB written, {u.status}{left}")
    lines.extend(f"Note: {note}" for note in answer.notes)
    if answer.missing:
        lines.append("Missing:")
        lines.extend(f"  - {m.fact}: {m.why}" for m in answer.missing)
    if answer.errors:
        lines.append("Cannot decide on:")
        lines.extend(f"  - {e.fact}: {e.message}" for e in answer.errors)
    lines.append(f"Why ({answer.policy_id} {answer.policy_version}):")
    for role, heading in (("determining", "Decided by"), ("supporting", "Supported by")):
        reasons = [r for r in answer.reasons if r.role == role]
        if reasons:
            lines.append(f" {heading}:")
        for reason in reasons:
            inferred = f" [inferred: {reason.inferred}]" if reason.inferred else ""
            lines.append(f'  {reason.clause_id}: "{reason.text}"{inferred}')
    return "\n".join(lines)
