"""Every [[cases]] entry of every shipped policy file, as one test each."""

from __future__ import annotations

from pathlib import Path

import pytest

from warrantor.policy.cases import run_case
from warrantor.policy.loader import load_policy
from warrantor.policy.model import Policy
from warrantor.policy.schema_cases import Case

POLICIES = Path(__file__).resolve().parents[2] / "policies"
FILES = sorted(POLICIES.glob("*.toml"))
LOADED = {path.name: load_policy(path) for path in FILES}
CASES = [(name, case) for name, policy in LOADED.items() for case in policy.doc.cases]


def test_every_shipped_policy_carries_cases() -> None:
    assert {"qnap.toml", "netac.toml", "crucial.toml"} <= set(LOADED)
    assert all(policy.doc.cases for policy in LOADED.values())


@pytest.mark.parametrize(("file", "case"), CASES, ids=[f"{f}: {c.name}" for f, c in CASES])
def test_policy_case(file: str, case: Case) -> None:
    result = run_case(LOADED[file], case)
    assert result.passed, (
        f"{case.name}\n  " + "\n  ".join(result.failures) + f"\n  actual: {result.actual}"
    )


def _decisive_clauses(policy: Policy) -> set[str]:
    """Clauses a decision or an offer can rest on (not the service terms, which no case can)."""
    decisive = {
        "start_date",
        "usage_limit",
        "special_application",
        "extension_offer",
        "extension_term",
        "maximum_term",
        "purchase_window",
        "eligible_buyers",
        "service_countries",
        "service_area",
        "claim_proof",
        "components",
        "exclusion",
        "expiry",
        "repair_coverage",
    }
    found = {c for rule in policy.doc.rules if rule.kind in decisive for c in rule.clauses}
    found |= {c for line in policy.doc.lines for c in line.clauses}
    found |= {c for region in policy.doc.regions for c in region.clauses}
    return found


@pytest.mark.parametrize("file", sorted(LOADED))
def test_every_decisive_clause_is_expected_by_some_case(file: str) -> None:
    policy = LOADED[file]
    expected = {c for case in policy.doc.cases for c in case.expect.clauses}
    assert _decisive_clauses(policy) - expected == set()


@pytest.mark.parametrize("file", sorted(LOADED))
def test_cases_cover_every_outcome(file: str) -> None:
    outcomes = {case.expect.outcome for case in LOADED[file].doc.cases}
    assert {"covered", "not_covered", "needs_information"} <= {str(o) for o in outcomes}
