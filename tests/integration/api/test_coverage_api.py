"""GET /api/v1/.../coverage: is this serial covered on day D, until when, and why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

SOURCES = Path(__file__).resolve().parents[3] / "policies" / "sources"


def _source_text(name: str) -> str:
    return " ".join((SOURCES / name).read_text(encoding="utf-8").split())


QNAP_UNIT = {
    "brand": "QNAP",
    "serial": "Q21A00001",
    "model": "TS-453 Pro",
    "manufactured_on": "2024-03-01",
    "first_invoiced_on": "2024-04-10",
    "purchased_on": "2024-05-02",
    "proof_of_purchase": "INV-2024-0502",
    "country_of_purchase": "US",
    "channel": "retail",
}


@pytest.fixture
def qnap_unit(add_units: Any) -> dict[str, str]:
    add_units([QNAP_UNIT])
    return QNAP_UNIT


def test_a_two_year_series_is_covered_until_the_day_before_the_second_anniversary(
    client: TestClient, qnap_unit: dict[str, str]
) -> None:
    response = client.get("/api/v1/units/QNAP/Q21A00001/coverage", params={"on": "2026-05-01"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["covered"] is True
    assert body["product_line"] == "TS-x53"
    standard = [c for c in body["coverages"] if c["kind"] == "standard"]
    assert [(c["starts_on"], c["ends_on"]) for c in standard] == [("2024-05-02", "2026-05-01")]
    assert body["covered_until"] == "2026-05-01"


def test_the_day_after_the_term_is_not_covered(
    client: TestClient, qnap_unit: dict[str, str]
) -> None:
    response = client.get("/api/v1/units/qnap/q21a00001/coverage", params={"on": "2026-05-02"})
    assert response.status_code == 200, response.text
    assert response.json()["covered"] is False
    assert response.json()["covered_until"] is None


def test_every_reason_quotes_the_policy_text_verbatim(
    client: TestClient, qnap_unit: dict[str, str]
) -> None:
    body = client.get("/api/v1/units/QNAP/Q21A00001/coverage?on=2025-01-01").json()
    source = _source_text("qnap-extended-warranty.txt") + " " + _source_text("FACTS.md")
    assert body["reasons"], "a decision must cite the clauses it rests on"
    for reason in body["reasons"]:
        assert reason["clause_id"]
        assert " ".join(reason["text"].split()) in source, reason


def test_an_expired_unit_is_decided_by_the_expiry_and_supported_by_its_term(
    client: TestClient, qnap_unit: dict[str, str]
) -> None:
    body = client.get("/api/v1/units/QNAP/Q21A00001/coverage?on=2026-05-02").json()

    standard = body["coverages"][0]["clause_ids"]
    assert body["determining"] and not set(body["determining"]) & set(standard)
    assert set(standard) <= set(body["supporting"])
    roles = {r["clause_id"]: r["role"] for r in body["reasons"]}
    assert {roles[c] for c in body["determining"]} == {"determining"}


def test_a_unit_checked_without_a_date_is_checked_today(
    client: TestClient, qnap_unit: dict[str, str]
) -> None:
    body = client.get("/api/v1/units/QNAP/Q21A00001/coverage").json()
    assert body["on"] == "2026-11-23"
    assert body["covered"] is False  # the two-year term ended on 2026-05-01


def test_an_unknown_serial_is_404_naming_it(client: TestClient) -> None:
    response = client.get("/api/v1/units/QNAP/NOSUCH123/coverage")
    assert response.status_code == 404
    assert "NOSUCH123" in response.json()["error"]["message"]


def test_an_unknown_brand_is_404_naming_it(client: TestClient) -> None:
    response = client.get("/api/v1/units/Acme/Q21A00001/coverage")
    assert response.status_code == 404
    assert "Acme" in response.json()["error"]["message"]


def test_a_malformed_serial_is_422_naming_the_field(client: TestClient) -> None:
    response = client.get("/api/v1/units/QNAP/bad%20serial!/coverage")
    assert response.status_code == 422
    error = response.json()["error"]
    assert [p["field"] for p in error["problems"]] == ["serial"]


def test_a_malformed_date_is_422_naming_the_field(
    client: TestClient, qnap_unit: dict[str, str]
) -> None:
    response = client.get("/api/v1/units/QNAP/Q21A00001/coverage", params={"on": "2026-13-01"})
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["error"]["problems"]] == ["on"]


def test_a_serial_alone_resolves_when_one_brand_holds_it(
    client: TestClient, qnap_unit: dict[str, str]
) -> None:
    response = client.get("/api/v1/coverage", params={"serial": "q21a00001", "on": "2025-01-01"})
    assert response.status_code == 200, response.text
    assert response.json()["brand"] == "QNAP"


def test_a_serial_two_brands_hold_is_ambiguous_and_lists_them(
    client: TestClient, add_units: Any
) -> None:
    add_units(
        [
            {**QNAP_UNIT, "serial": "SAME0001"},
            {
                "brand": "Netac",
                "serial": "SAME0001",
                "model": "NV7000 2TB",
                "manufactured_on": "2025-01-05",
            },
        ]
    )
    response = client.get("/api/v1/coverage", params={"serial": "SAME0001"})
    assert response.status_code == 409
    assert response.json()["error"]["choices"] == ["Netac", "QNAP"]
    named = client.get("/api/v1/coverage", params={"serial": "SAME0001", "brand": "Netac"})
    assert named.status_code == 200 and named.json()["brand"] == "Netac"


def test_netac_without_proof_of_purchase_counts_from_manufacture_with_tbw_not_verified(
    client: TestClient, add_units: Any
) -> None:
    add_units(
        [
            {
                "brand": "Netac",
                "serial": "NTX0001",
                "model": "NV7000 2TB",
                "manufactured_on": "2025-03-10",
            }
        ]
    )
    body = client.get("/api/v1/units/Netac/NTX0001/coverage", params={"on": "2026-01-01"}).json()
    assert body["covered"] is True
    starts = {c["kind"]: c["starts_on"] for c in body["coverages"]}
    assert starts["standard"] == "2025-03-10"
    assert body["usage"]["status"] == "not verified"
    assert body["usage"]["limit_bytes"] > 0
    # Netac's own tables were lost: the figures used are the demo catalogue's, and say so
    assert any("Demo figures, not Netac's" in note for note in body["notes"])
    assert "demo figures" in body["facts_used"]["catalogue"]


def test_qnap_figures_come_from_the_text_and_carry_no_demo_note(
    client: TestClient, qnap_unit: dict[str, str]
) -> None:
    body = client.get("/api/v1/units/QNAP/Q21A00001/coverage?on=2025-01-01").json()
    assert body["notes"] == []


def test_qnap_without_proof_of_purchase_asks_for_it(client: TestClient, add_units: Any) -> None:
    add_units([{**QNAP_UNIT, "serial": "QNOPROOF1", "purchased_on": "", "proof_of_purchase": ""}])
    body = client.get("/api/v1/units/QNAP/QNOPROOF1/coverage", params={"on": "2025-01-01"}).json()
    assert body["outcome"] == "needs_information"
    assert body["missing"], "the answer must say what is missing"


def test_a_batch_answers_each_line_and_reports_errors_per_line(
    client: TestClient, qnap_unit: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/coverage/batch",
        json={
            "on": "2025-01-01",
            "items": [
                {"serial": "Q21A00001"},
                {"serial": "NOSUCH123"},
                {"serial": "bad serial!"},
            ],
        },
    )
    assert response.status_code == 200, response.text
    lines = response.json()
    assert [line["index"] for line in lines] == [0, 1, 2]
    assert lines[0]["answer"]["covered"] is True
    assert lines[1]["error"]["type"] == "not_found"
    assert lines[2]["error"]["type"] == "invalid_input"
