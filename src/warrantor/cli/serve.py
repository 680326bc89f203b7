"""`warrantor serve`: the web pages and the API on one port."""

from __future__ import annotations


def serve() -> None:
    """Serve the web pages and the API."""
    raise NotImplementedError
