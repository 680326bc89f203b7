"""The request log's logger is bound once (``SteadyLogger``), yet logs exactly what a fresh
``get_logger`` would: inside ``capture_logs`` and after logging is configured anew."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest
import structlog
from structlog.testing import capture_logs

from warrantor.telemetry.logs import (
    LogFormat,
    SteadyLogger,
    bind_contextvars,
    clear_contextvars,
    configure_logging,
)


def test_a_steady_logger_follows_capture_and_a_new_configuration(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    saved = (structlog.get_config(), root.handlers[:], root.level)
    log = SteadyLogger("warrantor.requests")
    try:
        configure_logging("json")
        log.info("request", status=200)
        with capture_logs() as captured:
            log.info("request", status=201)
        configure_logging("json")  # a new processors list: the bound logger is stale
        with capture_logs() as again:
            log.info("request", status=202)
        log.info("request", status=203)
        err = capsys.readouterr().err
    finally:  # the rest of the session logs as it did
        structlog.configure(**saved[0])
        root.handlers, root.level = saved[1], saved[2]
    assert [(e["event"], e["status"]) for e in captured] == [("request", 201)]
    assert [(e["event"], e["status"]) for e in again] == [("request", 202)]
    lines = [json.loads(text) for text in err.splitlines() if text.strip()]
    assert [(line["logger"], line["status"]) for line in lines] == [
        ("warrantor.requests", 200),
        ("warrantor.requests", 203),
    ]


TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z")


@pytest.mark.parametrize("log_format", ["json", "console"])
def test_the_direct_line_is_the_line_logging_writes(
    log_format: LogFormat, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``configure_logging`` leaves it, a steady logger writes its line itself (no
    ``LogRecord``); with anything else on the way (here a second handler) it goes through
    logging. Both write the same text, but for the time."""
    records = []
    make_record = logging.Logger.makeRecord

    def counted(self: logging.Logger, *args: Any, **kwargs: Any) -> logging.LogRecord:
        records.append(args[0])
        return make_record(self, *args, **kwargs)

    monkeypatch.setattr(logging.Logger, "makeRecord", counted)
    root = logging.getLogger()
    saved = (structlog.get_config(), root.handlers[:], root.level)
    log = SteadyLogger("warrantor.requests")
    fields = {"method": "GET", "path": "/api/v1/units/QNAP/Ü 1", "status": 200, "ms": 1.5}
    try:
        configure_logging(log_format)
        bind_contextvars(request_id="req-7")
        log.info("request", **fields)
        direct, direct_records = capsys.readouterr().err, len(records)
        root.addHandler(logging.NullHandler())
        log.info("request", **fields)
        usual, usual_records = capsys.readouterr().err, len(records) - direct_records
    finally:  # the rest of the session logs as it did
        clear_contextvars()
        structlog.configure(**saved[0])
        root.handlers, root.level = saved[1], saved[2]
    assert (direct_records, usual_records) == (0, 1)
    assert TIMESTAMP.search(direct) and TIMESTAMP.search(usual)
    assert TIMESTAMP.sub("T", direct) == TIMESTAMP.sub("T", usual)
    assert "req-7" in direct and "QNAP" in direct


def test_a_filter_or_a_lower_level_sends_the_line_the_usual_way(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    saved = (structlog.get_config(), root.handlers[:], root.level)
    log = SteadyLogger("warrantor.requests")
    try:
        configure_logging("json", level="WARNING")
        log.info("request", status=200)  # below the level: not written either way
        configure_logging("json")
        root.handlers[0].addFilter(lambda record: False)
        log.info("request", status=201)  # the handler's filter drops it
        err = capsys.readouterr().err
    finally:
        structlog.configure(**saved[0])
        root.handlers, root.level = saved[1], saved[2]
    assert err == ""
