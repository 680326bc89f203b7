"""What a search command prints (``accounts search``, ``users search``): its hits, best
first, each after its tier, then how many were found; with ``--json``, one array of the
found records, each with its tier and what matched."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

import typer

T = TypeVar("T")


class Hit(Protocol):
    @property
    def tier(self) -> str: ...

    @property
    def matched(self) -> str: ...


H = TypeVar("H", bound=Hit)


def print_hits(
    hits: Sequence[H],
    found: Callable[[H], T],
    as_json: bool,
    echo: Callable[[T], None],
    shape: Callable[[T], dict[str, Any]],
    noun: str,
) -> None:
    """``hits`` (``found`` names the record each found) as JSON (``shape`` each record) with
    ``as_json``, else a line each: its tier, then the record through ``echo``; then
    ``(N nouns found)``."""
    if as_json:
        rows = [{"tier": h.tier, "matched": h.matched, **shape(found(h))} for h in hits]
        typer.echo(json.dumps(rows, indent=2))
        return
    for hit in hits:
        typer.echo(f"{hit.tier:6} ", nl=False)
        echo(found(hit))
    typer.echo(f"({len(hits)} {noun}{'' if len(hits) == 1 else 's'} found)")
