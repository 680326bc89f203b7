"""The zone the CLI shows times in (issue #26, item 2).

Times are stored in UTC (DESIGN.md). The CLI shows each instant on one clock, chosen once
for the whole command: ``warrantor --time-zone Europe/Berlin ...`` or
``WARRANTOR_TIME_ZONE=Europe/Berlin``, UTC when neither is given; every time it prints names
its zone ("2026-12-07 14:05:00 CET (Europe/Berlin)"), and a day cut from an instant is that
zone's day, named ("2026-12-08 (Asia/Shanghai)"). ``--json`` keeps ISO 8601 with the offset.
Business days (an RMA's due days, an SLA's) are the service centre's days, as the policy
counts them, and are printed as they are, whatever the zone chosen here.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import datetime

from warrantor.errors import InvalidInput, Problem
from warrantor.i18n import times

OPTION = "--time-zone"
ENV = "WARRANTOR_TIME_ZONE"
DEFAULT = times.UTC_NAME
HELP = (
    "The time zone times are shown in, an IANA name (Europe/Berlin, Asia/Shanghai); "
    f"default UTC, or {ENV}. Due days stay the service centre's days"
)

_ZONE: ContextVar[str] = ContextVar("warrantor_cli_time_zone", default=times.UTC_NAME)


def choose(raw: str | None, given_as: str = OPTION) -> str:
    """Show times in ``raw`` (an IANA zone; empty: UTC) from now on in this command; returns
    it. ``InvalidInput`` names ``given_as`` (the option or the environment variable) and the
    zone for anything else."""
    zone = (raw or "").strip() or times.UTC_NAME
    if not times.known_zone(zone):
        problem = Problem(
            f"{zone[:60]!r} is not an IANA time zone (e.g. Europe/Berlin, Asia/Shanghai, UTC)",
            given_as,
        )
        raise InvalidInput(f"unknown time zone {zone[:60]!r} ({given_as})", [problem])
    _ZONE.set(zone)
    return zone


def zone() -> str:
    """The zone this command shows times in."""
    return _ZONE.get()


def shown(value: datetime | None, missing: str = "-") -> str:
    """An instant on the chosen clock, its zone named; ``missing`` for none."""
    return times.clock(value, zone()) if value is not None else missing


def shown_day(value: datetime | None, missing: str = "-") -> str:
    """The day an instant falls on in the chosen zone, the zone named; ``missing`` for none."""
    return times.clock_day(value, zone()) if value is not None else missing
