"""CLI: the workshop steps of an RMA (inspect, SMART upload, decide, repair, replace, quote).

``cli.rma`` calls ``register`` so these appear under ``warrantor rma``.
"""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the workshop commands to the ``rma`` group."""
