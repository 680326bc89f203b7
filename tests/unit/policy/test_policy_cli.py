"""`warrantor policy test | lint | explain`, through the real CLI app."""

from __future__ import annotations

from pathlib import Path

import pytest
from policy_samples import BASE
from typer.testing import CliRunner

from warrantor.cli.main import app
from warrantor.policy.decision import Outcome
from warrantor.policy.explain import OFFER_OUTCOME_NAMES, OUTCOME_NAMES
from warrantor.policy.offers import OfferOutcome

runner = CliRunner()
FAILING_CASE = """
[[cases]]
name = "a deliberately wrong expectation"
[cases.given]
model = "W-100"
purchased_on = 2020-05-01
proof = "R"
on = 2022-05-01
[cases.expect]
outcome = "covered"
"""


def test_policy_test_runs_every_shipped_case() -> None:
    result = runner.invoke(app, ["policy", "test"])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_policy_test_reports_a_failure_with_expected_and_actual(write_policy) -> None:  # type: ignore[no-untyped-def]
    path = write_policy(BASE + FAILING_CASE)
    result = runner.invoke(app, ["policy", "test", str(path)])
    assert result.exit_code == 1
    assert "FAIL acme.toml: a deliberately wrong expectation" in result.output
    assert "outcome: expected covered, got not_covered" in result.output
    assert "1 cases, 1 failed" in result.output


def test_policy_test_on_a_broken_file_names_line_and_key(write_policy) -> None:  # type: ignore[no-untyped-def]
    path = write_policy(BASE.replace("days = 30", "dayz = 30"))
    result = runner.invoke(app, ["policy", "test", str(path)])
    assert result.exit_code == 2
    assert "'dayz'" in result.output


def test_policy_lint_is_clean_on_the_shipped_policies() -> None:
    result = runner.invoke(app, ["policy", "lint"])
    assert result.exit_code == 0, result.output


def test_policy_lint_on_a_file_not_in_utf8_names_the_line(write_policy) -> None:  # type: ignore[no-untyped-def]
    path = write_policy(BASE)
    lines = path.read_bytes().split(b"\n")
    lines[3] += " # caf\u00e9".encode("latin-1")  # saved in Latin-1, not UTF-8
    path.write_bytes(b"\n".join(lines))

    result = runner.invoke(app, ["policy", "lint", str(path)])

    assert result.exit_code == 2, result.output
    assert "line 4" in result.output and "not UTF-8" in result.output
    assert "Traceback" not in result.output


def test_policy_lint_reports_a_finding(write_policy) -> None:  # type: ignore[no-untyped-def]
    path = write_policy(BASE.replace("years = [1, 2]", "years = [3]"))
    result = runner.invoke(app, ["policy", "lint", str(path)])
    assert result.exit_code == 1
    assert "[extension-unbuyable]" in result.output


def test_policy_explain_shows_the_decision_clause_by_clause() -> None:
    result = runner.invoke(
        app,
        [
            "policy",
            "explain",
            "--brand",
            "Netac",
            "--model",
            "NV7000 2TB",
            "--purchased-on",
            "2021-06-15",
            "--proof",
            "INV",
            "--on",
            "2026-06-14",
            "--claim",
            "--bytes-written",
            str(1200 * 10**12),
        ],
    )
    assert result.exit_code == 0, result.output
    # the outcome by its name, not its code (issue #25, item 2)
    assert "Outcome: Not covered\n" in result.output
    assert "not_covered" not in result.output
    assert "[netac.tbw-table] TBW(Total Bytes Written)of Netac SSD" in result.output
    assert "inferred:" in result.output


def test_policy_explain_an_extension_sale() -> None:
    result = runner.invoke(
        app,
        [
            "policy",
            "explain",
            "--brand",
            "QNAP",
            "--model",
            "TS-879 Pro",
            "--first-invoiced-on",
            "2024-01-10",
            "--on",
            "2024-03-11",
            "--offer-years",
            "1",
            "--buyer-country",
            "US",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Offer of 1 years: refused\n" in result.output
    assert "[qnap.ext.window-invoice]" in result.output


@pytest.mark.parametrize("command", ["test", "lint", "explain"])
def test_every_policy_command_has_help(command: str) -> None:
    result = runner.invoke(app, ["policy", command, "--help"])
    assert result.exit_code == 0
    assert len(result.output) > 100


def test_explain_rejects_a_bad_date() -> None:
    result = runner.invoke(
        app, ["policy", "explain", "--brand", "QNAP", "--model", "TS-251", "--on", "tomorrow"]
    )
    assert result.exit_code == 2
    assert "--on" in result.output


def test_the_cli_reads_the_policies_folder_from_settings(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARRANTOR_POLICIES_DIR", str(tmp_path))
    result = runner.invoke(app, ["policy", "test"])
    assert result.exit_code == 0
    assert "0 cases, 0 failed" in result.output


def test_every_outcome_has_a_name_for_explain() -> None:
    """Issue #25, item 2: `policy explain` names an outcome it may print, never its code."""
    assert set(OUTCOME_NAMES) == set(Outcome)
    assert set(OFFER_OUTCOME_NAMES) == set(OfferOutcome)
    assert OUTCOME_NAMES[Outcome.NEEDS_INFORMATION] == "Needs information"
