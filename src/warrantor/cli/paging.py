"""``--cursor`` and ``--all`` for every listing command (issue #23, item 1).

A command reads one page (``--limit`` rows) and, when there are more, says on
stderr how to ask for the next (``more: --cursor ...``), so stdout stays the
rows (or the JSON) alone; ``--all`` reads page after page until the last,
printing each as it comes, so exporting the whole installed base never holds
it in memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import typer

from warrantor.cli.options import plain
from warrantor.services.paging import Page

T = TypeVar("T")

CURSOR_OPTION = typer.Option(
    None, "--cursor", help="Start where the last page ended (the cursor it printed after 'more:')"
)
ALL_OPTION = typer.Option(False, "--all", help="Every page, one after another (--limit a read)")


def pages(read: Callable[[str | None], Page[T]], cursor: str | None, every: bool) -> Iterator[T]:
    """The rows of the page at ``cursor`` (with ``every``: of it and each page after),
    then, when more are left unread, the next cursor on stderr."""
    page = read(cursor)
    yield from page.items
    while every and page.next_cursor is not None:
        page = read(page.next_cursor)
        yield from page.items
    if page.next_cursor is not None:
        typer.echo(f"more: --cursor {page.next_cursor}", err=True)


def echo_json_array(rows: Iterator[Any], shape: Callable[[Any], Any] = plain) -> int:
    """Print ``rows`` as one indented JSON array, a row at a time; returns how many."""
    count = 0
    typer.echo("[", nl=False)
    for row in rows:
        text = json.dumps(shape(row), indent=2).replace("\n", "\n  ")
        typer.echo(("," if count else "") + "\n  " + text, nl=False)
        count += 1
    typer.echo("\n]" if count else "]")
    return count


def print_pages(
    read: Callable[[str | None], Page[T]],
    cursor: str | None,
    every: bool,
    as_json: bool,
    echo: Callable[[T], None],
    noun: str,
    shape: Callable[[Any], Any] = plain,
) -> None:
    """A listing command's output: the rows of ``pages`` (JSON with ``as_json``, else each
    through ``echo``), then how many were printed and how many the list holds when it
    counts them exactly (a queue), or that it is not counted."""
    totals: list[int | None] = []

    def counted(after: str | None) -> Page[T]:
        page = read(after)
        totals.append(page.total)
        return page

    found = pages(counted, cursor, every)
    if as_json:
        echo_json_array(found, shape)
        return
    count = 0
    for row in found:
        echo(row)
        count += 1
    total = totals[-1] if totals else None
    held = f" of {total} in this list" if total is not None else "; the list is not counted"
    typer.echo(f"({count} {noun}{'' if count == 1 else 's'}{held})")
