"""`warrantor check`: is this serial covered, until when, and why."""

from __future__ import annotations

import typer


def check(serial: str = typer.Argument(..., help="Serial number")) -> None:
    """Show whether SERIAL is covered on a day, until when, and why."""
    raise NotImplementedError
