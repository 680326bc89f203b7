"""One structured log line per request (issue #22): its id (the client's X-Request-ID or
one made), the actor, the route template, the status and the duration, on both engines."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

import pytest
import structlog
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from structlog.contextvars import merge_contextvars
from structlog.testing import capture_logs

from warrantor.domain.actors import Actor, Role
from warrantor.services.access.tokens import create_token
from warrantor.services.access.users import NewUser, create_user
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.accounts import Account
from warrantor.telemetry.logs import configure_logging, get_logger
from warrantor.telemetry.metrics import REQUEST_SECONDS

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
UNIT = {
    "brand": "QNAP",
    "serial": "Q21LOG001",
    "model": "TS-453 Pro",
    "manufactured_on": "2024-03-01",
    "first_invoiced_on": "2024-04-10",
    "purchased_on": "2024-05-02",
    "proof_of_purchase": "INV-LOG-1",
    "country_of_purchase": "US",
    "channel": "retail",
}


CONTEXT = [merge_contextvars]
"""Production's first processor: what is bound for the request joins each line."""


def requests_logged(logs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [entry for entry in logs if entry["event"] == "request"]


def admin_token(uow_factory: UnitOfWorkFactory) -> tuple[int, str]:
    """A real admin and API token: the actor comes from the token, as in production."""
    with uow_factory() as uow:
        uow.accounts.upsert(Account("MAKER", "The maker", "admin"), NOW)
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    new = NewUser("ops@maker.example", "Ops", "admin", "MAKER", "a long password")
    user = create_user(uow_factory, Actor.operator(), new, NOW, hasher=weak)
    owner = Actor(role=Role(user.role), account_code="MAKER", user_id=user.id, name=user.name)
    return user.id, create_token(uow_factory, owner, "logs", NOW).secret


def test_a_request_logs_one_line_with_its_id_actor_route_status_and_duration(
    client: TestClient, add_units: Any, uow_factory: UnitOfWorkFactory
) -> None:
    add_units([UNIT])
    user_id, token = admin_token(uow_factory)

    with capture_logs(processors=CONTEXT) as logs:
        answer = client.get(
            "/api/v1/units/QNAP/Q21LOG001/coverage",
            headers={"X-Request-ID": "req-42.a", "Authorization": f"Bearer {token}"},
        )

    assert answer.status_code == 200, answer.text
    assert answer.headers["x-request-id"] == "req-42.a"
    (line,) = requests_logged(logs)
    assert line["request_id"] == "req-42.a"
    assert line["actor"] == f"admin:{user_id}"
    assert line["route"] == "/api/v1/units/{brand}/{serial}/coverage"
    assert line["path"] == "/api/v1/units/QNAP/Q21LOG001/coverage"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert 0 < line["duration_ms"] < 60_000
    assert "trace_id" not in line  # tracing is off by default


def test_without_a_usable_request_id_one_is_made_and_an_anonymous_miss_is_logged(
    client: TestClient,
) -> None:
    with capture_logs(processors=CONTEXT) as logs:
        answer = client.get(
            "/api/v1/units/QNAP/NO-SUCH-UNIT/coverage",
            headers={"X-Request-ID": "not a usable id\t" + "x" * 200},
        )

    assert answer.status_code == 404
    (line,) = requests_logged(logs)
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
    assert answer.headers["x-request-id"] == line["request_id"]
    assert (line["actor"], line["status"]) == ("anonymous", 404)
    assert line["route"] == "/api/v1/units/{brand}/{serial}/coverage"


def test_a_path_no_route_matches_is_logged_under_one_label(client: TestClient) -> None:
    with capture_logs(processors=CONTEXT) as logs:
        client.get("/no/such/page/123")

    (line,) = requests_logged(logs)
    assert (line["route"], line["status"]) == ("<unmatched>", 404)


def test_lines_are_json_off_a_terminal_and_carry_what_is_bound(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    saved = (structlog.get_config(), root.handlers[:], root.level)
    configure_logging("json")
    try:
        get_logger("warrantor.tasks").info("task", task="observe", status="ok")
        logging.getLogger("warrantor.reads").warning("reads go to the primary")
        err = capsys.readouterr().err
    finally:  # the rest of the session logs as it did
        structlog.configure(**saved[0])
        root.handlers, root.level = saved[1], saved[2]
    first, second = [json.loads(text) for text in err.splitlines() if text.strip()]
    assert (first["event"], first["task"], first["status"]) == ("task", "observe", "ok")
    assert first["logger"] == "warrantor.tasks"
    assert first["level"] == "info"
    assert first["timestamp"].endswith("Z")
    assert (second["event"], second["level"]) == ("reads go to the primary", "warning")


def test_a_made_up_method_is_timed_under_one_label_and_logged_as_sent(
    client: TestClient,
) -> None:
    with capture_logs(processors=CONTEXT) as logs:
        client.request("BREW", "/no/such/page/123")

    (line,) = requests_logged(logs)
    assert line["method"] == "BREW"
    labels = {
        sample.labels.get("method")
        for metric in REQUEST_SECONDS.collect()
        for sample in metric.samples
    }
    assert "OTHER" in labels
    assert "BREW" not in labels
