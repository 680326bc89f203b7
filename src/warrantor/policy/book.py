"""The policies in force: every brand's policy versions, loaded from a folder.

This is what the rest of the code calls (import places models into lines,
the coverage check asks for a decision). A unit is judged by the brand's
version in force on its coverage start date (DESIGN.md).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from warrantor.domain.units import Unit
from warrantor.errors import NotFound
from warrantor.policy.decision import Decision
from warrantor.policy.errors import PolicyError, PolicyProblem
from warrantor.policy.evaluator import evaluate
from warrantor.policy.evaluator_terms import coverage_start
from warrantor.policy.facts import Facts
from warrantor.policy.loader import load_policy
from warrantor.policy.model import Policy


class PolicyBook:
    """All loaded policies, by brand and effective date."""

    def __init__(self, policies: Iterable[Policy]) -> None:
        self._by_brand: dict[str, list[Policy]] = {}
        for policy in policies:
            self._by_brand.setdefault(policy.brand.casefold(), []).append(policy)
        for versions in self._by_brand.values():
            versions.sort(key=lambda p: p.effective_from)
            for before, after in itertools.pairwise(versions):
                if before.effective_from == after.effective_from:
                    raise PolicyError(
                        after.path,
                        [
                            PolicyProblem(
                                None,
                                "effective_from",
                                f"{before.path.name} is in force from the same day",
                            )
                        ],
                    )

    @classmethod
    def from_dir(cls, folder: Path) -> PolicyBook:
        """Load every ``*.toml`` in ``folder``; a bad file raises ``PolicyError`` naming it."""
        files = sorted(folder.glob("*.toml"))
        return cls(load_policy(path) for path in files)

    def brands(self) -> list[str]:
        """Brand names, as written in the policies (e.g. ``QNAP``, ``Netac``)."""
        return sorted((versions[-1].brand for versions in self._by_brand.values()), key=str.lower)

    def versions(self, brand: str) -> list[Policy]:
        """Every version of a brand's policy, oldest first; ``NotFound`` for an unknown brand."""
        versions = self._by_brand.get(brand.casefold())
        if not versions:
            known = ", ".join(self.brands()) or "none"
            raise NotFound(f"no policy for brand {brand!r} (policies exist for: {known})")
        return list(versions)

    def policies(self) -> list[Policy]:
        """Every loaded policy version."""
        return [p for versions in self._by_brand.values() for p in versions]

    def product_line_of(self, brand: str, model: str) -> str | None:
        """The product line id the brand's current policy places ``model`` in, or ``None``."""
        line = self.version_for(brand, None).line_of(model)
        return line.id if line else None

    def product_lines(self, brand: str) -> list[tuple[str, str]]:
        """The product lines (id, name) of the brand's current policy, in its order."""
        return [(line.id, line.name) for line in self.version_for(brand, None).doc.lines]

    def evaluate(self, facts: Facts) -> Decision:
        """Judge ``facts`` by the brand's policy version in force on the coverage start date."""
        return evaluate(self.judging(facts.unit), facts)

    def judging(self, unit: Unit) -> Policy:
        """The version ``unit`` is judged by: the one in force on its coverage start date
        (``start_of``; the latest when there is none)."""
        return self.version_for(unit.brand, self.start_of(unit))

    def start_of(self, unit: Unit) -> date | None:
        """The unit's coverage start date, as the brand's latest version's start rule picks
        it: the day that chooses the version ``unit`` is judged by."""
        return coverage_start(self.version_for(unit.brand, None), unit).day

    def version_for(self, brand: str, start: date | None) -> Policy:
        """The policy version in force on ``start`` (the latest when ``start`` is None).

        A start before every version's ``effective_from`` is judged by the
        earliest version: the oldest rules the book knows.
        """
        versions = self.versions(brand)
        if start is None:
            return versions[-1]
        in_force = [p for p in versions if p.effective_from <= start]
        return in_force[-1] if in_force else versions[0]
