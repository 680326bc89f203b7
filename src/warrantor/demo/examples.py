"""What the demo suggests trying, and which of its figures are demo figures, not the maker's.

``find_examples`` picks a serial for each kind of answer (covered, expired,
needs proof, TBW used up, voided ...) and checks it today with the real engine,
so the summary never suggests a serial that answers otherwise.
``demo_figures`` names the catalogue entries marked ``demo`` (Netac years and
TBW) so nobody takes them for the maker's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from warrantor.demo.readings import DemoReading
from warrantor.demo.units import DemoUnit
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import Outcome
from warrantor.policy.schema_rules import StartDateRule
from warrantor.services.installed_base.check import BatchItem, check_batch
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.units import UnitFilter


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


def find_examples(
    uow_factory: UnitOfWorkFactory,
    book: PolicyBook,
    today: date,
    generated: list[DemoUnit],
    readings: list[DemoReading],
    voided: list[tuple[DemoUnit, str]],
) -> tuple[DemoExample, ...]:
    """A few serials worth checking, each checked today by the real engine to be sure."""
    void_serials = {(u.model.brand, u.serial) for u, _ in voided}
    plain = [u for u in generated if (u.model.brand, u.serial) not in void_serials]
    used = {(r.unit.model.brand, r.unit.serial): r.reading.bytes_written for r in readings}

    def falls_back(unit: DemoUnit) -> bool:
        rule = book.version_for(unit.model.brand, None).rule(StartDateRule)
        return rule is not None and "manufacture_date" in rule.order

    def usage_share(unit: DemoUnit) -> float:
        limit = unit.model.tbw_bytes or 1
        return used.get((unit.model.brand, unit.serial), -1) / limit

    wanted: list[tuple[str, Outcome, list[DemoUnit]]] = [
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


STORED_SAMPLE = 2000
"""Units per brand ``stored_examples`` checks to find one of each outcome."""


def stored_examples(
    uow_factory: UnitOfWorkFactory, book: PolicyBook, today: date
) -> tuple[DemoExample, ...]:
    """A covered, a not covered and a needs-information serial per brand among the units
    already stored, each checked today (``warrantor demo --if-empty`` prints them when it
    loads nothing, so ``make run`` always shows serials worth trying)."""
    found: list[DemoExample] = []
    for brand in book.brands():
        with uow_factory() as uow:
            units = uow.units.list(UnitFilter(brand=brand, limit=STORED_SAMPLE))
        items = [BatchItem(row=i, serial=u.serial, brand=u.brand) for i, u in enumerate(units)]
        seen: set[Outcome] = set()
        for answer in check_batch(uow_factory, book, items, today):
            result = answer.result
            if result is None or result.decision.outcome in seen:
                continue
            outcome = result.decision.outcome
            seen.add(outcome)
            found.append(
                DemoExample(
                    label="checked today",
                    brand=result.unit.brand,
                    serial=result.unit.serial,
                    outcome=str(outcome),
                    summary=result.decision.summary,
                )
            )
    return tuple(found)


def demo_figures(book: PolicyBook) -> tuple[str, ...]:
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
