"""CLI.

Sell extended warranties: direct orders, payment, distributor quotes and assignments
(issue #4).
"""

from __future__ import annotations

import typer

app = typer.Typer(help="Sell extended warranties", no_args_is_help=True)
