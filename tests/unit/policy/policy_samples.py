"""A small, valid policy ("Acme") to bend into the shape each test needs; and the shipped
policies, loaded."""

from __future__ import annotations

from pathlib import Path

from warrantor.policy.loader import load_policy
from warrantor.policy.model import Policy

POLICIES = Path(__file__).resolve().parents[3] / "policies"


def shipped(name: str) -> Policy:
    """A policy the product ships (``qnap``, ``netac``, ``crucial``), loaded."""
    return load_policy(POLICIES / f"{name}.toml")


SOURCE = """Acme widget warranty.
Widgets are covered for 2 years from the date of purchase.
An extension of 1 or 2 years may be bought within 30 days of the invoice by resellers.
No widget is covered for more than 4 years in all.
Extensions are valid in France only.
Dropped widgets are not covered.
A widget whose label was removed is void.
Each widget may write 100 TB, whichever comes first.
Cables are not covered.
Service is given only in the country of purchase.
"""

BASE = """[policy]
id = "acme"
brand = "Acme"
version = "1"
effective_from = 2020-01-01
source = "acme.txt"

[[clauses]]
id = "acme.term"
text = "Widgets are covered for 2 years from the date of purchase."

[[clauses]]
id = "acme.extension"
text = "An extension of 1 or 2 years may be bought within 30 days of the invoice by resellers."

[[clauses]]
id = "acme.max"
text = "No widget is covered for more than 4 years in all."

[[clauses]]
id = "acme.france"
text = "Extensions are valid in France only."

[[clauses]]
id = "acme.dropped"
text = "Dropped widgets are not covered."

[[clauses]]
id = "acme.label"
text = "A widget whose label was removed is void."

[[clauses]]
id = "acme.tbw"
text = "Each widget may write 100 TB, whichever comes first."

[[clauses]]
id = "acme.cables"
text = "Cables are not covered."

[[clauses]]
id = "acme.local"
text = "Service is given only in the country of purchase."

[[findings]]
id = "dropped"
description = "the widget was dropped"

[[findings]]
id = "label_removed"
description = "the label was removed"
voids_unit = true

[[components]]
id = "widget"
description = "the widget"

[[components]]
id = "cable"
description = "the cable"

[[lines]]
id = "W"
name = "Widgets"
patterns = ['W-[0-9]{3}']
examples = ["W-100", "W-200"]
standard_years = 2
clauses = ["acme.term"]

[[rules]]
kind = "start_date"
order = ["purchase_date"]
clauses = ["acme.term"]

[[rules]]
kind = "extension_offer"
lines = ["W"]
years = [1, 2]
clauses = ["acme.extension"]

[[rules]]
kind = "maximum_term"
years = 4
clauses = ["acme.max"]

[[rules]]
kind = "purchase_window"
days = 30
clauses = ["acme.extension"]

[[rules]]
kind = "eligible_buyers"
buyers = ["direct_customer"]
clauses = ["acme.extension"]

[[rules]]
kind = "service_countries"
countries = ["FR"]
scope = ["extended"]
clauses = ["acme.france"]

[[rules]]
kind = "exclusion"
findings = ["dropped"]
clauses = ["acme.dropped"]

[[rules]]
kind = "exclusion"
findings = ["label_removed"]
clauses = ["acme.label"]

[[rules]]
kind = "usage_limit"
limit_tb = 100
clauses = ["acme.tbw"]

[[rules]]
kind = "components"
covered = ["widget"]
excluded = ["cable"]
clauses = ["acme.cables"]

[[rules]]
kind = "service_area"
default = "region_of_purchase"
clauses = ["acme.local"]
"""


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based number of the ``nth`` line of ``text`` containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[nth - 1]
