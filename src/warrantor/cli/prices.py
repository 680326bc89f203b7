"""CLI: Price lists for extended warranties (issue #4)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Price lists for extended warranties (issue #4).", no_args_is_help=True)
