"""The demo's usage readings (bytes written) and findings that void a unit: made, then stored.

Made after the units, from the same seeded random source: readings for part of
the units with a TBW (most well within it, some near or over), and a finding
that voids the unit for a few units still in their term (QNAP: label removed),
so ``warrantor check`` shows each kind of answer. Stored through the
repositories, after the import, only where not stored already, so running the
demo twice leaves the same state.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from warrantor.demo.accounts import TECHNICIAN
from warrantor.demo.units import DemoUnit
from warrantor.domain.coverage import UsageReading
from warrantor.policy.book import PolicyBook
from warrantor.services.installed_base.coverage_projection import refresh_projections
from warrantor.services.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class DemoReading:
    """A usage reading to store for a generated unit, with the power-on hours it reports."""

    unit: DemoUnit
    reading: UsageReading
    power_on_hours: int


def make_readings(rng: random.Random, today: date, units: list[DemoUnit]) -> list[DemoReading]:
    """Bytes written for about 45% of the units with a TBW: most well within, some near or over."""
    found: list[DemoReading] = []
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
        found.append(DemoReading(unit, reading, hours))
    return found


def pick_voiding_findings(
    rng: random.Random, book: PolicyBook, units: list[DemoUnit]
) -> list[tuple[DemoUnit, str]]:
    """About 0.3% of each brand's units (at least one) get a finding that voids the unit."""
    chosen: list[tuple[DemoUnit, str]] = []
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


def record_readings_and_findings(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    readings: list[DemoReading],
    voided: list[tuple[DemoUnit, str]],
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
