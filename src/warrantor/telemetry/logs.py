"""Structured logs (structlog): one event per line, JSON for machines, readable on a terminal.

``configure_logging`` is called once by each process that serves or works
(the app factory, ``warrantor worker``). After it:

- ``get_logger(name)`` gives a structlog logger; values bound with
  ``bind_contextvars`` (the request id, the task) join every line logged in
  that request or task;
- the standard library's ``logging`` (``warrantor.reads``, uvicorn, Procrastinate)
  goes through the same renderer, so a log collector reads one format;
- the format is ``json`` (one object a line, for files and collectors),
  ``console`` (aligned, coloured) or ``auto``: console when standard error is a
  terminal, JSON otherwise.
"""

from __future__ import annotations

import logging
import sys
from typing import Any, Literal

import structlog
from structlog.contextvars import bind_contextvars, clear_contextvars, merge_contextvars
from structlog.typing import Processor

LogFormat = Literal["auto", "json", "console"]

__all__ = [
    "LogFormat",
    "SteadyLogger",
    "bind_contextvars",
    "clear_contextvars",
    "configure_logging",
    "get_logger",
]

_SHARED: list[Processor] = [
    merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.processors.StackInfoRenderer(),
]


def _renderer(log_format: LogFormat) -> Processor:
    console = log_format == "console" or (log_format == "auto" and sys.stderr.isatty())
    if console:
        return structlog.dev.ConsoleRenderer()
    return structlog.processors.JSONRenderer()


def configure_logging(log_format: LogFormat = "auto", level: str = "INFO") -> None:
    """Send structlog and the standard library's logging to standard error in one format."""
    renderer = _renderer(log_format)
    structlog.configure(
        processors=[
            *_SHARED,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,  # structlog.testing.capture_logs needs it off
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = _StandardError()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for noisy in ("uvicorn.access",):  # the app logs each request itself, with more
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for server in ("uvicorn", "uvicorn.error"):
        logging.getLogger(server).handlers = []
        logging.getLogger(server).propagate = True


class _StandardError(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a line is logged (a test runner may swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def get_logger(name: str) -> Any:
    """A structlog logger named ``name`` (``warrantor.requests``, ``warrantor.tasks``).

    Before ``configure_logging`` (a one-shot CLI command, a library user) its lines go
    to the standard library's logging as it is set up, which by default shows warnings
    only: never to standard output, where a command's own answer goes."""
    if not structlog.is_configured():
        structlog.configure(
            processors=[*_SHARED, structlog.stdlib.render_to_log_kwargs],
            logger_factory=structlog.stdlib.LoggerFactory(),
            wrapper_class=structlog.stdlib.BoundLogger,
        )
    return structlog.stdlib.get_logger(name)


class SteadyLogger:
    """``get_logger(name)`` for a line logged on every request: bound once, and again only
    when structlog is configured anew. The logger ``get_logger`` gives is bound afresh on
    every call (``cache_logger_on_first_use`` stays off, so that a later ``configure``
    reaches loggers made before it), which costs about a tenth of the request log's time
    (docs/benchmarks.md). This one compares what a bound logger keeps (the processors list,
    wrapper class, logger factory and context class, by identity) with the configuration
    in force before each line, so it logs exactly what ``get_logger``'s would: after
    ``configure_logging`` again, and inside ``structlog.testing.capture_logs`` (which
    changes the processors list in place)."""

    def __init__(self, name: str) -> None:
        self._proxy = get_logger(name)
        self._bound: Any = None
        self._kept: tuple[object, ...] = ()

    def info(self, event: str, **fields: Any) -> None:
        self.bound().info(event, **fields)

    def bound(self) -> Any:
        """The bound logger for the configuration in force (log on it directly: one call
        less on the hot path)."""
        config = structlog.get_config()
        kept = (
            config["processors"],
            config["wrapper_class"],
            config["logger_factory"],
            config["context_class"],
        )
        if self._bound is None or any(a is not b for a, b in zip(kept, self._kept, strict=True)):
            self._bound = self._proxy.bind()
            self._kept = kept
        return self._bound
