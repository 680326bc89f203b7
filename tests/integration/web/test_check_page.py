"""The public warranty check page: coverage and reasons, never owner data."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient

from warrantor.services.installed_base.coverage_projection import refresh_projections

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

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
    text = html.unescape(page.text)
    assert (
        "Covered until 31 January 2029 by the standard warranty of the TVS-ECx80U-SAS Series "
        "(5 years)." in text
    )
    assert "RECEIPT-77" not in page.text


def test_the_answer_quotes_each_clause_once_without_table_cells_or_internal_notes(
    client: TestClient, add_units: Any
) -> None:
    add_units([UNIT])
    text = html.unescape(client.get("/check", params={"serial": "QPAGE0001"}).text)
    decided = text.split("Why: what the policy says", 1)[1]
    assert "The published warranty table's row for TVS-ECx80U-SAS Series" in decided
    assert "inclusive None" not in text and "5 Years, with 3-year" not in text  # no cells
    assert "FACTS.md" not in text and "DESIGN.md" not in text and "inferred:" not in text
    assert text.count("(qnap.table.ecx80u-sas") == 1


def test_every_coverage_row_agrees_with_a_void_verdict(
    client: TestClient, add_units: Any, uow_factory: Any, policy_book: Any
) -> None:
    add_units([UNIT | {"serial": "QPAGEVOID"}])
    with uow_factory() as uow:  # a finding recorded as the inspection records it
        unit_id = uow.units.id_of("QNAP", "QPAGEVOID")
        uow.units.add_finding(unit_id, "label_altered", "tech", NOW)
        refresh_projections(uow, policy_book, [unit_id])
    text = html.unescape(client.get("/check", params={"serial": "QPAGEVOID"}).text)
    assert "Not covered on" in text and "the warranty is void" in text
    rows = text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "Applies" not in rows and "In force" not in rows
    assert "Doesn't count: the warranty is void" in rows


def test_an_htmx_request_gets_only_the_answer_fragment(client: TestClient, add_units: Any) -> None:
    add_units([UNIT])
    fragment = client.get(
        "/check", params={"serial": "QPAGE0001", "on": "2026-01-01"}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert "Covered until 31 January 2029" in fragment.text


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


def test_what_the_answer_still_needs_is_in_the_readers_language(
    client: TestClient, add_units: Any
) -> None:
    """Issue #26, item 1: the policy's 'what we still need' sentences are translated."""
    unproven = UNIT | {"serial": "QPAGE0002", "proof_of_purchase": "", "manufactured_on": ""}
    add_units([unproven])
    asked = {"serial": "QPAGE0002", "brand": "QNAP", "on": "2026-01-01"}
    english = html.unescape(client.get("/check", params=asked).text)
    assert "<li>a proof of purchase showing the purchase date</li>" in english
    german = html.unescape(
        client.get("/check", params=asked, headers={"Accept-Language": "de"}).text
    )
    assert "<h3>Was wir noch brauchen</h3>" in german
    assert "<li>einen Kaufnachweis mit dem Kaufdatum</li>" in german
    chinese = client.get("/check", params=asked, headers={"Accept-Language": "zh-CN"}).text
    assert "<li>显示购买日期的购买凭证</li>" in html.unescape(chinese)


def test_what_cannot_be_decided_is_in_the_readers_language(
    client: TestClient, add_units: Any, uow_factory: Any, policy_book: Any
) -> None:
    """Issue #26, item 1: a finding on the unit the policy doesn't know decides nothing, and the
    page says why in the reader's language (the finding and the known ones as recorded)."""
    add_units([UNIT | {"serial": "QPAGEODD"}])
    with uow_factory() as uow:
        unit_id = uow.units.id_of("QNAP", "QPAGEODD")
        uow.units.add_finding(unit_id, "exploded", "tech", NOW)
        refresh_projections(uow, policy_book, [unit_id])
    asked = {"serial": "QPAGEODD", "brand": "QNAP", "on": "2026-01-01"}
    english = html.unescape(client.get("/check", params=asked).text)
    assert "<li>unknown inspection finding 'exploded' for QNAP (known: " in english
    german = html.unescape(
        client.get("/check", params=asked, headers={"Accept-Language": "de"}).text
    )
    assert "<li>unbekannter Prüfbefund 'exploded' für QNAP (bekannt: " in german
    chinese = client.get("/check", params=asked, headers={"Accept-Language": "zh-CN"}).text
    assert "<li>QNAP 的未知检测结果 'exploded'（已知：" in html.unescape(chinese)
    assert "unknown inspection finding" not in html.unescape(chinese)
