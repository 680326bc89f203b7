"""What every command shares: opening the runtime and reading option values.

Kept here so each command reads a date, or finds an unmigrated database, the
same way, with the same message naming the option.
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any

import typer

from warrantor.bootstrap import Runtime, build_runtime, record_policies_in_force
from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput, Problem
from warrantor.services.clock import Clock, SystemClock
from warrantor.store.migrate import ensure_migrated


def open_runtime() -> Runtime:
    """The runtime for a command that uses the store; says `warrantor db upgrade` if needed.

    The policies in force are recorded in the audit trail when they differ from
    what it last recorded (``record_policies_in_force``)."""
    runtime = build_runtime()
    ensure_migrated(runtime.settings.effective_database_url)
    record_policies_in_force(runtime, Actor.operator())
    return runtime


def storeless_clock() -> Clock:
    """The clock of a command that opens no store (the others use ``open_runtime().clock``):
    the machine's, chosen here, the one place such a command gets the time from."""
    return SystemClock()


def parse_day(raw: str | None, option: str) -> date | None:
    """``raw`` as a date (YYYY-MM-DD), or None when not given; InvalidInput names ``option``."""
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problem = Problem(f"not a date like 2024-03-15: {raw!r}", option)
        raise InvalidInput(f"invalid {option} date", [problem]) from None


def plain(value: Any) -> Any:
    """``value`` (dataclasses, lists, dates) as plain JSON-ready data."""
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON (what ``--json`` prints)."""
    typer.echo(json.dumps(plain(value), indent=2))
