"""POST /api/v1/coverage/batch as NDJSON: compact answers streamed from the projection (or
the full ones), one line per serial in order, and the batch counted once for N checks."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from warrantor.app import create_app
from warrantor.bootstrap import Runtime
from warrantor.services.access.rate_limit import RequestCount
from warrantor.services.installed_base import projected_answers
from warrantor.views.coverage_compact import CompactCoverage, CompactLine

NDJSON = {"accept": "application/x-ndjson"}
UNIT = {
    "brand": "QNAP",
    "serial": "QS0001",
    "model": "TS-453 Pro",
    "purchased_on": "2024-05-02",
    "proof_of_purchase": "INV-1",
    "country_of_purchase": "US",
}
BODY = {"on": "2025-01-01", "items": [{"serial": "QS0001"}, {"serial": "NOSUCH1"}]}


@pytest.fixture
def unit(add_units: Any) -> None:
    add_units([UNIT])


def lines(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/x-ndjson")
    return [json.loads(line) for line in response.text.splitlines()]


@pytest.mark.usefixtures("unit")
def test_the_compact_form_streams_one_line_per_serial_from_the_projection(
    client: TestClient,
) -> None:
    first, second = lines(client.post("/api/v1/coverage/batch", json=BODY, headers=NDJSON))

    CompactLine.model_validate(first)  # the documented shape
    answer = CompactCoverage.model_validate(first["answer"])
    assert (first["index"], second["index"]) == (0, 1)
    assert (answer.outcome.value, str(answer.covered_until)) == ("covered", "2026-05-01")
    assert answer.applies is not None and answer.applies.kind == "standard"
    # the stated table decides; the inferred start from KB 348 supports (issue 19, item 3)
    assert answer.determining == ["qnap.table.2-year"]
    assert (answer.answered_from, answer.projection) == ("projection", "current")
    assert "owner_data" not in first["answer"]
    assert second["answer"] is None and second["error"]["type"] == "not_found"


@pytest.mark.usefixtures("unit")
def test_the_full_form_streams_the_single_checks_answer(client: TestClient) -> None:
    first, second = lines(
        client.post("/api/v1/coverage/batch?form=full", json=BODY, headers=NDJSON)
    )
    single = client.get("/api/v1/units/QNAP/QS0001/coverage", params={"on": "2025-01-01"})

    assert first["answer"] == single.json()
    assert second["error"]["type"] == "not_found"


@pytest.mark.usefixtures("unit")
def test_without_ndjson_the_answer_is_still_one_json_list_of_full_answers(
    client: TestClient,
) -> None:
    response = client.post("/api/v1/coverage/batch", json=BODY)

    assert response.status_code == 200
    assert [line["answer"]["summary"] is not None for line in response.json()[:1]] == [True]


class CountingLimiter:
    """Records every count the app makes."""

    def __init__(self) -> None:
        self.counted: list[RequestCount] = []

    def hit(self, request: RequestCount) -> None:
        self.counted.append(request)


@pytest.mark.usefixtures("unit")
def test_a_batch_of_n_serials_is_counted_as_n_in_one_call(runtime: Runtime) -> None:
    limiter = CountingLimiter()
    body = {"items": [{"serial": f"QS{n:04d}"} for n in range(250)]}

    with TestClient(create_app(replace(runtime, limiter=limiter))) as client:
        answered = lines(client.post("/api/v1/coverage/batch", json=body, headers=NDJSON))

    assert len(answered) == 250
    assert [count.amount for count in limiter.counted] == [250]


@pytest.mark.usefixtures("unit")
def test_a_later_batch_takes_the_answers_an_earlier_one_worked_out(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[object] = []
    real = projected_answers.answer_on

    def counted(*args: Any) -> Any:
        made.append(args)
        return real(*args)

    monkeypatch.setattr(projected_answers, "answer_on", counted)
    first = lines(client.post("/api/v1/coverage/batch", json=BODY, headers=NDJSON))
    worked_out = len(made)
    again = lines(client.post("/api/v1/coverage/batch", json=BODY, headers=NDJSON))
    worked_out_again = len(made)
    other_day = {**BODY, "on": "2026-06-01"}
    later = lines(client.post("/api/v1/coverage/batch", json=other_day, headers=NDJSON))

    assert worked_out == 1  # the one unit's answer, from its stored projection
    assert again == first and worked_out_again == 1  # kept across batches, the same text
    assert len(made) == 2  # another day is another answer, not a stale one
    assert later[0]["answer"]["outcome"] == "not_covered"  # past 2026-05-01
