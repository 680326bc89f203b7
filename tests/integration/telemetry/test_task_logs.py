"""The worker logs each task it runs the way the app logs a request (issue #22): one line
with the task's name, its status and duration, on both engines; a failed task names its
error, and a duty that was not due logs nothing."""

from __future__ import annotations

import asyncio
import dataclasses
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from structlog.contextvars import merge_contextvars
from structlog.testing import capture_logs

from warrantor.bootstrap import Runtime
from warrantor.jobs.duties import DutyContext
from warrantor.jobs.polling import run_round
from warrantor.jobs.task_log import log_task, procrastinate_middleware
from warrantor.services.clock import FixedClock

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _run_on_own_loop(coroutine: Any) -> Any:
    """``asyncio.run`` on a thread of its own: in a whole run, the browser tests' Playwright
    keeps an event loop running on the main thread, where ``asyncio.run`` refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def tasks_logged(logs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {entry["task"]: entry for entry in logs if entry["event"] == "task"}


def test_a_polling_round_logs_each_duty_that_ran_once(runtime: Runtime) -> None:
    context = DutyContext(dataclasses.replace(runtime, clock=FixedClock(NOW)))
    with capture_logs(processors=[merge_contextvars]) as logs:
        first = run_round(context)
    with capture_logs(processors=[merge_contextvars]) as again:
        run_round(context)  # same instant: only the mail runs again

    lines = tasks_logged(logs)
    assert set(lines) == {"send_mail", *first.ran}
    assert "observe" in first.ran
    for line in lines.values():
        assert line["status"] == "ok"
        assert 0 <= line["duration_ms"] < 60_000
    assert set(tasks_logged(again)) == {"send_mail"}


def test_a_failed_task_is_logged_failed_with_its_error_and_still_raises() -> None:
    with (
        capture_logs(processors=[merge_contextvars]) as logs,
        pytest.raises(ZeroDivisionError),
        log_task("fragile", job_id=7),
    ):
        raise ZeroDivisionError

    (line,) = tasks_logged(logs).values()
    assert (line["task"], line["job_id"], line["status"]) == ("fragile", 7, "failed")
    assert line["error"] == "ZeroDivisionError"


def test_procrastinate_jobs_are_logged_with_their_id() -> None:
    job = SimpleNamespace(task_name="clean_up", id=41, attempts=0)

    async def run() -> str:
        return "done"

    with capture_logs(processors=[merge_contextvars]) as logs:
        result = _run_on_own_loop(procrastinate_middleware(run, SimpleNamespace(job=job), None))

    assert result == "done"
    (line,) = tasks_logged(logs).values()
    assert (line["task"], line["job_id"], line["status"]) == ("clean_up", 41, "ok")
