"""A unit's coverage as the engine decides it, held for any day: the coverage projection.

When and why: bulk questions (a batch check of a million serials, the coverage
expiring next month, later alerts and forecasts) can't run the engine once per
unit per question. So the engine's answer is stored per unit (``store``'s
``coverage_projection`` table) and read back set-based.

How it stays the engine's answer, not a second reading of the rules: for a
check (not a claim) the engine's decision changes with the day asked about
only where a term starts or ends, or on the day of the usage reading (before
it, a reading at or over the limit proves nothing). ``project`` asks the
engine once per stretch of days between those points and records what it
answered: the outcome, the term it rests on, the usage status and the
determining clause ids. ``answer_on`` then finds the stretch holding a day: a
lookup, not a decision. If the engine ever came to depend on the day some
other way, the property test (``tests/unit/policy/test_coverage_projection.py``)
would find a day where the two differ.

What a projection can't answer: a claim (its findings, part, service
country and certificate are facts of the RMA, not of the unit) is always
judged by the full evaluation. A usage limit is held with the latest reading
(``usage_limit_bytes``, ``reading_bytes``, ``reading_on``), so a new reading
means a new projection, made where the reading is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import count

from warrantor.domain.coverage import Extension, RepairCoverage, UsageReading
from warrantor.domain.units import Unit
from warrantor.policy.book import PolicyBook
from warrantor.policy.decision import CoverageKind, Decision, Outcome, UsageStatus
from warrantor.policy.evaluator_terms import coverage_start
from warrantor.policy.facts import Facts
from warrantor.policy.model import Policy
from warrantor.policy.projection_details import ProjectedDetails, details_of

ANY_DAY = date(2000, 1, 1)
"""The day asked when the answer can't depend on the day (no term, no reading)."""


@dataclass(frozen=True, slots=True)
class ProjectedTerm:
    """One coverage the unit holds (as ``Decision.terms``), inclusive dates."""

    kind: CoverageKind
    starts_on: date
    ends_on: date

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True, slots=True)
class Stretch:
    """Days from ``starts_on`` (``None``: every day before the next stretch) to the next
    stretch's start, on each of which the engine gives the same answer."""

    starts_on: date | None
    outcome: Outcome
    applies: int | None
    """Index into ``CoverageProjection.terms`` of the term the answer rests on, if any."""
    usage_verified: bool | None
    """``None``: no usage status; else whether the reading proves the usage (``UsageStatus``)."""
    determining: tuple[str, ...]
    """The clause ids that decided the outcome."""


@dataclass(frozen=True, slots=True)
class CoverageProjection:
    """What the engine decides about one unit, for every day."""

    policy_id: str
    policy_version: str
    start_on: date | None
    """The coverage start day the brand's policies pick (which version judges the unit)."""
    voided: bool
    region: str | None
    """The policy's region of the country of purchase (a country in no region is its own)."""
    usage_limit_bytes: int | None
    reading_bytes: int | None
    reading_on: date | None
    terms: tuple[ProjectedTerm, ...]
    stretches: tuple[Stretch, ...]
    """In order of ``starts_on``; the first one's is ``None``."""
    details: ProjectedDetails | None = None
    """The rest of the full answer (``policy.projection_details``): what the single check
    shows beyond these fields; ``None`` when not recorded (the check then evaluates)."""

    @property
    def last_term(self) -> ProjectedTerm | None:
        """The term that ends last (the first such, in the engine's order), if any."""
        return max(self.terms, key=lambda term: term.ends_on) if self.terms else None

    @property
    def covered_from(self) -> date | None:
        """The first day of the unbroken run of covered days that lasts until the last term
        ends; ``None`` when the unit is not covered on that last day (or holds no term).

        With ``last_term`` it lets a report find "covered today, until an end within N
        days" by one index range scan (``services.reports.expiring_coverage``)."""
        last = self.last_term
        if last is None:
            return None
        index = self._stretch_index(last.ends_on)
        if self.stretches[index].outcome is not Outcome.COVERED:
            return None
        while index > 0 and self.stretches[index - 1].outcome is Outcome.COVERED:
            index -= 1
        return self.stretches[index].starts_on or date.min

    def stretch_at(self, day: date) -> Stretch:
        """The stretch that holds ``day``."""
        return self.stretches[self._stretch_index(day)]

    def _stretch_index(self, day: date) -> int:
        found = 0
        for index, stretch in enumerate(self.stretches):
            if stretch.starts_on is not None and stretch.starts_on > day:
                break
            found = index
        return found


@dataclass(frozen=True, slots=True)
class ProjectedAnswer:
    """The engine's answer for one day, read from a projection: outcome, dates, clause ids."""

    on: date
    outcome: Outcome
    applies: ProjectedTerm | None
    terms: tuple[ProjectedTerm, ...]
    usage: UsageStatus | None
    voided: bool
    determining: tuple[str, ...]
    policy_id: str
    policy_version: str

    @property
    def covered_until(self) -> date | None:
        """The last day of coverage when covered (as ``views.coverage`` shows it)."""
        if self.outcome is not Outcome.COVERED or not self.terms:
            return None
        return max(term.ends_on for term in self.terms)


def answer_on(projection: CoverageProjection, day: date) -> ProjectedAnswer:
    """The engine's answer for ``day``, from the stretch that holds it (pure, no engine)."""
    stretch = projection.stretch_at(day)
    usage = usage_in(projection, stretch)
    return ProjectedAnswer(
        on=day,
        outcome=stretch.outcome,
        applies=None if stretch.applies is None else projection.terms[stretch.applies],
        terms=projection.terms,
        usage=usage,
        voided=projection.voided,
        determining=stretch.determining,
        policy_id=projection.policy_id,
        policy_version=projection.policy_version,
    )


def project(book: PolicyBook, facts: Facts) -> CoverageProjection:
    """Ask the engine about ``facts.unit`` (with its extensions, repair cover and reading)
    once per stretch of days its answer can't change on, and record the answers.

    ``facts.on`` is ignored; ``facts`` must describe a check, not a claim.
    """
    if facts.is_claim:
        raise ValueError("a projection holds checks; a claim is judged by the full evaluation")
    first = book.evaluate(_on(facts, ANY_DAY))
    terms = tuple(ProjectedTerm(t.kind, t.starts_on, t.ends_on) for t in first.terms)
    days = sorted(_turning_days(facts, terms))
    stretches: list[Stretch] = []
    decisions: list[tuple[date | None, Decision]] = []
    for index, starts_on in enumerate([None, *days]):
        asked = starts_on or (days[0] - timedelta(days=1) if days else ANY_DAY)
        decision = first if asked == ANY_DAY else book.evaluate(_on(facts, asked))
        if decision.terms != first.terms:
            raise RuntimeError("the engine's terms changed with the day: no projection holds them")
        decisions.append((starts_on, decision))
        stretch = _stretch(starts_on, decision, terms)
        if index and _same_answer(stretches[-1], stretch):
            continue
        stretches.append(stretch)
    policy = book.judging(facts.unit)
    country = facts.unit.country_of_purchase
    reading = facts.reading
    return CoverageProjection(
        policy_id=first.policy_id,
        policy_version=first.policy_version,
        start_on=book.start_of(facts.unit),
        voided=first.voided,
        region=policy.region_of(country) if country else None,
        usage_limit_bytes=first.usage.limit_bytes if first.usage else None,
        reading_bytes=reading.bytes_written if reading else None,
        reading_on=reading.read_on if reading else None,
        terms=terms,
        stretches=tuple(stretches),
        details=details_of(decisions, facts.unit.voiding_findings),
    )


def usage_in(projection: CoverageProjection, stretch: Stretch) -> UsageStatus | None:
    """The usage status a stretch of the projection answers with (``None``: none)."""
    if stretch.usage_verified is None or projection.usage_limit_bytes is None:
        return None
    used = projection.reading_bytes if stretch.usage_verified else None
    return UsageStatus(projection.usage_limit_bytes, used, stretch.usage_verified)


def _on(facts: Facts, day: date) -> Facts:
    return Facts(
        unit=facts.unit,
        on=day,
        extensions=facts.extensions,
        repair_coverages=facts.repair_coverages,
        reading=facts.reading,
    )


def _turning_days(facts: Facts, terms: tuple[ProjectedTerm, ...]) -> set[date]:
    """The days the engine's answer may change on: a term starts, the day after one ends,
    the day of the reading."""
    days = {term.starts_on for term in terms}
    days.update(term.ends_on + timedelta(days=1) for term in terms if term.ends_on < date.max)
    if facts.reading is not None:
        days.add(facts.reading.read_on)
    days.discard(date.min)
    return days


def _stretch(
    starts_on: date | None, decision: Decision, terms: tuple[ProjectedTerm, ...]
) -> Stretch:
    applies = None
    if decision.applies is not None:
        term = decision.applies
        applies = terms.index(ProjectedTerm(term.kind, term.starts_on, term.ends_on))
    return Stretch(
        starts_on=starts_on,
        outcome=decision.outcome,
        applies=applies,
        usage_verified=None if decision.usage is None else decision.usage.verified,
        determining=decision.determining,
    )


def _same_answer(before: Stretch, after: Stretch) -> bool:
    return (before.outcome, before.applies, before.usage_verified, before.determining) == (
        after.outcome,
        after.applies,
        after.usage_verified,
        after.determining,
    )


class ProjectionCache:
    """Projections made once for units the engine can't tell apart, for bulk work (an
    import, a recompute): most units of a large installed base share a model and a start
    day with others, and asking the engine costs ~0.1 ms a time.

    Two units get the same projection when everything a *check* reads of them is the
    same: brand, model, product line, the version judging them and the start it gives,
    voiding findings, extensions, repair coverages and reading. The evaluator reads
    nothing else of a unit for a check (the country, owner and papers matter to claims
    and sales, not here); the region, which depends on the country, is set per unit.
    The property test runs units through this cache and through the engine alike.
    """

    def __init__(self, book: PolicyBook, size: int = 20_000) -> None:
        self._book = book
        self._size = size
        self._made: dict[tuple[object, ...], tuple[CoverageProjection, int]] = {}
        self._tokens = count()
        self._versions: dict[tuple[str, date | None], Policy] = {}

    def project(self, facts: Facts) -> CoverageProjection:
        made, _, region = self.project_keyed(facts)
        return made if region == made.region else replace(made, region=region)

    def project_keyed(self, facts: Facts) -> tuple[CoverageProjection, int, str | None]:
        """The projection of the units alike (with the region of the first of them), a
        token naming them (this cache never gives it to other units: a caller caches what
        it derives from the projection under it, e.g. its encoding), and this unit's region."""
        unit = facts.unit
        extensions, repairs, reading = facts.extensions, facts.repair_coverages, facts.reading
        return self._keyed(unit, extensions, repairs, reading, facts)

    def project_row(self, unit: Unit) -> tuple[CoverageProjection, int, str | None]:
        """``project_keyed(Facts(unit=unit, on=ANY_DAY))`` for a unit that holds nothing but
        its own row (an imported one): the facts are built only for a unit unlike any before."""
        return self._keyed(unit, (), (), None, None)

    def _keyed(
        self,
        unit: Unit,
        extensions: tuple[Extension, ...],
        repairs: tuple[RepairCoverage, ...],
        reading: UsageReading | None,
        facts: Facts | None,
    ) -> tuple[CoverageProjection, int, str | None]:
        brand = unit.brand.casefold()
        latest = self._version(brand, unit.brand, None)
        first = coverage_start(latest, unit)  # picks the version (PolicyBook.judging)
        policy = self._version(brand, unit.brand, first.day)
        start = first if policy is latest else coverage_start(policy, unit)
        key = (
            brand,
            unit.model,
            unit.product_line,
            policy.id,
            policy.version,
            start,
            first.day,
            unit.voiding_findings,
            extensions,
            repairs,
            reading,
        )
        found = self._made.get(key)
        if found is None:
            made = project(self._book, Facts(unit=unit, on=ANY_DAY) if facts is None else facts)
            if len(self._made) >= self._size:
                self._made.clear()  # bounded memory; sorted input keeps hits high anyway
            found = self._made[key] = (made, next(self._tokens))
        country = unit.country_of_purchase
        return found[0], found[1], policy.region_of(country) if country else None

    def _version(self, brand: str, name: str, start: date | None) -> Policy:
        """``PolicyBook.version_for``, remembered: a bulk pass asks about the same days."""
        found = self._versions.get((brand, start))
        if found is None:
            found = self._versions[(brand, start)] = self._book.version_for(name, start)
        return found


def answer_of(decision: Decision) -> ProjectedAnswer:
    """The full evaluation's decision in the projection's answer shape (for units answered
    by the engine: no projection yet, or one that is behind)."""
    applies = decision.applies
    return ProjectedAnswer(
        on=decision.on,
        outcome=decision.outcome,
        applies=None
        if applies is None
        else ProjectedTerm(applies.kind, applies.starts_on, applies.ends_on),
        terms=tuple(ProjectedTerm(t.kind, t.starts_on, t.ends_on) for t in decision.terms),
        usage=decision.usage,
        voided=decision.voided,
        determining=decision.determining,
        policy_id=decision.policy_id,
        policy_version=decision.policy_version,
    )
