"""Demo data beyond the installed base: users, sales, RMAs, in the order they depend on.

``warrantor demo`` calls ``load_activity`` after ``load_demo`` has loaded the
units; each area keeps its own module so the demo never grows into one file.
"""

from __future__ import annotations

from warrantor.bootstrap import Runtime
from warrantor.demo import rmas, sales, users, workshop


def load_activity(runtime: Runtime) -> list[str]:
    """Load every area's demo records; returns the lines to print."""
    lines: list[str] = []
    for area in (users, sales, rmas, workshop):
        lines += area.load(runtime)
    return lines
