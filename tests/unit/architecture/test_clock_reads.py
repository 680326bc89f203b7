"""The time is read only through the injected clock (``services.clock``), never directly.

A service, store or entry point that asks the machine for today or now on its
own can't be replayed or tested at a fixed moment, and two reads in one use
case can straddle midnight. This walks every module under ``src/warrantor``
and fails naming the line of a call to ``date.today``, ``datetime.now``,
``datetime.utcnow``, ``datetime.today`` or ``time.time`` outside the system
clock itself, unless the line is listed below with why it is not a business
clock.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src" / "warrantor"
CLOCK = Path("services") / "clock.py"
READS = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today")}
READS |= {("time", "time")}
NOT_A_BUSINESS_CLOCK = {
    # The rate limiter's reset instant is in the ``limits`` library's own epoch seconds;
    # the difference is the Retry-After wait, measured on the clock that library uses.
    (Path("services") / "access" / "rate_limit.py", "time.time"),
}


def _clock_reads(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if isinstance(owner, ast.Name) and (owner.id, node.func.attr) in READS:
            found.append((node.lineno, f"{owner.id}.{node.func.attr}"))
    return found


def test_nothing_reads_the_time_but_the_clock() -> None:
    direct = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if relative == CLOCK or "migrations" in relative.parts:
            continue
        for line, call in _clock_reads(path):
            if (relative, call) not in NOT_A_BUSINESS_CLOCK:
                direct.append(f"{relative}:{line}: {call}()")
    assert direct == [], "read the time through the injected clock:\n" + "\n".join(direct)


def test_the_walk_finds_a_direct_read(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text("from datetime import date\n\nday = date.today()\n", encoding="utf-8")
    assert _clock_reads(module) == [(3, "date.today")]
