"""The request log's logger is bound once (``SteadyLogger``), yet logs exactly what a fresh
``get_logger`` would: inside ``capture_logs`` and after logging is configured anew."""

from __future__ import annotations

import json
import logging

import pytest
import structlog
from structlog.testing import capture_logs

from warrantor.telemetry.logs import SteadyLogger, configure_logging


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
