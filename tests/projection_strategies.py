"""Hypothesis strategies for the coverage projection's property tests (pure and stored).

Units of every shipped brand with random dates, papers, countries, voiding
findings, extensions, repair cover and a usage reading; asking days spread
over the years around them. ``WARRANTOR_PROJECTION_EXAMPLES`` raises the
number of examples (200 per engine by default, as CI runs them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from hypothesis import strategies as st

from warrantor.domain.coverage import Extension, RepairCoverage, UsageReading
from warrantor.domain.units import Unit
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import CoverageTerm, Decision
from warrantor.policy.projection import ProjectedAnswer, ProjectedTerm

T = TypeVar("T")

EXAMPLES = int(os.environ.get("WARRANTOR_PROJECTION_EXAMPLES", "200"))
"""Examples per property (per engine for the stored one); raise it for a longer search."""

BOOK = PolicyBook.from_dir(Path(__file__).resolve().parents[1] / "policies")

FIRST_DAY, LAST_DAY = date(2014, 1, 1), date(2032, 12, 31)
days = st.dates(FIRST_DAY, LAST_DAY)
TB = 10**12


def _models(brand: str) -> list[str]:
    policy = BOOK.version_for(brand, None)
    names = [e for line in policy.doc.lines for e in line.examples]
    names += [n for entry in policy.doc.catalogue for n in policy.catalogue_names(entry)]
    return [*sorted(set(names)), "Unknown Gadget 9000"]


def _voiding(brand: str) -> list[str]:
    return [f.id for f in BOOK.version_for(brand, None).doc.findings if f.voids_unit]


def _mostly(values: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    """``values`` four times in five, else ``None``."""
    return st.integers(0, 4).flatmap(lambda n: st.none() if n == 0 else values)


def near(day: date | None) -> st.SearchStrategy[date]:
    """A day within about three years after ``day`` (any day when it is ``None``)."""
    if day is None:
        return days
    return st.integers(0, 1200).map(lambda n: day + timedelta(days=n))


@dataclass(frozen=True)
class History:
    """A unit and what happened to it: what a check of it reads."""

    unit: Unit
    extensions: tuple[Extension, ...]
    repairs: tuple[RepairCoverage, ...]
    reading: UsageReading | None


@st.composite
def histories(draw: st.DrawFn) -> History:
    brand = draw(st.sampled_from(BOOK.brands()))
    made = draw(_mostly(days))
    invoiced = draw(st.none() | days)
    bought = draw(_mostly(days))
    if made and invoiced and invoiced < made:
        invoiced = made
    if invoiced and bought and bought < invoiced:
        bought = invoiced
    if made and bought and bought < made:
        bought = made
    unit = Unit(
        brand=brand,
        serial=draw(st.from_regex(r"P[A-Z0-9]{6}", fullmatch=True)),
        model=draw(st.sampled_from(_models(brand))),
        manufactured_on=made,
        first_invoiced_on=invoiced,
        purchased_on=bought,
        proof_of_purchase=draw(_mostly(st.just("INV-1"))),
        country_of_purchase=draw(st.none() | st.sampled_from(["US", "CA", "DE", "CN"])),
        voiding_findings=tuple(
            draw(st.lists(st.sampled_from(_voiding(brand)), max_size=1, unique=True))
            if _voiding(brand)
            else []
        ),
    )
    extensions = tuple(
        draw(
            st.lists(
                st.builds(Extension, years=st.integers(1, 3), purchased_on=near(bought)),
                max_size=2,
            )
        )
    )
    repairs = []
    for start, length in draw(st.lists(st.tuples(near(bought), st.integers(0, 800)), max_size=2)):
        repairs.append(RepairCoverage(start, start + timedelta(days=length), "repaired"))
    reading = draw(
        st.none()
        | st.builds(
            UsageReading, bytes_written=st.integers(0, 3000 * TB), read_on=near(bought or made)
        )
    )
    return History(unit, extensions, tuple(sorted(repairs, key=lambda r: r.starts_on)), reading)


def _dates(term: ProjectedTerm | CoverageTerm | None) -> tuple[object, ...] | None:
    return None if term is None else (term.kind, term.starts_on, term.ends_on)


def assert_same_answer(answer: ProjectedAnswer, decision: Decision) -> None:
    """The projection's answer is the full evaluation's: outcome, dates, clause ids, usage."""
    assert answer.outcome == decision.outcome, decision.summary
    assert answer.determining == decision.determining
    assert _dates(answer.applies) == _dates(decision.applies)
    assert [_dates(t) for t in answer.terms] == [_dates(t) for t in decision.terms]
    assert answer.usage == decision.usage
    assert answer.voided == decision.voided
    assert (answer.policy_id, answer.policy_version) == (
        decision.policy_id,
        decision.policy_version,
    )
