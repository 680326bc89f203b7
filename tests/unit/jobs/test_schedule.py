"""Reading a duty's cron line (issue #20): when it is due, when it runs next, bad lines named."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from warrantor.errors import InvalidInput
from warrantor.jobs.duties import DUTIES, Duty, schedule
from warrantor.services.jobs.schedule import is_due, next_run

NOW = datetime(2026, 11, 23, 12, 0, 7, tzinfo=UTC)


def test_a_six_field_line_counts_seconds_last() -> None:
    assert next_run("* * * * * */10", NOW) == datetime(2026, 11, 23, 12, 0, 10, tzinfo=UTC)


def test_a_daily_duty_is_due_once_its_next_instant_has_come() -> None:
    ran_yesterday = datetime(2026, 11, 22, 1, 15, tzinfo=UTC)

    assert is_due("15 1 * * *", None, NOW)
    assert is_due("15 1 * * *", ran_yesterday, NOW)
    assert not is_due("15 1 * * *", NOW, NOW)
    assert next_run("15 1 * * *", NOW) == datetime(2026, 11, 24, 1, 15, tzinfo=UTC)


def test_a_duty_with_a_line_that_is_not_cron_is_refused_naming_it() -> None:
    with pytest.raises(InvalidInput) as refused:
        Duty("nightly", "every night", "nothing", lambda context, at: "")

    assert [p.field for p in refused.value.problems] == ["duties.nightly.cron"]


def test_every_duty_is_declared_once_with_a_readable_schedule() -> None:
    names = [duty.name for duty in DUTIES]

    assert len(names) == len(set(names))
    assert list(schedule()) == names
    assert {
        "send_mail",
        "settle_balances",
        "escalate_late_rmas",
        "recompute_coverage",
        "observe",
        "clean_up",
    } == set(names)
