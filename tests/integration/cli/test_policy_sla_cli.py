"""`warrantor policy sla` through the real command, on the shipped policies.

Expected dates are reasoned from the calendar (see tests/unit/policy/test_service_terms.py).
"""

from __future__ import annotations

from typer.testing import CliRunner

from warrantor.cli.main import app

runner = CliRunner()


def sla(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["policy", "sla", "--brand", "QNAP", *args])
    return result.exit_code, result.output


def test_rma_number_due_date_with_utc_and_local_instant_and_the_clause() -> None:
    # Wed 25 Nov 2026 07:00 PST; Thu 26 Thanksgiving; Fri 27 (1); Mon 30 (2).
    code, out = sla("--centre", "qnap-us", "--event", "2026-11-25T15:00:00Z")
    assert code == 0, out
    assert "due on:      Mon 2026-11-30 (2 business days, calendar US)" in out
    assert "event:       2026-11-25 15:00:00 UTC (at the centre: Wed 2026-11-25 07:00:00 PST" in out
    # the end of Mon 30 Nov in Los Angeles, in UTC (the CLI's zone unless told) and the centre's
    assert "due by:      2026-12-01 08:00:00 UTC (end of Mon 2026-11-30 at the centre: " in out
    assert "2026-12-01 00:00:00 PST (America/Los_Angeles)" in out
    assert "provisional: no" in out
    assert "[qnap.rma.number-two-days] We will provide the Buyer with an RMA number" in out


def test_repair_with_a_pause_by_country() -> None:
    # Received Mon 21 Dec; paused Mon 28 - Tue 29; seven working days end Tue 5 Jan 2027.
    code, out = sla(
        "--country",
        "us",
        "--event",
        "2026-12-21T18:00:00Z",
        "--kind",
        "repair",
        "--pause",
        "2026-12-28:2026-12-29",
    )
    assert code == 0, out
    assert "Tue 2027-01-05 (7 working days, 2 paused, calendar US)" in out
    assert "2027-01-06 08:00:00 UTC" in out
    assert "[qnap.ext.repair-7-days]" in out
    assert "[qnap.benefit.repair-time]" in out


def test_canada_by_country() -> None:
    # Tue 30 Jun; Wed 1 Jul Canada Day; Thu 2 (1), Fri 3 (2); end of Fri 3 in Toronto.
    code, out = sla("--country", "CA", "--event", "2026-06-30T15:00:00Z")
    assert code == 0, out
    assert "Fri 2026-07-03 (2 business days, calendar CA-ON)" in out  # Toronto: Ontario
    assert "2026-07-04 04:00:00 UTC" in out


def test_times_are_shown_in_the_zone_chosen_the_due_day_stays_the_centres() -> None:
    result = runner.invoke(
        app,
        ["--time-zone", "Asia/Shanghai", "policy", "sla", "--brand", "QNAP",
         "--centre", "qnap-us", "--event", "2026-11-25T15:00:00Z"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # 08:00 UTC on 1 December is 16:00 in Shanghai; the due day is still Los Angeles' Monday
    assert "due by:      2026-12-01 16:00:00 CST (Asia/Shanghai) (end of Mon 2026-11-30" in (
        result.output
    )
    assert "due on:      Mon 2026-11-30 (2 business days, calendar US)" in result.output


def test_a_paid_repair_says_there_is_no_promise() -> None:
    code, out = sla(
        "--country", "US", "--event", "2026-12-21T18:00:00Z", "--kind", "repair", "--paid"
    )
    assert code == 0, out
    assert "No repair-time promise" in out


def test_two_centres_and_no_choice_asks_for_one() -> None:
    code, out = sla("--event", "2026-11-25T15:00:00Z")
    assert code == 2
    assert "choose one of: qnap-us, qnap-ca" in out


def test_an_instant_without_a_zone_is_refused() -> None:
    code, out = sla("--centre", "qnap-us", "--event", "2026-11-25T15:00:00")
    assert code == 2
    assert "'--event'" in out


def test_an_unknown_kind_is_refused() -> None:
    code, out = sla("--centre", "qnap-us", "--event", "2026-11-25T15:00:00Z", "--kind", "refund")
    assert code == 2
    assert "'--kind'" in out
