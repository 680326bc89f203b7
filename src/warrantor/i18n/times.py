"""Instants as a reader's clock shows them, with the zone named (issue #26, item 2).

Times are stored in UTC (DESIGN.md). A page shows an instant in its reader's zone: a
signed-in user's (set from their browser at their first sign-in, or chosen), else the
service centre's (``Settings.centre_time_zone``); the zone is always named, so a reader never
has to guess whose clock it is: "7 December 2026, 14:05 CET (Europe/Berlin)". Days-only
values (a purchase date, a due day) are calendar days and are not converted; a day cut from
an instant (the day an RMA was opened, a parcel received, a certificate revoked) is the day
on the reader's calendar (:func:`day_of`), not UTC's: 23:30 UTC is already tomorrow in
Shanghai.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from babel.dates import format_time

from warrantor.i18n import formats
from warrantor.i18n.locales import ENGLISH

UTC_NAME = "UTC"


@cache
def known_zones() -> frozenset[str]:
    """Every IANA zone name this machine's time zone database knows."""
    return frozenset(available_timezones()) | {UTC_NAME}


def known_zone(name: str) -> bool:
    """Whether ``name`` is an IANA zone (``Europe/Berlin``, ``UTC``), not a path or offset."""
    if name not in known_zones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def zone_label(local: datetime, zone: str) -> str:
    """How a time names its zone: what the zone calls itself then, and its IANA name
    ("CET (Europe/Berlin)", "-03 (America/Sao_Paulo)": "CST" alone is China's or America's),
    the name alone where they are the same ("UTC")."""
    short = local.tzname() or ""
    return zone if short in ("", zone) else f"{short} ({zone})"


def instant(value: datetime, zone: str, locale: str = ENGLISH, *, seconds: bool = False) -> str:
    """``value`` (aware, UTC) as ``zone``'s clock shows it, written as ``locale`` writes a
    day and a time, the zone named: "7 December 2026, 14:05 CET (Europe/Berlin)"."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(ZoneInfo(zone))
    if locale == ENGLISH:
        clock = local.strftime("%H:%M:%S" if seconds else "%H:%M")
    else:
        clock = format_time(local, "medium" if seconds else "short", locale=locale)
    return f"{formats.day(local.date(), locale)}, {clock} {zone_label(local, zone)}"


def day_of(value: datetime, zone: str) -> date:
    """The calendar day ``value`` (aware, UTC; naive read as UTC) falls on in ``zone``:
    2026-12-07 23:30 UTC is 8 December in Asia/Shanghai and 7 December in Europe/Berlin."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(ZoneInfo(zone)).date()


def instant_day(value: datetime, zone: str, locale: str = ENGLISH, *, named: bool = False) -> str:
    """The day ``value`` falls on in ``zone``, written as ``locale`` writes a day; with
    ``named``, the zone follows ("8 December 2026 (Asia/Shanghai)") where the day could be
    read as another zone's."""
    written = formats.day(day_of(value, zone), locale)
    return f"{written} ({zone})" if named else written


def clock(value: datetime, zone: str) -> str:
    """``value`` (aware, UTC; naive read as UTC) on ``zone``'s clock, to the second, in the
    ISO order a terminal or a log sorts by, the zone named as :func:`zone_label` names it:
    "2026-12-07 14:05:00 CET (Europe/Berlin)", "2026-12-07 13:05:00 UTC" (the CLI's times)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    local = value.astimezone(ZoneInfo(zone))
    return f"{local:%Y-%m-%d %H:%M:%S} {zone_label(local, zone)}"


def clock_day(value: datetime, zone: str) -> str:
    """The ISO day ``value`` falls on in ``zone``, the zone named: "2026-12-08 (Asia/Shanghai)"."""
    return f"{day_of(value, zone).isoformat()} ({zone})"
