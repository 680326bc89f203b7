"""Demo data beyond the installed base: users, sales, RMAs, in the order they depend on.

``warrantor demo`` calls ``load_activity`` after ``load_demo`` has loaded the
units; each area keeps its own module so the demo never grows into one file.
"""

from __future__ import annotations

from warrantor.runtime import Runtime
from warrantor.services import demo_rmas, demo_sales, demo_users, demo_workshop


def load_activity(runtime: Runtime) -> list[str]:
    """Load every area's demo records; returns the lines to print."""
    lines: list[str] = []
    for area in (demo_users, demo_sales, demo_rmas, demo_workshop):
        lines += area.load(runtime)
    return lines
