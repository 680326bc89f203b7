"""Demo data: price lists, orders, quotes and certificates (issue #4).

Called by ``demo_activity.load_activity`` after the installed base is loaded.
"""

from __future__ import annotations

from warrantor.runtime import Runtime


def load(runtime: Runtime) -> list[str]:
    """Add this area's demo records; returns summary lines for ``warrantor demo`` to print."""
    return []
