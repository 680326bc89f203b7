"""`warrantor demo`: load the seed policies and a realistic installed base."""

from __future__ import annotations


def demo() -> None:
    """Load demo data."""
    raise NotImplementedError
