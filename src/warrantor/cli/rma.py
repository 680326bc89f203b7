"""CLI: The RMA desk, step by step (issue #5)."""

from __future__ import annotations

import typer

app = typer.Typer(help="The RMA desk, step by step (issue #5).", no_args_is_help=True)
