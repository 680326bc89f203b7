"""The installed base as the domain sees it: a unit and what is known about it.

Pure data. The store maps its rows to these; the policy engine reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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
