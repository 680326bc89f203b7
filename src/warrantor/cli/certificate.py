"""CLI: Extended-warranty certificates: show, export, verify, keys (issue #4)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Extended-warranty certificates", no_args_is_help=True)
