"""Use case: load a realistic demo installed base, so every page and command shows something.

Run by ``warrantor demo`` (and by ``make run`` on first start, with
``if_empty``). Everything comes from the policies in force: each brand's
product lines and their ``examples`` (QNAP: every series of the QNAP text),
each catalogue model with its capacities (Netac), the findings that void a
unit, the extension window. Nothing is hard-wired to a policy's figures.

Deterministic: one ``random.Random(seed)`` drives every choice, and every
date is relative to the clock's today, so the base stays fresh (the same
seed on the same day gives the same data). It holds, on purpose:

- units in their standard term, near its end, expired the day before, and
  long expired; first invoices inside the extension window and on its last
  day and the day after (day 60 and 61 for QNAP); a few 29 February
  purchases;
- proof of purchase for most units and none for some, so QNAP's "we need the
  proof" and Netac's manufacture-date fallback both show;
- usage readings (bytes written) for part of the SSDs, some near or over
  their TBW; a few findings that void the unit (QNAP: label removed).

The units go through the same validated path as a user's file: they are
written as CSV to a temporary file and loaded by ``unit_import``. Accounts,
findings and readings go through the repositories. The accounts are upserted
first (the import checks the codes it refers to), in their own transaction;
running the demo twice with the same seed on the same day leaves the same
state (findings and readings already stored are not added again).

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

import csv
import os
import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from warrantor.domain.coverage import UsageReading
from warrantor.domain.terms import anniversary
from warrantor.errors import InvalidInput, Problem
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import Outcome
from warrantor.policy.model import Policy
from warrantor.policy.schema import (
    ExtensionOfferRule,
    PurchaseWindowRule,
    ServiceCountriesRule,
    StartDateRule,
)
from warrantor.services.clock import Clock
from warrantor.services.installed_base.check import BatchItem, check_batch
from warrantor.services.installed_base.coverage_projection import refresh_projections
from warrantor.services.installed_base.unit_import import COLUMNS, ImportSummary, import_units
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account

DEFAULT_UNITS = 10_000
DEFAULT_SEED = 2026
TECHNICIAN = "TECH-DEMO"
"""Account code that records the demo's findings."""

# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoExample:
    """A serial worth trying with ``warrantor check``, and what it shows today."""

    label: str
    brand: str
    serial: str
    outcome: str
    summary: str

    @property
    def command(self) -> str:
        return f"warrantor check {self.serial} --brand {self.brand}"


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What the demo loaded (or why it loaded nothing)."""

    skipped: bool = False
    existing_units: int = 0
    """Units already stored when ``if_empty`` skipped the load."""
    units_by_brand: dict[str, int] = field(default_factory=dict)
    lines_by_brand: dict[str, int] = field(default_factory=dict)
    """How many product lines of each brand have demo units."""
    accounts: int = 0
    readings: int = 0
    findings: int = 0
    examples: tuple[DemoExample, ...] = ()
    demo_figures: tuple[str, ...] = ()
    """Sentences naming figures that are demo figures, not the maker's (Netac years and TBW)."""
    lines_without_models: tuple[str, ...] = ()
    """``Brand line`` pairs that got no units: the policy gives them no example model."""
    imported: ImportSummary | None = None
    seconds: float = 0.0

    @property
    def units(self) -> int:
        return sum(self.units_by_brand.values())


# --- brand profiles: where and how each brand sells -------------------------------------


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


def _profile(brand: str) -> BrandProfile:
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


# --- accounts ----------------------------------------------------------------------------
# Every name is invented; e-mail addresses are on example.com.

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
_EXPORT_DISTRIBUTOR = {"FR": "DE", "NL": "DE"}
"""Countries with no distributor of their own, and whose distributor serves them."""


@dataclass
class _Accounts:
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


def _build_accounts(rng: random.Random, owners_per_country: int) -> _Accounts:
    found = _Accounts()
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


# --- the models of each brand -------------------------------------------------------------


@dataclass(frozen=True)
class _Model:
    brand: str
    name: str
    line: str
    years: int
    """The standard term the policy gives it (line or catalogue)."""
    tbw_bytes: int | None
    weight: float
    extension_window: int | None
    """Days of the extension purchase window, when the line's extensions may be sold."""


def _capacity_weight(tbw_name: str) -> float:
    upper = tbw_name.upper()
    if "TB" in upper:
        number = float("".join(c for c in upper if c.isdigit() or c == ".") or 1)
        return 3.0 if number <= 1 else 2.0 if number <= 2 else 1.0
    return 3.0


def _models_of(book: PolicyBook, policy: Policy) -> tuple[dict[str, list[_Model]], list[str]]:
    """Each line's models (examples, then catalogue names the policy places there)."""
    window_rule = policy.rule(PurchaseWindowRule)
    offered = {line for rule in policy.rules(ExtensionOfferRule) for line in rule.lines}
    by_line: dict[str, list[_Model]] = {}
    empty: list[str] = []
    for line in policy.doc.lines:
        names = list(line.examples)
        for entry in policy.doc.catalogue:
            if entry.line == line.id:
                names.extend(policy.catalogue_names(entry))
        models: list[_Model] = []
        for name in dict.fromkeys(" ".join(n.split()) for n in names):
            if book.product_line_of(policy.brand, name) != line.id:
                continue  # the lint reports it; the import would refuse it
            match = policy.catalogue_match(name)
            years = match.entry.years if match else line.standard_years
            if years is None:
                continue
            weight = 1.0
            if match is not None and match.capacity is not None:
                weight = _capacity_weight(match.capacity)
            elif "EC" in name.upper() or "U-" in name.upper() or name.upper().endswith("U"):
                weight = 0.4  # rackmount and enterprise units sell less
            models.append(
                _Model(
                    brand=policy.brand,
                    name=name,
                    line=line.id,
                    years=years,
                    tbw_bytes=match.tbw_bytes if match else None,
                    weight=weight,
                    extension_window=(
                        window_rule.days if window_rule and line.id in offered else None
                    ),
                )
            )
        if models:
            by_line[line.id] = models
        else:
            empty.append(f"{policy.brand} {line.id}")
    return by_line, empty


# --- units ---------------------------------------------------------------------------------


@dataclass
class _Unit:
    """One generated unit: a CSV row, and why it was made (the scenario)."""

    model: _Model
    serial: str
    country: str
    channel: str
    scenario: str
    manufactured_on: date
    first_invoiced_on: date | None
    first_invoiced_to: str | None
    purchased_on: date | None
    proof: str | None
    owner: str | None

    def row(self) -> list[str]:
        def text(value: object) -> str:
            return "" if value is None else str(value)

        return [
            self.model.brand,
            self.serial,
            self.model.name,
            text(self.manufactured_on),
            text(self.first_invoiced_on),
            text(self.first_invoiced_to),
            text(self.purchased_on),
            text(self.proof),
            self.country,
            text(self.owner),
            self.channel,
        ]


SCENARIOS = (
    ("in_term", 40),
    ("near_end", 8),
    ("expired", 30),
    ("window", 12),
    ("old", 10),
)
"""Where a unit's term stands today, and how often (weights)."""


def _years_before(day: date, years: int) -> date:
    """The day ``years`` years before ``day`` (29 February -> 28 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


def _pick(rng: random.Random, weighted: Iterable[tuple[str, int]]) -> str:
    items = list(weighted)
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


class _Generator:
    """Makes the units, one scenario at a time, from one seeded random source."""

    def __init__(self, rng: random.Random, today: date, accounts: _Accounts) -> None:
        self.rng = rng
        self.today = today
        self.accounts = accounts
        self.serials: set[tuple[str, str]] = set()
        self.receipts = Counter[str]()

    def unit(
        self,
        model: _Model,
        scenario: str,
        *,
        country: str | None = None,
        channel: str | None = None,
        start: date | None = None,
        invoiced: date | None = None,
        proof: bool | None = None,
    ) -> _Unit:
        rng, today = self.rng, self.today
        profile = _profile(model.brand)
        country = country or _pick(rng, profile.countries)
        channel = channel or _pick(rng, profile.channels)
        if channel == "direct" and not self.accounts.direct_buyers.get(country):
            channel = "distributor"
        if invoiced is None and start is None and scenario == "window":
            # First invoiced inside the extension window (day 0 to 59), bought since.
            invoiced = today - timedelta(days=rng.randint(0, 59))
        if invoiced is None:
            start = start or self._start(model, scenario)
            lag = 0 if channel == "direct" else min(int(rng.expovariate(1 / 35)) + 3, 240)
            invoiced = start - timedelta(days=lag)
        elif start is None:
            span = (today - invoiced).days
            start = invoiced if channel == "direct" else invoiced + timedelta(rng.randint(0, span))
        made = invoiced - timedelta(days=rng.randint(10, 150))
        buyer = self._first_buyer(country, channel, profile.home)
        has_proof = rng.random() >= 0.12 if proof is None else proof
        purchased: date | None = start
        if not has_proof and rng.random() < 0.5:
            purchased = None  # nobody told us the day either
        owner = buyer if channel == "direct" else None
        if owner is None and rng.random() < 0.35:
            owner = rng.choice(self.accounts.owners.get(country) or [None])
        known_invoice = channel == "direct" or rng.random() >= 0.05
        return _Unit(
            model=model,
            serial=self._serial(model.brand, made),
            country=country,
            channel=channel,
            scenario=scenario,
            manufactured_on=made,
            first_invoiced_on=invoiced if known_invoice else None,
            first_invoiced_to=buyer if known_invoice else None,
            purchased_on=purchased,
            proof=self._receipt(country, channel, buyer, start) if has_proof else None,
            owner=owner,
        )

    def _start(self, model: _Model, scenario: str) -> date:
        """The start of the term (the purchase day) that puts the unit in ``scenario`` today."""
        rng, today = self.rng, self.today
        term_days = (anniversary(today, model.years) - today).days
        if scenario == "in_term":
            back = rng.randint(0, max(term_days - 60, 1))
            return today - timedelta(days=back)
        if scenario == "near_end":
            # The term ends between yesterday and 45 days from now.
            ends = today + timedelta(days=rng.randint(-1, 45))
            return _years_before(ends + timedelta(days=1), model.years)
        if scenario == "expired":
            ended = today - timedelta(days=1 + int(rng.expovariate(1 / 300)) % 1500)
            return _years_before(ended + timedelta(days=1), model.years)
        # "old": bought 6 to 10 years ago
        return today - timedelta(days=rng.randint(6 * 365, 10 * 365))

    def _first_buyer(self, country: str, channel: str, home: str) -> str:
        accounts = self.accounts
        if channel == "direct":
            return self.rng.choice(accounts.direct_buyers[country])
        if channel == "online" and country in accounts.online_direct and self.rng.random() < 0.6:
            return accounts.online_direct[country]
        served = _EXPORT_DISTRIBUTOR.get(country, country)
        return self.rng.choice(accounts.distributors.get(served) or accounts.distributors[home])

    def _serial(self, brand: str, made: date) -> str:
        make = _profile(brand).serial
        while True:
            serial = make(self.rng, made)
            if (brand, serial) not in self.serials:
                self.serials.add((brand, serial))
                return serial

    def _receipt(self, country: str, channel: str, buyer: str, day: date) -> str:
        """A proof-of-purchase reference: the seller's invoice or receipt number."""
        if channel in ("retail", "reseller", "online") and self.accounts.dealers.get(country):
            if not (channel == "online" and buyer.startswith("RET-")):
                seller = self.rng.choice(self.accounts.dealers[country])
            else:
                seller = buyer
        else:
            seller = buyer
        self.receipts[seller] += 1
        return f"{seller}/{day.year}/{self.receipts[seller] + 1000:06d}"


def _leap_days(today: date, count: int) -> list[date]:
    """The last ``count`` 29 Februaries on or before ``today``."""
    found: list[date] = []
    year = today.year
    while len(found) < count:
        if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
            day = date(year, 2, 29)
            if day <= today:
                found.append(day)
        year -= 1
    return found


def _generate(
    rng: random.Random,
    today: date,
    book: PolicyBook,
    accounts: _Accounts,
    total: int,
) -> tuple[list[_Unit], list[str]]:
    """``total`` units: one per model line first, then the edges, then the weighted rest."""
    gen = _Generator(rng, today, accounts)
    brands: dict[str, dict[str, list[_Model]]] = {}
    policies: dict[str, Policy] = {}
    empty: list[str] = []
    for brand in book.brands():
        policy = book.version_for(brand, None)
        by_line, no_models = _models_of(book, policy)
        empty.extend(no_models)
        if by_line:
            brands[brand] = by_line
            policies[brand] = policy
    if not brands:
        raise InvalidInput(
            "no policy gives a model to make demo units of",
            [Problem("add example models to the policies' lines", "policies")],
        )
    units: list[_Unit] = []

    def add(unit: _Unit) -> None:
        if len(units) < total:
            units.append(unit)

    # 1. Every line of every brand, in a current term, with proof.
    for by_line in brands.values():
        for models in by_line.values():
            add(gen.unit(rng.choice(models), "in_term", proof=True))

    # 2. The edges: the extension window's last day and the day after, 29 February.
    for brand, by_line in brands.items():
        policy = policies[brand]
        windowed = [m for ms in by_line.values() for m in ms if m.extension_window is not None]
        if windowed:
            days = windowed[0].extension_window or 0
            sold_in = _service_countries(policy)
            for offset, scenario in ((days, "window_last_day"), (days + 1, "window_day_after")):
                for _ in range(2):
                    buyer_country = rng.choice(sold_in) if sold_in else None
                    channel = "direct" if rng.random() < 0.5 else "distributor"
                    invoiced = today - timedelta(days=offset)
                    add(
                        gen.unit(
                            rng.choice(windowed),
                            scenario,
                            country=buyer_country,
                            channel=channel,
                            invoiced=invoiced,
                            proof=True,
                        )
                    )
        every = [m for ms in by_line.values() for m in ms]
        for leap in _leap_days(today, 2):
            add(gen.unit(rng.choice(every), "leap_day", start=leap, proof=True))

    # 3. The rest, by brand share and model weight.
    shares = {brand: _profile(brand).share for brand in brands}
    pools = {brand: [m for ms in by_line.values() for m in ms] for brand, by_line in brands.items()}
    brand_names = list(shares)
    while len(units) < total:
        brand = rng.choices(brand_names, weights=[shares[b] for b in brand_names])[0]
        pool = pools[brand]
        model = rng.choices(pool, weights=[m.weight for m in pool])[0]
        add(gen.unit(model, _pick(rng, SCENARIOS)))
    return units, empty


def _service_countries(policy: Policy) -> list[str]:
    """Countries where the policy's extensions are sold and serviced (QNAP: US, CA)."""
    for rule in policy.rules(ServiceCountriesRule):
        if "extended" in rule.scope:
            return list(rule.countries)
    return []


# --- readings and findings -----------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    unit: _Unit
    reading: UsageReading
    power_on_hours: int


def _readings(rng: random.Random, today: date, units: list[_Unit]) -> list[_Reading]:
    """Bytes written for about 45% of the units with a TBW: most well within, some near or over."""
    found: list[_Reading] = []
    for unit in units:
        limit = unit.model.tbw_bytes
        if limit is None or rng.random() >= 0.45:
            continue
        began = unit.purchased_on or unit.manufactured_on
        age = max((today - began).days, 1)
        roll = rng.random()
        if roll < 0.70:
            used = rng.uniform(0.01, 0.6)
        elif roll < 0.85:
            used = rng.uniform(0.6, 0.9)
        elif roll < 0.93:
            used = rng.uniform(0.9, 0.999)
        else:
            used = rng.uniform(1.0, 1.4)
        read_on = today - timedelta(days=rng.randint(0, min(age, 90)))
        read_on = max(read_on, began)
        hours = int((read_on - began).days * 24 * rng.uniform(0.15, 1.0))
        reading = UsageReading(
            bytes_written=int(limit * used), read_on=read_on, source="demo: smartctl --json report"
        )
        found.append(_Reading(unit, reading, hours))
    return found


def _voiding_findings(
    rng: random.Random, book: PolicyBook, units: list[_Unit]
) -> list[tuple[_Unit, str]]:
    """About 0.3% of each brand's units (at least one) get a finding that voids the unit."""
    chosen: list[tuple[_Unit, str]] = []
    for brand in book.brands():
        policy = book.version_for(brand, None)
        voiding = [f.id for f in policy.doc.findings if f.voids_unit]
        # Units still in their term, so a check shows the finding and not mere expiry.
        candidates = [u for u in units if u.model.brand == brand and u.scenario == "in_term"]
        if not voiding or not candidates:
            continue
        count = max(1, round(len(candidates) * 0.003))
        for unit in rng.sample(candidates, min(count, len(candidates))):
            chosen.append((unit, rng.choice(voiding)))
    return chosen


# --- the use case ----------------------------------------------------------------------------


def load_demo(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    clock: Clock,
    *,
    units: int = DEFAULT_UNITS,
    seed: int = DEFAULT_SEED,
    if_empty: bool = False,
) -> DemoSummary:
    """Load the demo accounts and ``units`` units made from the policies in ``book``.

    With ``if_empty``, nothing is loaded when any unit is stored (the summary
    says so). ``InvalidInput`` when ``units`` is not positive or no policy
    gives a model; the import's own errors pass through unchanged.
    """
    started = time.perf_counter()
    if units < 1:
        raise InvalidInput("the demo needs at least one unit", [Problem("must be >= 1", "units")])
    if if_empty:
        with uow_factory() as uow:
            existing = uow.units.count()
        if existing:
            return DemoSummary(skipped=True, existing_units=existing)

    rng = random.Random(seed)
    today, now = clock.today(), clock.now()
    accounts = _build_accounts(rng, owners_per_country=max(3, min(40, units // 250)))
    generated, empty = _generate(rng, today, book, accounts, units)
    readings = _readings(rng, today, generated)
    voided = _voiding_findings(rng, book, generated)

    with uow_factory() as uow:
        for account in accounts.all:
            uow.accounts.upsert(account, now)
    imported = _import(uow_factory, book, generated, now)
    fresh = imported.inserted == len(generated)  # no unit existed, so no reading did either
    added_readings, added_findings = _record_extras(uow_factory, book, readings, voided, now, fresh)

    examples = _examples(uow_factory, book, today, generated, readings, voided)
    by_brand = Counter(u.model.brand for u in generated)
    lines = {
        brand: len({u.model.line for u in generated if u.model.brand == brand})
        for brand in by_brand
    }
    return DemoSummary(
        units_by_brand=dict(sorted(by_brand.items())),
        lines_by_brand=lines,
        accounts=len(accounts.all),
        readings=added_readings,
        findings=added_findings,
        examples=examples,
        demo_figures=_demo_figures(book),
        lines_without_models=tuple(empty),
        imported=imported,
        seconds=round(time.perf_counter() - started, 2),
    )


def _import(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, generated: list[_Unit], now: datetime
) -> ImportSummary:
    """Write the units as CSV to a temporary file and load it like any user's import."""
    handle, name = tempfile.mkstemp(prefix="warrantor-demo-", suffix=".csv")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            writer.writerows(unit.row() for unit in generated)
        with path.open("rb") as stream:
            return import_units(uow_factory, stream, book, now=now)
    finally:
        path.unlink(missing_ok=True)


def _record_extras(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    readings: list[_Reading],
    voided: list[tuple[_Unit, str]],
    now: datetime,
    fresh: bool,
) -> tuple[int, int]:
    """Store the readings and findings not stored already; returns how many were added.

    ``fresh``: every unit was new, so there is no stored reading to compare with. The
    units' coverage projections are brought up to date in the same transaction.
    """
    added_readings = added_findings = 0
    touched: list[int] = []
    with uow_factory() as uow:
        for item in readings:
            unit_id = uow.units.id_of(item.unit.model.brand, item.unit.serial)
            if unit_id is None:
                continue
            if not fresh and uow.units.latest_reading(unit_id) == item.reading:
                continue
            uow.units.add_reading(unit_id, item.reading, now, item.power_on_hours)
            touched.append(unit_id)
            added_readings += 1
        for unit, finding in voided:
            stored = uow.units.get(unit.model.brand, unit.serial)
            unit_id = uow.units.id_of(unit.model.brand, unit.serial)
            if stored is None or unit_id is None or finding in stored.voiding_findings:
                continue
            note = "demo: found at inspection"
            uow.units.add_finding(unit_id, finding, TECHNICIAN, now, note)
            touched.append(unit_id)
            added_findings += 1
        refresh_projections(uow, book, touched)
    return added_readings, added_findings


# --- what to try, and what is a demo figure --------------------------------------------------


def _examples(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    today: date,
    generated: list[_Unit],
    readings: list[_Reading],
    voided: list[tuple[_Unit, str]],
) -> tuple[DemoExample, ...]:
    """A few serials worth checking, each checked today by the real engine to be sure."""
    void_serials = {(u.model.brand, u.serial) for u, _ in voided}
    plain = [u for u in generated if (u.model.brand, u.serial) not in void_serials]
    used = {(r.unit.model.brand, r.unit.serial): r.reading.bytes_written for r in readings}

    def falls_back(unit: _Unit) -> bool:
        rule = book.version_for(unit.model.brand, None).rule(StartDateRule)
        return rule is not None and "manufacture_date" in rule.order

    def usage_share(unit: _Unit) -> float:
        limit = unit.model.tbw_bytes or 1
        return used.get((unit.model.brand, unit.serial), -1) / limit

    wanted: list[tuple[str, Outcome, list[_Unit]]] = [
        (
            "covered (standard term)",
            Outcome.COVERED,
            [u for u in plain if u.scenario == "in_term" and u.proof and not u.model.tbw_bytes],
        ),
        (
            "expired",
            Outcome.NOT_COVERED,
            [u for u in plain if u.scenario == "expired" and u.proof and usage_share(u) < 0],
        ),
        (
            "needs proof of purchase",
            Outcome.NEEDS_INFORMATION,
            [u for u in plain if u.proof is None and not falls_back(u)],
        ),
        (
            "no proof: manufacture date used",
            Outcome.COVERED,
            [u for u in plain if u.proof is None and falls_back(u) and u.scenario == "in_term"],
        ),
        (
            "TBW left (reading on file)",
            Outcome.COVERED,
            [u for u in plain if 0 <= usage_share(u) < 0.6 and u.scenario == "in_term"],
        ),
        (
            "TBW used up",
            Outcome.NOT_COVERED,
            [u for u in plain if usage_share(u) >= 1.0 and u.scenario == "in_term"],
        ),
        ("voided by a finding", Outcome.NOT_COVERED, [u for u, _ in voided]),
        (
            "first invoiced 60 days ago (last day to buy an extension)",
            Outcome.COVERED,
            [u for u in plain if u.scenario == "window_last_day"],
        ),
    ]
    found: list[DemoExample] = []
    for label, outcome, candidates in wanted:
        items = [
            BatchItem(row=i, serial=u.serial, brand=u.model.brand)
            for i, u in enumerate(candidates[:25])
        ]
        for answer in check_batch(uow_factory, book, items, today):
            result = answer.result
            if result is None or result.decision.outcome != outcome:
                continue
            usage = result.decision.usage
            if label.startswith("TBW left") and (usage is None or not usage.verified):
                continue
            found.append(
                DemoExample(
                    label=label,
                    brand=result.unit.brand,
                    serial=result.unit.serial,
                    outcome=str(result.decision.outcome),
                    summary=result.decision.summary,
                )
            )
            break
    return tuple(found)


def _demo_figures(book: PolicyBook) -> tuple[str, ...]:
    """One sentence per brand whose catalogue carries demo figures, naming them and why."""
    sentences: list[str] = []
    for brand in book.brands():
        policy = book.version_for(brand, None)
        demo = [entry for entry in policy.doc.catalogue if entry.demo]
        if not demo:
            continue
        has_tbw = any(entry.tbw_tb for entry in demo)
        what = "years and TBW" if has_tbw else "years"
        models = ", ".join(entry.model for entry in demo)
        sentences.append(
            f"{brand} {what} of {models} are demo figures, not the maker's "
            f"({policy.path.name}: {demo[0].note.strip()})"
        )
    return tuple(sentences)
