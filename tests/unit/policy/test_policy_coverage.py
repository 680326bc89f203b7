"""Issue 19, item 7: the policy cases cover the desk's rules too, and
``warrantor policy test --coverage`` lists the clause ids no case expects (exit 1 on any).

And, for the rule kinds the desk reads here (charges, claim documents, service
channel): editing the rule's parameter in a copy of a shipped policy changes the answer.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from policy_samples import POLICIES
from typer.testing import CliRunner

from warrantor.cli.main import app
from warrantor.policy import desk_rules
from warrantor.policy.cases import clauses_no_case_expects, run_cases
from warrantor.policy.loader import load_policy
from warrantor.policy.model import Policy

runner = CliRunner()


def edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the shipped policy ``name`` with ``old`` replaced by ``new`` (exactly once)."""
    text = (POLICIES / f"{name}.toml").read_text("utf-8")
    assert text.count(old) == 1, old
    shutil.copytree(POLICIES / "sources", tmp_path / "sources", dirs_exist_ok=True)
    path = tmp_path / f"{name}.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_every_desk_case_of_the_shipped_policies_passes() -> None:
    for name in ("qnap", "netac"):
        policy = load_policy(POLICIES / f"{name}.toml")
        assert policy.doc.desk_cases
        failed = [(r.name, r.failures) for r in run_cases(policy) if not r.passed]
        assert failed == []


@pytest.mark.parametrize(
    ("old", "new", "failing"),
    [
        (
            "event_at = 2026-11-25T15:00:00Z",
            "event_at = 2026-11-27T15:00:00Z",
            "the RMA number is due two business days",
        ),
        ('kind = "shipping"\ninbound = "customer"', 'kind = "shipping"\ninbound = "maker"',
         "the customer pays the way to QNAP"),
        ("may_dispose = true", "may_dispose = false", "a parcel without an RMA number may be"),
        ('first_contact = "technical_support"\n', "", "technical support is the first contact"),
        ('labour = "maker"\nremote', 'labour = "customer"\nremote', "a covered repair is free"),
    ],
)  # fmt: skip
def test_a_desk_case_fails_when_its_rule_or_facts_change(
    tmp_path: Path, old: str, new: str, failing: str
) -> None:
    policy = load_policy(edited(tmp_path, "qnap", old, new))
    failed = [r.name for r in run_cases(policy) if not r.passed]
    assert len(failed) == 1 and failed[0].startswith(failing), failed


def test_every_clause_of_the_shipped_policies_is_expected_by_a_case() -> None:
    result = runner.invoke(app, ["policy", "test", "--coverage"])
    assert result.exit_code == 0, result.output
    assert "UNCOVERED" not in result.output
    assert "0 clause(s) no case expects" in result.output
    qnap = load_policy(POLICIES / "qnap.toml")
    assert clauses_no_case_expects(qnap) == []
    # the desk's clauses are expected by desk cases
    desk = {c for case in qnap.doc.desk_cases for c in case.expect.clauses}
    for desk_clause in ("qnap.rma.number-two-days", "qnap.ext.delivery-cost", "qnap.data-backup",
                        "qnap.remedy.reconditioned", "qnap.rma.without-number",
                        "qnap.first-contact-support", "qnap.free-warranty",
                        "qnap.ext.quote-request"):  # fmt: skip
        assert desk_clause in desk


def test_coverage_passes_when_every_clause_is_expected(tmp_path: Path) -> None:
    crucial = POLICIES / "crucial.toml"
    assert clauses_no_case_expects(load_policy(crucial)) == []
    result = runner.invoke(app, ["policy", "test", "--coverage", str(crucial)])
    assert result.exit_code == 0, result.output
    assert "0 clause(s) no case expects" in result.output


def test_a_clause_no_case_expects_is_named(tmp_path: Path) -> None:
    path = edited(
        tmp_path, "netac", 'clauses = ["netac.terms.documents"]\n\n[[desk_cases]]', "[[desk_cases]]"
    )
    result = runner.invoke(app, ["policy", "test", "--coverage", str(path)])
    assert result.exit_code == 1
    assert "UNCOVERED netac.toml: no case expects clause netac.terms.documents" in result.output


# --- item 5 for the rule kinds read here: a parameter edited, an answer changed ----------


def _qnap(tmp_path: Path, old: str, new: str) -> Policy:
    return load_policy(edited(tmp_path, "qnap", old, new))


def test_charges_decide_whether_a_quote_is_made(tmp_path: Path) -> None:
    shipped = load_policy(POLICIES / "qnap.toml")
    assert desk_rules.charges(shipped, covered=True).quote is False
    assert "remote_troubleshooting" in desk_rules.charges(shipped, covered=False).free
    parts = _qnap(tmp_path, 'parts = "maker"\nlabour', 'parts = "customer"\nlabour')
    assert desk_rules.charges(parts, covered=True).quote is True
    assert desk_rules.charges(parts, covered=True).free == ("labour", "remote_troubleshooting")


def test_claim_documents_decide_what_a_claim_needs(tmp_path: Path) -> None:
    old = 'kind = "claim_documents"\nrequires = ["proof_of_purchase", "model", "serial", '
    new = 'kind = "claim_documents"\nrequires = ["proof_of_purchase", '
    path = edited(tmp_path, "netac", old, new)
    found = desk_rules.claim_documents(load_policy(path)).requires
    assert found == ("proof_of_purchase", "failure_description")


def test_the_first_contact_decides_the_first_step(tmp_path: Path) -> None:
    assert desk_rules.first_contact(load_policy(POLICIES / "qnap.toml")).troubleshooting_first
    edited_policy = _qnap(tmp_path, 'first_contact = "technical_support"\n', "")
    assert not desk_rules.first_contact(edited_policy).troubleshooting_first


def test_scope_of_cover_findings_decide_a_claim(tmp_path: Path) -> None:
    """Normal use and the recommended environment are findings an inspection records: with the
    rule's findings taken out, the same claim is covered."""
    shipped = load_policy(POLICIES / "netac.toml")
    (case,) = [c for c in shipped.doc.cases if "recommended environment" in c.name]
    assert run_cases(shipped)[shipped.doc.cases.index(case)].passed
    old = 'findings = ["not_normal_use", "not_recommended_environment"]\n'
    edited_policy = load_policy(edited(tmp_path, "netac", old, ""))
    result = run_cases(edited_policy)[edited_policy.doc.cases.index(case)]
    assert "outcome: expected not_covered, got covered" in result.failures


def test_the_quote_rule_decides_what_a_request_carries(tmp_path: Path) -> None:
    from warrantor.policy.quote_rules import quote_terms

    shipped = quote_terms(load_policy(POLICIES / "qnap.toml"))
    assert shipped is not None and "quantity" in shipped.distributor_sends
    old = 'distributor_sends = ["model", "quantity", "extension_years"]'
    edited_terms = quote_terms(_qnap(tmp_path, old, 'distributor_sends = ["model", "quantity"]'))
    assert edited_terms is not None and edited_terms.distributor_sends == ("model", "quantity")
