"""One structured log line per task the worker runs (issue #22), as a request gets one.

``log_task`` wraps a duty's run: it binds the task's name (and the job's id on
Procrastinate) to the log context, so every line the duty logs carries them,
opens a ``task <name>`` span when tracing is on, and when the run ends logs
``task`` on ``warrantor.tasks`` with its status (``ok`` or ``failed``, with the
error's type), its duration and, when tracing is on, the trace id.
``procrastinate_middleware`` is the same for Procrastinate's worker; the
polling loop calls ``log_task`` itself.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from warrantor.telemetry.logs import bind_contextvars, clear_contextvars, get_logger
from warrantor.telemetry.tracing import current_trace_id, span

log = get_logger("warrantor.tasks")


@contextmanager
def log_task(task: str, **ids: Any) -> Iterator[None]:
    """Log the run of ``task`` inside this block; ``ids`` (``job_id=``) join each line."""
    clear_contextvars()
    bind_contextvars(task=task, **ids)
    started = time.perf_counter()
    fields: dict[str, Any] = {"status": "ok"}
    try:
        with span(f"task {task}", task=task):
            trace_id = current_trace_id()
            if trace_id is not None:
                fields["trace_id"] = trace_id
            yield
    except BaseException as error:
        fields.update(status="failed", error=type(error).__name__)
        raise
    finally:
        fields["duration_ms"] = round((time.perf_counter() - started) * 1000, 3)
        log.info("task", **fields)
        clear_contextvars()


async def procrastinate_middleware(
    call_next: Callable[[], Awaitable[Any]], context: Any, worker: Any
) -> Any:
    """A Procrastinate worker middleware: ``log_task`` around every job the worker runs."""
    job = context.job
    with log_task(job.task_name, job_id=job.id, attempts=job.attempts):
        return await call_next()
