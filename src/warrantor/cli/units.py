"""`warrantor units ...` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="units commands.", no_args_is_help=True)
