# ruff: noqa: E501  (the EDITS table quotes policy lines whole)
"""Issue 19, item 5: no rule is only quoted. For each rule kind of the seed policies, one of its
parameters is edited in a copy of the policy, and some answer of the policy's own cases
(decisions and desk steps) changes: the code that kind governs reads it.

A kind no policy case answers (``READ_OUTSIDE_THE_CASES``) has its own test, which edits the
rule in a copy of the policy and asks the code that reads it.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from warrantor.policy.cases import run_cases
from warrantor.policy.evaluator_terms import repair_coverage_for
from warrantor.policy.loader import load_policy

POLICIES = Path(__file__).resolve().parents[2] / "policies"

EDITS = [
    ("netac", "start_date", 'order = ["purchase_date", "manufacture_date"]', 'order = ["purchase_date"]'),
    ("netac", "usage_limit", 'combine = "whichever_first"\nscope = ["standard"]', 'combine = "whichever_first"\nscope = ["repair"]'),
    ("netac", "special_application", 'action = "refer_to_person"\ncontact = "email"\nclauses = ["netac.special-application", "netac.tbw-note"]', 'action = "refer_to_person"\ncontact = "email"\nclauses = ["netac.tbw-note"]'),
    ("netac", "expiry", 'kind = "expiry"\nclauses = ["netac.expired"]', 'kind = "expiry"\nclauses = ["netac.period.start"]'),
    ("netac", "claim_documents", 'kind = "claim_documents"\nrequires = ["proof_of_purchase", "model", "serial", "failure_description"]', 'kind = "claim_documents"\nrequires = ["proof_of_purchase", "model", "serial"]'),
    ("qnap", "extension_offer", 'lines = ["TS-x79", "TS-x80", "TVS-x80"]\nyears = [1, 2]', 'lines = ["TS-x79", "TS-x80", "TVS-x80"]\nyears = [1]'),
    ("qnap", "extension_term", 'starts = "after_previous_term"\nclauses = ["qnap.benefit.begins-after-standard", "qnap.ext.supplemental-begins", "qnap.ext.supplemental"]', 'starts = "after_previous_term"\nclauses = ["qnap.benefit.begins-after-standard"]'),
    ("qnap", "maximum_term", 'kind = "maximum_term"\nyears = 5', 'kind = "maximum_term"\nyears = 4'),
    ("qnap", "purchase_window", "days = 60", "days = 20"),
    ("qnap", "eligible_buyers", 'buyers = ["direct_customer"]', 'buyers = ["anyone"]'),
    ("qnap", "service_countries", 'countries = ["US", "CA"]\nscope = ["extended"]', 'countries = ["US", "CA", "DE"]\nscope = ["extended"]'),
    ("qnap", "service_area", "global_years = 3", "global_years = 2"),
    ("qnap", "claim_proof", 'shows = ["model", "serial", "extension_years"]\nscope = ["extended"]', 'shows = ["model", "serial", "extension_years"]\nscope = ["repair"]'),
    ("qnap", "components", 'excluded = ["network_cable", "cd_rom"]', 'excluded = ["cd_rom"]'),
    ("netac", "exclusion", 'kind = "exclusion"\nfindings = ["interface_deformed", "housing_damaged"]', 'kind = "exclusion"\nfindings = ["interface_deformed"]'),
    ("qnap", "scope_of_cover", 'findings = ["not_normal_use", "not_intended_environment"]', 'findings = ["not_normal_use"]'),
    ("qnap", "charges", 'parts = "maker"\nlabour = "maker"\nremote', 'parts = "customer"\nlabour = "maker"\nremote'),
    ("qnap", "charges", "remote_troubleshooting = true", "remote_troubleshooting = false"),  # what is free
    ("qnap", "service_channel", 'first_contact = "technical_support"\n', ""),
    ("qnap", "rma_number", "business_days = 2", "business_days = 3"),
    ("qnap", "repair_time", "working_days = 7", "working_days = 5"),
    ("qnap", "shipping", 'kind = "shipping"\ninbound = "customer"', 'kind = "shipping"\ninbound = "maker"'),
    ("qnap", "data_backup", "maker_liable_for_data = false", "maker_liable_for_data = true"),
    ("qnap", "remedy", 'replacement_condition = ["new", "reconditioned"]', 'replacement_condition = ["new"]'),
    ("qnap", "unauthorized_returns", "may_dispose = true", "may_dispose = false"),
    ("qnap", "extension_quote", 'distributor_sends = ["model", "quantity", "extension_years"]', 'distributor_sends = ["model", "quantity"]'),
]  # fmt: skip
"""(policy, rule kind, text in the file, what it becomes)."""

READ_OUTSIDE_THE_CASES = {"repair_coverage"}
"""Rule kinds no policy case answers (a repair's cover is worked out when a repaired unit
ships, not in a decision the cases ask for): each has its own test below, which edits the rule
in a copy of the policy and asks the engine's reader of it."""


@pytest.mark.parametrize(("name", "kind", "old", "new"), EDITS, ids=[e[1] for e in EDITS])
def test_editing_the_rule_changes_an_answer(
    tmp_path: Path, name: str, kind: str, old: str, new: str
) -> None:
    text = (POLICIES / f"{name}.toml").read_text("utf-8")
    assert text.count(old) == 1, f"{kind}: the edit must name one place"
    end = text.index(old) + len(old)
    start = text.rfind("[[rules]]", 0, end)
    assert f'kind = "{kind}"' in text[start:end], f"{old!r} is not in a {kind} rule"
    shutil.copytree(POLICIES / "sources", tmp_path / "sources")
    path = tmp_path / f"{name}.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    before = [r.passed for r in run_cases(load_policy(POLICIES / f"{name}.toml"))]
    after = [r.passed for r in run_cases(load_policy(path))]
    assert all(before)
    assert not all(after), f"editing the {kind} rule changed no answer"


def test_every_rule_kind_of_the_seed_policies_is_edited_or_named() -> None:
    kinds = {
        rule.kind
        for name in ("qnap", "netac")
        for rule in load_policy(POLICIES / f"{name}.toml").doc.rules
    }
    assert kinds - {kind for _, kind, _, _ in EDITS} == READ_OUTSIDE_THE_CASES


def test_editing_the_repair_coverage_rule_changes_a_repairs_cover(tmp_path: Path) -> None:
    """QNAP: a repaired part is covered for the rest of the original term or 3 months,
    whichever is longer; with 6 months in the copy, a repair shipped a month before the
    original term ends is covered 6 months (the last day is the day before the month-day)."""
    text = (POLICIES / "qnap.toml").read_text("utf-8")
    old = 'kind = "repair_coverage"\nminimum_months = 3'
    assert text.count(old) == 1
    shutil.copytree(POLICIES / "sources", tmp_path / "sources")
    edited = tmp_path / "qnap.toml"
    edited.write_text(text.replace(old, 'kind = "repair_coverage"\nminimum_months = 6'), "utf-8")
    shipped, original_end = date(2026, 12, 1), date(2027, 1, 1)

    before = repair_coverage_for(load_policy(POLICIES / "qnap.toml"), shipped, original_end)
    after = repair_coverage_for(load_policy(edited), shipped, original_end)

    assert before is not None and after is not None
    assert (before.ends_on, after.ends_on) == (date(2027, 2, 28), date(2027, 5, 31))
