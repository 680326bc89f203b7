"""When a periodic duty runs next: its cron line, read by croniter (the library
Procrastinate's own scheduler uses, so both engines read a line the same way).

A line has five fields, or six with seconds last (``* * * * * */10``: every ten
seconds), in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

from croniter import croniter

from warrantor.errors import InvalidInput, Problem


def check_cron(line: str, *, field: str = "cron") -> str:
    """``line`` if croniter reads it; else ``InvalidInput`` naming ``field``."""
    if not croniter.is_valid(line):
        raise InvalidInput(f"{line!r} is not a cron line", [Problem("not a cron line", field)])
    return line


def next_run(line: str, after: datetime) -> datetime:
    """The first instant of the schedule strictly after ``after`` (UTC)."""
    following: datetime = croniter(line, after.astimezone(UTC)).get_next(datetime)
    return following.astimezone(UTC)


def is_due(line: str, last_start: datetime | None, now: datetime) -> bool:
    """Due when it never ran, or when the schedule had an instant since its last start."""
    return last_start is None or next_run(line, last_start) <= now
