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
    global _installed
    _installed = _Installed(structlog.get_config(), handler, formatter)
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

    def emit_text(self, text: str) -> None:
        """Write one formatted line as ``emit`` does (call it holding the handler's lock)."""
        self.stream = sys.stderr
        self.stream.write(text + self.terminator)
        self.flush()


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


class _Installed:
    """What ``configure_logging`` set up, kept to tell whether it is still what writes a
    line (``SteadyLogger``'s direct path): structlog's configuration (its processors list,
    by identity and contents: ``capture_logs`` changes the list in place), the handler on
    the root logger and its formatter's processors."""

    def __init__(
        self,
        config: dict[str, Any],
        handler: logging.Handler,
        formatter: structlog.stdlib.ProcessorFormatter,
    ) -> None:
        self.config = config
        self.processors: list[Processor] = config["processors"]
        self.contents = tuple(self.processors)
        self.handler = handler
        self.formatter = formatter
        self.rendered_by = formatter.processors
        self.rendering = tuple(formatter.processors)
        wrap = structlog.stdlib.ProcessorFormatter.wrap_for_formatter
        remove = structlog.stdlib.ProcessorFormatter.remove_processors_meta
        self.usable = (
            bool(self.contents)
            and self.contents[-1] is wrap
            and bool(self.rendering)
            and self.rendering[0] is remove
            and formatter.logger is None
        )

    def in_force(self, config: dict[str, Any]) -> bool:
        """Whether structlog is configured as ``configure_logging`` left it."""
        processors = config["processors"]
        return (
            self.usable
            and processors is self.processors
            and len(processors) == len(self.contents)
            and all(a is b for a, b in zip(processors, self.contents, strict=True))
            and config["wrapper_class"] is self.config["wrapper_class"]
            and config["logger_factory"] is self.config["logger_factory"]
            and config["context_class"] is self.config["context_class"]
            and self.formatter.processors is self.rendered_by
            and len(self.rendered_by) == len(self.rendering)
        )


_installed: _Installed | None = None
"""Set by ``configure_logging``."""


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
        self._logger = logging.getLogger(name)

    def info(self, event: str, **fields: Any) -> None:
        """Log ``event`` with ``fields`` at INFO, as ``get_logger(name).info`` would.

        When the logging in force is the one ``configure_logging`` set up (structlog's
        processors and the one handler on the root logger, nothing added between), the
        line is rendered and written directly: the same processors, in the same order,
        on the same event dict, the same text to the same stream under the handler's
        lock, without the standard library's two ``LogRecord``s, its caller lookup and
        its handler walk (about three quarters of a request line's time, and a request
        line is written on every request: docs/benchmarks.md). Otherwise (a test's
        ``capture_logs``, pytest's log capture, another handler or filter) it goes the
        usual way."""
        handler = self._direct_handler()
        if handler is None:
            self.bound().info(event, **fields)
            return
        installed = _installed
        assert installed is not None
        logger = self._logger
        event_dict: Any = dict(fields)
        event_dict["event"] = event
        try:
            for processor in installed.contents[:-1]:  # the last hands over to logging
                event_dict = processor(logger, "info", event_dict)
            for processor in installed.rendering[1:]:  # the first removes its own keys
                event_dict = processor(logger, "info", event_dict)
        except structlog.DropEvent:
            return
        handler.acquire()
        try:
            handler.emit_text(str(event_dict))
        except Exception:
            handler.handleError(
                logger.makeRecord(logger.name, logging.INFO, "", 0, event, (), None)
            )
        finally:
            handler.release()

    def _direct_handler(self) -> _StandardError | None:
        """The handler ``configure_logging`` installed, when a line logged on this logger at
        INFO would reach it alone, unfiltered, formatted by its formatter; else ``None``."""
        installed = _installed
        if installed is None or not installed.in_force(structlog.get_config()):
            return None
        handler = installed.handler
        logger: logging.Logger | None = self._logger
        root = logging.getLogger()
        if (
            not isinstance(handler, _StandardError)
            or len(root.handlers) != 1
            or root.handlers[0] is not handler
            or handler.filters
            or handler.level > logging.INFO
            or handler.formatter is not installed.formatter
            or not self._logger.isEnabledFor(logging.INFO)
            or self._logger.disabled
            or self._logger.filters
        ):
            return None
        while logger is not None and logger is not root:
            if logger.handlers or not logger.propagate:
                return None
            logger = logger.parent
        return handler

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
