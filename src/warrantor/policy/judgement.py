"""What the evaluator's steps learn about one unit on one day, as they go.

Each step (``coverage_steps``, ``claim_steps``) reads the policy and the facts
and writes here: a *denial* (a clause that says no), a *missing* fact (asked
for, never guessed), an *error* (a fact the policy can't judge by), the clauses
it relied on and the facts it used. ``evaluator.evaluate`` runs the steps over
one ``Judgement`` and combines it into a ``Decision``. Use it when writing a
step; nothing outside the evaluator needs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from warrantor.policy.decision import CoverageTerm, FactError, Missing, UsageStatus
from warrantor.policy.evaluator_terms import Start, Terms, UsageLimit
from warrantor.policy.facts import Facts
from warrantor.policy.model import CatalogueMatch, Policy
from warrantor.policy.schema_vocabulary import ProductLine


@dataclass(frozen=True)
class Denial:
    """A reason the answer is no, in a sentence, with the clauses that say so."""

    summary: str
    clause_ids: tuple[str, ...]


@dataclass
class Judgement:
    """What the steps learn as they go; turned into a ``Decision`` by ``evaluator._combine``."""

    policy: Policy
    facts: Facts
    line: ProductLine | None = None
    match: CatalogueMatch | None = None
    start: Start | None = None
    terms: Terms | None = None
    in_force: tuple[int, CoverageTerm] | None = None
    limit: UsageLimit | None = None
    usage: UsageStatus | None = None
    voided: bool = False
    denials: list[Denial] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    errors: list[FactError] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    facts_used: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    service_refused_by: list[str] = field(default_factory=list)
    """Findings that end the service itself (``Finding.ends_service``) among those judged."""

    def deny(self, summary: str, clause_ids: tuple[str, ...] | list[str]) -> None:
        self.denials.append(Denial(summary, tuple(clause_ids)))

    def ask(self, fact: str, why: str, clause_id: str | None) -> None:
        if all(m.fact != fact for m in self.missing):
            self.missing.append(Missing(fact, why, clause_id))

    def cite(self, clause_ids: tuple[str, ...] | list[str]) -> None:
        self.basis.extend(clause_ids)

    @property
    def term(self) -> CoverageTerm | None:
        return self.in_force[1] if self.in_force else None

    def note_service_ending(self, finding_ids: list[str]) -> None:
        """Remember the findings among ``finding_ids`` after which the maker refuses service."""
        for finding_id in finding_ids:
            finding = self.policy.finding(finding_id)
            if finding is not None and finding.ends_service:
                self.service_refused_by.append(finding_id)

    def describe(self, finding_id: str) -> str:
        """A finding's description, as the policy declares it (its id when it doesn't)."""
        finding = self.policy.finding(finding_id)
        return finding.description if finding else finding_id
