"""``/metrics`` (issue #22): the named metrics, counted where things happen; the figures the
``observe`` duty stored (a scrape reads rows, never scans); restricted to given addresses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from rma_desk_support import AGENT, ANN, NOW, request, seed
from sqlalchemy import insert, update

from rma_desk_steps import validate_after_first_contact
from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.services.jobs.observe import observe
from warrantor.services.rma.opening import open_rma
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.settings import Settings
from warrantor.store.tables_outbox import outbox
from warrantor.store.tables_rma import rmas
from warrantor.telemetry.metrics import Figure, exposition

UNIT = {
    "brand": "QNAP",
    "serial": "Q21MET001",
    "model": "TS-453 Pro",
    "manufactured_on": "2024-03-01",
    "first_invoiced_on": "2024-04-10",
    "purchased_on": "2024-05-02",
    "proof_of_purchase": "INV-MET-1",
    "country_of_purchase": "US",
    "channel": "retail",
}


def scrape(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = client.get("/metrics")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
    }


def test_a_check_is_counted_by_outcome_and_determining_clause_and_timed_by_route(
    client: TestClient, add_units: Any
) -> None:
    add_units([UNIT])
    answer = client.get("/api/v1/units/QNAP/Q21MET001/coverage", params={"on": "2026-05-01"})
    clause = answer.json()["determining"][0]
    before = scrape(client)

    answer = client.get("/api/v1/units/QNAP/Q21MET001/coverage", params={"on": "2026-05-01"})
    after = scrape(client)

    assert answer.status_code == 200
    counted = {
        key: after[key] - before.get(key, 0.0)
        for key in after
        if key[0] == "warrantor_decisions_total" and after[key] != before.get(key, 0.0)
    }
    ((_, labels),) = counted
    assert dict(labels)["outcome"] == "covered"
    assert dict(labels)["brand"] == "QNAP"
    assert dict(labels)["clause"] == clause
    route = "/api/v1/units/{brand}/{serial}/coverage"
    timed = ("warrantor_http_request_duration_seconds_count",)
    key = (*timed, (("method", "GET"), ("route", route), ("status", "200")))
    assert after[key] - before[key] == 1


def test_an_import_counts_its_rows_by_result(client: TestClient, add_units: Any) -> None:
    before = REGISTRY.get_sample_value("warrantor_import_rows_total", {"result": "inserted"})
    add_units([UNIT, {**UNIT, "serial": "Q21MET002"}])

    after = scrape(client)

    assert after[("warrantor_import_rows_total", (("result", "inserted"),))] - (before or 0) == 2


def test_the_observe_duty_stores_queue_figures_and_a_scrape_reads_them(
    client: TestClient, uow_factory: UnitOfWorkFactory
) -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    waiting_since = datetime(2026, 11, 23, 11, 58, tzinfo=UTC)
    with uow_factory() as uow:
        uow.connection.execute(
            insert(outbox),
            [
                {
                    "topic": "test",
                    "reference": f"r{n}",
                    "to_address": "someone@example.com",
                    "subject": "s",
                    "body": "b",
                    "status": "pending",
                    "attempts": 0,
                    "created_at": waiting_since,
                    "next_attempt_at": waiting_since,
                }
                for n in range(3)
            ],
        )

    summary = observe(uow_factory, now)
    figures = scrape(client)

    assert "queues: mail 3" in summary
    assert figures[("warrantor_job_queue_depth", (("queue", "mail"),))] == 3
    assert figures[("warrantor_job_queue_oldest_age_seconds", (("queue", "mail"),))] == 120
    assert figures[("warrantor_observed_at_timestamp_seconds", ())] == now.timestamp()
    assert figures[("warrantor_stored_figures_readable", ())] == 1


def test_late_rmas_are_counted_per_centre_by_the_duty_not_by_the_scrape(
    client: TestClient, uow_factory: UnitOfWorkFactory, add_units: Any, policy_book: Any
) -> None:
    seed(uow_factory, add_units)
    rma = open_rma(uow_factory, policy_book, ANN, request(), NOW)
    validate_after_first_contact(uow_factory, policy_book, AGENT, rma.id, NOW + timedelta(hours=1))
    late_key = ("warrantor_rmas_late", (("centre", rma.service_point or "none"),))
    later = NOW + timedelta(days=10)

    observe(uow_factory, NOW + timedelta(days=1))  # the RMA number is not due yet
    on_time = scrape(client)
    observe(uow_factory, later)
    stored = scrape(client)
    with uow_factory() as uow:  # the number's due date moves: the scrape still shows the
        uow.connection.execute(update(rmas).values(number_due_at=later + timedelta(days=9)))
    unchanged = scrape(client)  # stored figure, not a scan
    observe(uow_factory, later)
    after_the_duty = scrape(client)

    assert late_key not in on_time
    assert stored[late_key] == 1
    assert unchanged[late_key] == 1
    assert late_key not in after_the_duty


def test_metrics_refuse_an_address_not_allowed(runtime: Runtime, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", metrics_allowed="10.0.0.0/8, ::1")
    limited = Runtime(
        settings=settings,
        uow_factory=runtime.uow_factory,
        book=runtime.book,
        clock=runtime.clock,
        keyring=runtime.keyring,
    )
    app = create_app(limited)

    with TestClient(app, client=("192.0.2.7", 5000)) as outsider:
        refused = outsider.get("/metrics")
    with TestClient(app, client=("10.1.2.3", 5000)) as scraper:
        allowed = scraper.get("/metrics")

    assert refused.status_code == 403
    assert "WARRANTOR_METRICS_ALLOWED" in refused.json()["error"]["message"]
    assert allowed.status_code == 200
    assert "warrantor_http_request_duration_seconds" in allowed.text


def test_the_allowed_addresses_are_validated_naming_the_setting() -> None:
    with pytest.raises(ValueError, match="WARRANTOR_METRICS_ALLOWED: 'ten' is not an IP"):
        Settings(metrics_allowed="10.0.0.1,ten")


def test_a_scrape_without_its_stored_figures_still_shows_the_process() -> None:
    def unreachable() -> list[Figure]:
        raise ConnectionError("the database is down")

    text = exposition(unreachable).decode()

    assert "warrantor_stored_figures_readable 0.0" in text
    assert "warrantor_http_request_duration_seconds" in text
