"""The demo's accounts: distributors, direct buyers, dealers, end customers and staff.

Built first by ``load_demo`` and upserted before the units are imported (the
import checks the account codes a unit refers to). The unit generator uses the
lookups (who distributes in a country, who buys direct) to fill a unit's first
buyer, seller and owner. Every name is invented; e-mail addresses are on
example.com.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from warrantor.store.accounts import Account

TECHNICIAN = "TECH-DEMO"
"""Account code that records the demo's findings."""

_DISTRIBUTORS = (
    ("DIST-US-1", "Pacific Storage Distribution Inc.", "US"),
    ("DIST-US-2", "Lakeshore Data Supply LLC", "US"),
    ("DIST-CA-1", "Maple Systems Distribution Ltd.", "CA"),
    ("DIST-DE-1", "Rheinland Speichertechnik GmbH", "DE"),
    ("DIST-GB-1", "Thames Valley Components Ltd", "GB"),
    ("DIST-CN-1", "Shenzhen Huayuan Digital Trading Co.", "CN"),
    ("DIST-CN-2", "Shanghai Pudong Storage Supply Co.", "CN"),
    ("DIST-JP-1", "Kanto Data Devices K.K.", "JP"),
    ("DIST-TW-1", "Hsinchu Network Supply Co.", "TW"),
)
_DIRECT_BUYERS = (
    # Retailers big enough to buy from the maker: direct customers, kind dealer.
    ("RET-CN-JD", "Jingdong Self-operated Store (demo)", "CN", "dealer"),
    ("RET-US-WEB", "Northwind Online Electronics", "US", "dealer"),
    # End customers who buy direct from the maker.
    ("CUST-US-ACME", "Acme Analytics Corp.", "US", "customer"),
    ("CUST-CA-BOREAL", "Boreal Media Studios", "CA", "customer"),
    ("CUST-DE-KLINIK", "Klinikum Nordstadt IT", "DE", "customer"),
    ("CUST-GB-FOUNDRY", "Foundry Lane Architects LLP", "GB", "customer"),
    ("CUST-JP-SAKURA", "Sakura Post-Production Ltd.", "JP", "customer"),
    ("CUST-CN-YUNHE", "Yunhe Cloud Services Co.", "CN", "customer"),
    ("CUST-TW-FORMOSA", "Formosa Render Farm Co.", "TW", "customer"),
)
_DEALERS = (
    ("DLR-US-1", "Bay Area Computer Exchange", "US"),
    ("DLR-US-2", "Midwest Server Outlet", "US"),
    ("DLR-CA-1", "Northern Lights PC", "CA"),
    ("DLR-DE-1", "Computerhaus Mitte", "DE"),
    ("DLR-DE-2", "Speicherladen Hamburg", "DE"),
    ("DLR-GB-1", "Kestrel IT Supplies", "GB"),
    ("DLR-CN-1", "Zhongguancun Storage Mall Shop 12", "CN"),
    ("DLR-CN-2", "Huaqiangbei SSD Centre", "CN"),
    ("DLR-JP-1", "Akihabara Drive Shop", "JP"),
    ("DLR-TW-1", "Guanghua Digital Plaza Stall 7", "TW"),
    ("DLR-FR-1", "Informatique Lumière", "FR"),
    ("DLR-NL-1", "Grachten Computers", "NL"),
)
_FIRST_NAMES = {
    "US": ("Ann", "Ben", "Carla", "Dev", "Erin", "Frank"),
    "CA": ("Gabrielle", "Hugo", "Isla", "Jacob"),
    "DE": ("Jonas", "Katrin", "Lukas", "Mia"),
    "GB": ("Oliver", "Priya", "Rhys", "Sophie"),
    "CN": ("Wei", "Fang", "Lei", "Jing", "Hao", "Min"),
    "JP": ("Haruto", "Yui", "Sota", "Aoi"),
    "TW": ("Chia-hao", "Yu-ting", "Po-han", "Hsin-yi"),
    "FR": ("Camille", "Louis"),
    "NL": ("Daan", "Sanne"),
}
_LAST_NAMES = {
    "US": ("Smith", "Garcia", "Nguyen", "Miller"),
    "CA": ("Tremblay", "Roy", "Wilson"),
    "DE": ("Müller", "Schmidt", "Becker"),
    "GB": ("Jones", "Patel", "Evans"),
    "CN": ("Wang", "Li", "Zhang", "Liu"),
    "JP": ("Sato", "Suzuki", "Takahashi"),
    "TW": ("Chen", "Lin", "Huang"),
    "FR": ("Martin", "Bernard"),
    "NL": ("de Vries", "Jansen"),
}
EXPORT_DISTRIBUTOR = {"FR": "DE", "NL": "DE"}
"""Countries with no distributor of their own, and whose distributor serves them."""


@dataclass
class DemoAccounts:
    """The demo's accounts, and the lookups the generator needs."""

    all: list[Account] = field(default_factory=list)
    distributors: dict[str, list[str]] = field(default_factory=dict)
    direct_buyers: dict[str, list[str]] = field(default_factory=dict)
    """Direct end customers by country."""
    online_direct: dict[str, str] = field(default_factory=dict)
    """A retailer that buys from the maker, by country."""
    dealers: dict[str, list[str]] = field(default_factory=dict)
    owners: dict[str, list[str]] = field(default_factory=dict)


def _email(code: str) -> str:
    return f"{code.lower()}@example.com"


def build_accounts(rng: random.Random, owners_per_country: int) -> DemoAccounts:
    """The fixed trade accounts, ``owners_per_country`` invented owners per country, and staff."""
    found = DemoAccounts()
    for code, name, country in _DISTRIBUTORS:
        found.all.append(Account(code, name, "distributor", True, country, _email(code)))
        found.distributors.setdefault(country, []).append(code)
    for code, name, country, kind in _DIRECT_BUYERS:
        found.all.append(Account(code, name, kind, True, country, _email(code)))
        if kind == "dealer":
            found.online_direct[country] = code
        else:
            found.direct_buyers.setdefault(country, []).append(code)
    for code, name, country in _DEALERS:
        found.all.append(Account(code, name, "dealer", False, country, _email(code)))
        found.dealers.setdefault(country, []).append(code)
    for country, first_names in sorted(_FIRST_NAMES.items()):
        for number in range(1, owners_per_country + 1):
            code = f"CUST-{country}-{number:03d}"
            name = f"{rng.choice(first_names)} {rng.choice(_LAST_NAMES[country])}"
            found.all.append(Account(code, name, "customer", False, country, _email(code)))
            found.owners.setdefault(country, []).append(code)
    found.all.append(Account(TECHNICIAN, "Demo Technician", "technician", False, "US"))
    found.all.append(Account("AGENT-DEMO", "Demo Support Agent", "agent", False, "US"))
    found.all.append(Account("ADMIN-DEMO", "Demo Warranty Admin", "admin", False, "US"))
    return found
