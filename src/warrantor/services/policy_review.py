"""Use case: a warranty admin reviews the policies in force: their own cases and lint.

The same checks as ``warrantor policy test`` and ``warrantor policy lint``,
gathered per policy version for the admin page: each case passed or what
differed, and each lint finding with its line in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from warrantor.domain.actors import Actor, Role
from warrantor.errors import PermissionDenied
from warrantor.policy.book import PolicyBook
from warrantor.policy.cases import CaseResult, run_cases
from warrantor.policy.lint import LintFinding, lint


@dataclass(frozen=True, slots=True)
class PolicyReview:
    """One policy version, the results of its cases and its lint findings."""

    policy_id: str
    brand: str
    version: str
    effective_from: date
    file: str
    clauses: int
    cases: tuple[CaseResult, ...]
    findings: tuple[LintFinding, ...]

    @property
    def failed(self) -> int:
        return sum(1 for case in self.cases if not case.passed)


def review_policies(book: PolicyBook, actor: Actor) -> list[PolicyReview]:
    """Every loaded policy version with its case results and lint findings (admins only)."""
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("only a warranty admin reviews policies")
    reviews = []
    for policy in sorted(book.policies(), key=lambda p: (p.brand.lower(), p.effective_from)):
        text = policy.path.read_text(encoding="utf-8") if policy.path.is_file() else ""
        reviews.append(
            PolicyReview(
                policy_id=policy.id,
                brand=policy.brand,
                version=policy.version,
                effective_from=policy.effective_from,
                file=policy.path.name,
                clauses=policy.clause_count,
                cases=tuple(run_cases(policy)),
                findings=tuple(lint(policy, text)),
            )
        )
    return reviews
