"""Each lint finding, shown on a small bad policy; the shipped policies lint clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from policy_samples import BASE, line_of

from warrantor.policy.lint import lint
from warrantor.policy.loader import load_policy

POLICIES = Path(__file__).resolve().parents[3] / "policies"


def _codes(write_policy, text: str) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    path = write_policy(text)
    return {f.code: f.line for f in lint(load_policy(path), text)}


def test_the_sample_lints_clean(write_policy) -> None:  # type: ignore[no-untyped-def]
    assert _codes(write_policy, BASE) == {}


@pytest.mark.parametrize("file", ["qnap.toml", "netac.toml", "crucial.toml"])
def test_the_shipped_policies_lint_clean(file: str) -> None:
    path = POLICIES / file
    assert lint(load_policy(path), path.read_text("utf-8")) == []


def test_an_extension_no_one_can_buy(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace("years = [1, 2]", "years = [3]")
    assert _codes(write_policy, text)["extension-unbuyable"] == line_of(text, "years = [3]")


def test_a_line_no_model_matches(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace("patterns = ['W-[0-9]{3}']", "patterns = ['X-[0-9]{3}']")
    assert _codes(write_policy, text)["line-unmatched"] == line_of(text, "patterns")


def test_an_example_its_line_does_not_match(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace('examples = ["W-100", "W-200"]', 'examples = ["W-100", "W-2000"]')
    assert _codes(write_policy, text)["example-unmatched"] == line_of(text, "examples")


def test_a_maximum_shorter_than_the_standard_term(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace("standard_years = 2", "standard_years = 5")
    codes = _codes(write_policy, text)
    assert codes["maximum-below-standard"] == line_of(text, "years = 4")


def test_two_lines_matching_the_same_model(write_policy) -> None:  # type: ignore[no-untyped-def]
    second = """
[[lines]]
id = "W2"
name = "Widgets again"
patterns = ['W-1[0-9]{2}']
examples = ["W-150"]
standard_years = 2
clauses = ["acme.term"]
"""
    text = BASE.replace("[[rules]]", second + "\n[[rules]]", 1)
    assert "lines-overlap" in _codes(write_policy, text)


def test_an_exclusion_no_finding_can_trigger(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace('findings = ["dropped"]', "findings = []")
    assert _codes(write_policy, text)["exclusion-idle"] == line_of(text, "findings = []")


def test_an_exclusion_scoped_to_coverage_no_unit_holds(write_policy) -> None:  # type: ignore[no-untyped-def]
    offer = (
        'kind = "extension_offer"\nlines = ["W"]\nyears = [1, 2]\nclauses = ["acme.extension"]\n'
    )
    no_offer = BASE.replace("[[rules]]\n" + offer + "\n", "")
    assert no_offer != BASE
    text = no_offer.replace(
        'findings = ["dropped"]', 'findings = ["dropped"]\nscope = ["extended"]'
    )
    codes = _codes(write_policy, text)
    # the first scope = ["extended"] is the service_countries rule's; the second is ours
    assert codes["exclusion-idle"] == line_of(text, 'scope = ["extended"]', nth=2)


def test_a_voiding_finding_no_exclusion_cites(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace('findings = ["label_removed"]', 'findings = ["dropped"]')
    assert _codes(write_policy, text)["finding-uncited"] == line_of(text, 'id = "label_removed"')


def test_a_clause_no_rule_cites(write_policy) -> None:  # type: ignore[no-untyped-def]
    text = BASE.replace('clauses = ["acme.cables"]', 'clauses = ["acme.local"]')
    assert _codes(write_policy, text)["clause-unused"] == line_of(text, 'id = "acme.cables"')
