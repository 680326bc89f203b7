"""The public warranty check page: coverage and reasons, never owner data."""

from __future__ import annotations

import html
from typing import Any

from fastapi.testclient import TestClient

UNIT = {
    "brand": "QNAP",
    "serial": "QPAGE0001",
    "model": "TVS-EC1580MU-SAS-RP",
    "manufactured_on": "2024-01-05",
    "purchased_on": "2024-02-01",
    "proof_of_purchase": "RECEIPT-77",
    "country_of_purchase": "CA",
}


def test_the_form_lists_the_brands_with_labelled_fields(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<label for="serial">' in page.text
    assert '<option value="QNAP"' in page.text


def test_a_check_shows_the_answer_and_its_clauses_but_not_the_proof(
    client: TestClient, add_units: Any
) -> None:
    add_units([UNIT])
    page = client.get("/check", params={"serial": "qpage0001", "brand": "QNAP", "on": "2026-01-01"})
    assert page.status_code == 200
    assert "Covered on 2026-01-01" in page.text
    assert "TVS-ECx80U-SAS" in page.text or "TVS-EC1580MU-SAS-RP" in page.text
    assert "RECEIPT-77" not in page.text


def test_an_htmx_request_gets_only_the_answer_fragment(client: TestClient, add_units: Any) -> None:
    add_units([UNIT])
    fragment = client.get(
        "/check", params={"serial": "QPAGE0001", "on": "2026-01-01"}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "Covered on 2026-01-01" in fragment.text


def test_an_unknown_serial_says_so_on_the_page(client: TestClient) -> None:
    page = client.get("/check", params={"serial": "NOPE0001"})
    assert page.status_code == 404
    assert "NOPE0001" in page.text
    assert 'role="alert"' in page.text


def test_a_bad_date_names_the_field(client: TestClient, add_units: Any) -> None:
    add_units([UNIT])
    page = client.get("/check", params={"serial": "QPAGE0001", "on": "yesterday"})
    assert page.status_code == 422
    assert "'on' must be a date" in html.unescape(page.text)
