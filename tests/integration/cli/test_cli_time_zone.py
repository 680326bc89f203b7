"""The zone the CLI shows times in (issue #26, item 2): ``--time-zone`` or
``WARRANTOR_TIME_ZONE``, UTC unless told; every time printed names its zone; ``--json``
keeps ISO 8601 with the offset; a zone that is not one is an error naming it and where it was
given. Through the real commands on a real database of each engine."""

from __future__ import annotations

import json
import re

from test_help_requests_cli import _ask
from test_paging_cli import run, warrantor  # noqa: F401 (a fixture: five QNAP units)
from typer.testing import CliRunner

from warrantor.cli.main import app
from warrantor.policy.book import PolicyBook

# the help request is opened at 12:00 UTC on 23 November 2026: already 02:00 on the 24th on
# Kiritimati (UTC+14), 04:00 on the 23rd in Los Angeles


def test_an_unknown_zone_is_refused_naming_it_and_the_option() -> None:
    result = CliRunner().invoke(app, ["--time-zone", "Mars/Olympus_Mons", "prices", "list"])

    assert result.exit_code == 2
    assert "unknown time zone 'Mars/Olympus_Mons' (--time-zone)" in result.output
    assert "not an IANA time zone (e.g. Europe/Berlin" in result.output


def test_an_unknown_zone_in_the_environment_names_the_variable() -> None:
    runner = CliRunner(env={"WARRANTOR_TIME_ZONE": "+02:00"})

    result = runner.invoke(app, ["prices", "list"])

    assert result.exit_code == 2
    assert "unknown time zone '+02:00' (WARRANTOR_TIME_ZONE)" in result.output


def test_days_and_times_are_the_chosen_zones_and_name_it(
    warrantor: CliRunner,  # noqa: F811
    empty_database_url: str,
    policy_book: PolicyBook,
) -> None:
    run(warrantor, "accounts", "add", "CUST-A", "--name", "Ann A", "--kind", "customer")
    request_id = _ask(empty_database_url, "Q26CLIZONE1", policy_book)

    utc = run(warrantor, "help-requests", "list").stdout
    kiritimati = run(warrantor, "--time-zone", "Pacific/Kiritimati", "help-requests", "list")
    env = CliRunner(env={**warrantor.env, "WARRANTOR_TIME_ZONE": "America/Los_Angeles"})
    los_angeles = run(env, "help-requests", "list").stdout

    assert utc.split()[0] == str(request_id)
    assert utc.rstrip().endswith("2026-11-23 (UTC)")
    assert kiritimati.stdout.rstrip().endswith("2026-11-24 (Pacific/Kiritimati)")
    assert los_angeles.rstrip().endswith("2026-11-23 (America/Los_Angeles)")
    # a time to the second, on the chosen clock, the zone named (the audit trail's lines)
    trail = run(warrantor, "--time-zone", "Europe/Berlin", "audit", "list").stdout
    heads = [line for line in trail.splitlines() if line.startswith("#")]
    assert heads, trail
    shape = r"#\d+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d (CET|CEST) \(Europe/Berlin\) "
    assert all(re.match(shape, line) for line in heads), heads
    # --json keeps ISO 8601 with the offset, whatever zone is chosen
    shown = json.loads(
        run(
            warrantor, "--time-zone", "Asia/Shanghai", "help-requests", "show", str(request_id)
        ).stdout
    )
    assert shown["opened_at"] == "2026-11-23T12:00:00+00:00"
