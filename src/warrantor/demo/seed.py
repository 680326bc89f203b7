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

The pieces, one concept each: ``demo/brands.py`` (where and how each brand
sells, serial formats), ``demo/accounts.py``, ``demo/models.py`` (what the
policies give to make units of), ``demo/units.py`` (the scenarios),
``demo/readings.py`` (readings and findings), ``demo/examples.py`` (what to
try).
"""

from __future__ import annotations

import csv
import os
import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from warrantor.demo.accounts import build_accounts
from warrantor.demo.examples import DemoExample, demo_figures, find_examples, stored_examples
from warrantor.demo.readings import (
    make_readings,
    pick_voiding_findings,
    record_readings_and_findings,
)
from warrantor.demo.units import DemoUnit, generate_units
from warrantor.errors import InvalidInput, Problem
from warrantor.policy.book import PolicyBook
from warrantor.services.clock import Clock
from warrantor.services.installed_base.unit_import import COLUMNS, ImportSummary, import_units
from warrantor.services.uow import UnitOfWorkFactory

DEFAULT_UNITS = 10_000
DEFAULT_SEED = 2026


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
            examples = stored_examples(uow_factory, book, clock.today())
            return DemoSummary(skipped=True, existing_units=existing, examples=examples)

    rng = random.Random(seed)
    today, now = clock.today(), clock.now()
    accounts = build_accounts(rng, owners_per_country=max(3, min(40, units // 250)))
    generated, empty = generate_units(rng, today, book, accounts, units)
    readings = make_readings(rng, today, generated)
    voided = pick_voiding_findings(rng, book, generated)

    with uow_factory() as uow:
        for account in accounts.all:
            uow.accounts.upsert(account, now)
    imported = _import(uow_factory, book, generated, now)
    fresh = imported.inserted == len(generated)  # no unit existed, so no reading did either
    added_readings, added_findings = record_readings_and_findings(
        uow_factory, book, readings, voided, now, fresh
    )

    examples = find_examples(uow_factory, book, today, generated, readings, voided)
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
        demo_figures=demo_figures(book),
        lines_without_models=tuple(empty),
        imported=imported,
        seconds=round(time.perf_counter() - started, 2),
    )


def _import(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, generated: list[DemoUnit], now: datetime
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
