"""The installed base as the domain sees it: a unit and what is known about it.

Pure data. The store maps its rows to these; the policy engine reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from iso3166 import countries_by_alpha2

from warrantor.errors import N_, Said


@dataclass(frozen=True, slots=True)
class Unit:
    """One product by serial number, as the policy engine needs to judge it.

    Two dates matter and are kept apart (DESIGN.md, "Domain conventions"):
    ``first_invoiced_on`` is the maker's sale to its direct customer and opens
    the extension window; ``purchased_on`` is the end customer's purchase on
    proof of purchase and starts the warranty term. For a unit sold directly
    they are the same day.
    """

    brand: str
    serial: str
    model: str
    product_line: str | None = None
    manufactured_on: date | None = None
    first_invoiced_on: date | None = None
    first_invoiced_to: str | None = None
    """Account code of the direct customer the maker first invoiced."""
    purchased_on: date | None = None
    proof_of_purchase: str | None = None
    """Reference of the end customer's proof of purchase; ``None`` when there is none."""
    country_of_purchase: str | None = None
    """ISO 3166-1 alpha-2 code."""
    owner: str | None = None
    """Account code of the owner, where known."""
    channel: str | None = None
    voiding_findings: tuple[str, ...] = field(default_factory=tuple)
    """Inspection findings recorded on the unit itself that void it (e.g. label removed)."""


_SERIAL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./")


def normalize_serial(raw: str) -> str:
    """A serial as stored: trimmed, upper case; raises ``ValueError`` saying what is wrong
    (its argument an ``errors.Said``: a page shows it in the reader's language).

    Serials are printed on labels in upper case; people type them in any case,
    so lookups and imports normalise the same way.
    """
    serial = raw.strip().upper()
    if not serial:
        raise ValueError(Said(N_("serial number is empty")))
    if len(serial) > 64:
        too_long = N_("serial number is %(length)s characters long; at most %(most)s")
        raise ValueError(Said(too_long, length=len(serial), most=64))
    bad = sorted(set(serial) - _SERIAL_CHARS)
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        not_allowed = N_("serial number has characters that are not allowed: %(characters)s")
        raise ValueError(Said(not_allowed, characters=shown))
    return serial


COUNTRY_CODES = frozenset(countries_by_alpha2)
"""The ISO 3166-1 alpha-2 codes (``iso3166``'s list), upper case."""

_NOT_COUNTRY_CODES = {"UK": "GB", "EL": "GR"}
"""Codes people use that ISO reserves for another purpose, and the country's own code."""

LATEST_ZONE = timezone(timedelta(hours=14))
"""UTC+14 (Kiribati's Line Islands): where each calendar day begins first."""


def normalize_country(raw: str) -> str:
    """An ISO 3166-1 alpha-2 country code in upper case; raises ``ValueError`` otherwise."""
    code = raw.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        two_letters = N_("country must be a two-letter ISO 3166-1 code, not '%(raw)s'")
        raise ValueError(Said(two_letters, raw=raw))
    if code not in COUNTRY_CODES:
        meant = _NOT_COUNTRY_CODES.get(code)
        if meant:
            use = N_("%(code)s is not an ISO 3166-1 country code (for that country, use %(meant)s)")
            raise ValueError(Said(use, code=code, meant=meant))
        raise ValueError(Said(N_("%(code)s is not an ISO 3166-1 country code"), code=code))
    return code


def latest_today(now: datetime) -> date:
    """The date it already is somewhere on Earth at ``now``: the date in UTC+14. No date on
    a label, an invoice or a receipt can be later than this."""
    return now.astimezone(LATEST_ZONE).date()
