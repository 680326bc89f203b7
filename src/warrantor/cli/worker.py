"""CLI: `warrantor worker`: send the mail outbox over SMTP (issue #5)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Send the mail outbox over SMTP.")
