"""The demo's units: where each unit's term stands today, made from one seeded random source.

``generate_units`` makes one unit of every product line first (in its term,
with proof), then the edges (the extension window's last day and the day after,
29 February purchases), then the rest by brand share and model weight, each in
a scenario (in term, near its end, expired, inside the extension window, old).
Every date is relative to ``today``, so the same seed on the same day gives the
same units. The units become CSV rows for the ordinary import.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from warrantor.demo.accounts import EXPORT_DISTRIBUTOR, DemoAccounts
from warrantor.demo.brands import profile_of
from warrantor.demo.models import DemoModel, models_of
from warrantor.domain.terms import anniversary
from warrantor.errors import InvalidInput, Problem
from warrantor.policy.book import PolicyBook
from warrantor.policy.model import Policy
from warrantor.policy.schema_rules import ServiceCountriesRule


@dataclass
class DemoUnit:
    """One generated unit: a CSV row, and why it was made (the scenario)."""

    model: DemoModel
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

    def __init__(self, rng: random.Random, today: date, accounts: DemoAccounts) -> None:
        self.rng = rng
        self.today = today
        self.accounts = accounts
        self.serials: set[tuple[str, str]] = set()
        self.receipts = Counter[str]()

    def unit(
        self,
        model: DemoModel,
        scenario: str,
        *,
        country: str | None = None,
        channel: str | None = None,
        start: date | None = None,
        invoiced: date | None = None,
        proof: bool | None = None,
    ) -> DemoUnit:
        rng, today = self.rng, self.today
        profile = profile_of(model.brand)
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
        return DemoUnit(
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

    def _start(self, model: DemoModel, scenario: str) -> date:
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
        served = EXPORT_DISTRIBUTOR.get(country, country)
        return self.rng.choice(accounts.distributors.get(served) or accounts.distributors[home])

    def _serial(self, brand: str, made: date) -> str:
        make = profile_of(brand).serial
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


def generate_units(
    rng: random.Random,
    today: date,
    book: PolicyBook,
    accounts: DemoAccounts,
    total: int,
) -> tuple[list[DemoUnit], list[str]]:
    """``total`` units: one per model line first, then the edges, then the weighted rest."""
    gen = _Generator(rng, today, accounts)
    brands: dict[str, dict[str, list[DemoModel]]] = {}
    policies: dict[str, Policy] = {}
    empty: list[str] = []
    for brand in book.brands():
        policy = book.version_for(brand, None)
        by_line, no_models = models_of(book, policy)
        empty.extend(no_models)
        if by_line:
            brands[brand] = by_line
            policies[brand] = policy
    if not brands:
        raise InvalidInput(
            "no policy gives a model to make demo units of",
            [Problem("add example models to the policies' lines", "policies")],
        )
    units: list[DemoUnit] = []

    def add(unit: DemoUnit) -> None:
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
    shares = {brand: profile_of(brand).share for brand in brands}
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
