"""The demo's brand profiles: how each brand's units reach their owners, and their serials.

Used by the unit generator (``demo/units.py``) to pick a unit's country, sales
channel and serial. Shares and country weights are invented to look like each
brand's market; a brand with no profile here gets a plain generic one, so a new
policy still gets demo units.

Serial formats (invented units; shapes like those on each brand's labels):

- QNAP: ``Q`` + year (2 digits) + month (``1``-``9``, ``A``-``C``) + plant
  letter + 5 digits, e.g. ``Q24AI01234``.
- Netac: ``NT`` + year and month of manufacture (``YYMM``) + 10 digits,
  e.g. ``NT24031234567890``.
- Crucial: year and week of manufacture (``YYWW``) + 8 hexadecimal digits,
  e.g. ``2431E1A2B3C4``.
- Any other brand: its first three letters + year + 8 digits.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


def _qnap_serial(rng: random.Random, made: date) -> str:
    month = "123456789ABC"[made.month - 1]
    return f"Q{made.year % 100:02d}{month}{rng.choice('IAEB')}{rng.randrange(100_000):05d}"


def _netac_serial(rng: random.Random, made: date) -> str:
    return f"NT{made.year % 100:02d}{made.month:02d}{rng.randrange(10**10):010d}"


def _crucial_serial(rng: random.Random, made: date) -> str:
    week = min(made.isocalendar().week, 52)
    return f"{made.year % 100:02d}{week:02d}{rng.randrange(16**8):08X}"


def _generic_serial(brand: str) -> Callable[[random.Random, date], str]:
    prefix = "".join(c for c in brand.upper() if c.isalnum())[:3] or "UNT"

    def serial(rng: random.Random, made: date) -> str:
        return f"{prefix}{made.year % 100:02d}{rng.randrange(10**8):08d}"

    return serial


@dataclass(frozen=True)
class BrandProfile:
    """How a brand's units reach their owners in the demo: share, countries, channels, serials."""

    share: float
    countries: tuple[tuple[str, int], ...]
    channels: tuple[tuple[str, int], ...]
    serial: Callable[[random.Random, date], str]
    home: str
    """Country whose distributor takes exports to a country with none of its own."""


PROFILES: dict[str, BrandProfile] = {
    "qnap": BrandProfile(
        share=0.52,
        countries=(
            ("US", 30),
            ("CA", 10),
            ("DE", 18),
            ("GB", 14),
            ("JP", 10),
            ("TW", 14),
            ("FR", 2),
            ("NL", 2),
        ),
        channels=(
            ("distributor", 30),
            ("reseller", 25),
            ("retail", 15),
            ("online", 20),
            ("direct", 10),
        ),
        serial=_qnap_serial,
        home="TW",
    ),
    "netac": BrandProfile(
        share=0.40,
        countries=(
            ("CN", 76),
            ("US", 6),
            ("DE", 4),
            ("GB", 3),
            ("JP", 3),
            ("TW", 2),
            ("CA", 2),
            ("FR", 2),
            ("NL", 2),
        ),
        channels=(
            ("online", 50),
            ("retail", 22),
            ("distributor", 18),
            ("reseller", 5),
            ("direct", 5),
        ),
        serial=_netac_serial,
        home="CN",
    ),
    "crucial": BrandProfile(
        share=0.08,
        countries=(
            ("US", 40),
            ("GB", 15),
            ("DE", 15),
            ("CA", 10),
            ("JP", 10),
            ("FR", 5),
            ("NL", 5),
        ),
        channels=(("online", 45), ("retail", 30), ("distributor", 15), ("direct", 10)),
        serial=_crucial_serial,
        home="US",
    ),
}


def profile_of(brand: str) -> BrandProfile:
    """The profile of ``brand`` (any case); a generic one for a brand not listed above."""
    known = PROFILES.get(brand.lower())
    if known is not None:
        return known
    return BrandProfile(
        share=0.08,
        countries=(("US", 40), ("DE", 20), ("GB", 20), ("JP", 20)),
        channels=(("distributor", 40), ("retail", 30), ("online", 30)),
        serial=_generic_serial(brand),
        home="US",
    )
