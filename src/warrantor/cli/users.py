"""CLI: Users and API tokens: `warrantor users create` makes the first admin (issue #6)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Users and API tokens", no_args_is_help=True)
