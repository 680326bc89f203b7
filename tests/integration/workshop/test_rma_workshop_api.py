"""The workshop over HTTP: inspection, SMART upload, decision, quote, parts, replace, finish,
and the unit's service history."""

from __future__ import annotations

from typing import Any

from workshop_support import FIXTURES, NETAC_UNIT, QNAP_UNIT, TECHNICIAN, Workshop, customer

API = "/api/v1"


def test_a_covered_repair_end_to_end_over_the_api(workshop: Workshop, client_as: Any) -> None:
    rma = workshop.rma(QNAP_UNIT)
    tech = client_as(TECHNICIAN)
    base = f"{API}/rmas/{rma.number}"

    found = tech.post(f"{base}/inspection/findings", json={"findings": ["human_error"]})
    assert found.status_code == 200, found.text
    assert found.json()["state"] == "inspecting"
    assert [f["finding"] for f in found.json()["findings"]] == ["human_error"]

    decided = tech.post(f"{base}/decision", json={"part_claimed": "fan"})
    assert decided.status_code == 200, decided.text
    assert decided.json()["state"] == "repairing"
    assert decided.json()["decision"]["outcome"] == "covered"
    claim = decided.json()["decision"]
    assert "qnap.table.2-year" in claim["clause_ids"]
    assert "qnap.table.2-year" in claim["determining"]
    assert claim["supporting"] and not set(claim["supporting"]) & set(claim["determining"])
    assert {r["role"] for r in claim["reasons"]} == {"determining", "supporting"}

    parts = tech.post(f"{base}/parts", json={"parts": [{"part": "fan", "part_number": "F-1"}]})
    assert parts.status_code == 200, parts.text
    assert parts.json()[0]["removed_part_owner"] == "maker"

    finished = tech.post(f"{base}/finish", json={})
    assert finished.status_code == 200, finished.text
    body = finished.json()
    assert body["state"] == "ready_to_ship"
    assert [(c["part"], c["ends_on"], c["fixed"]) for c in body["repair_coverages"]] == [
        ("fan", "2027-05-31", False)
    ]

    shown = client_as(customer("CUST-A")).get(f"{base}/workshop")
    assert shown.status_code == 200
    assert shown.json()["decision"]["reasons"][0]["text"]


def test_an_unknown_finding_is_a_422_naming_it(workshop: Workshop, client_as: Any) -> None:
    rma = workshop.rma(QNAP_UNIT)

    answer = client_as(TECHNICIAN).post(
        f"{API}/rmas/{rma.number}/inspection/findings", json={"findings": ["spilled_tea"]}
    )

    assert answer.status_code == 422
    problem = answer.json()["error"]["problems"][0]
    assert problem["field"] == "findings" and "spilled_tea" in problem["message"]


def test_a_smart_upload_is_read_and_an_unreadable_one_flags_the_rma(
    workshop: Workshop, client_as: Any
) -> None:
    rma = workshop.rma(NETAC_UNIT, service_country="CN")
    tech = client_as(TECHNICIAN)
    url = f"{API}/rmas/{rma.number}/inspection/smart"
    fixture = "smartctl_exporter__sat-Phison_Driven_SSDs-KINGSTON_SA400M8120G-sda.json"

    refused = tech.post(url, files={"file": ("a.txt", b"not json at all", "text/plain")})
    assert refused.status_code == 422
    assert refused.json()["error"]["problems"][0]["field"] == "file"
    assert workshop.get(rma.id).needs_attention
    assert workshop.get(rma.id).state == "received"

    read = tech.post(url, files={"file": (fixture, (FIXTURES / fixture).read_bytes())})
    assert read.status_code == 200, read.text
    assert read.json()["drive_bytes_written"] == 398 * 1024**3
    assert read.json()["serial_matches"] is False  # REDACTED in the sample


def test_a_paid_quote_is_answered_by_the_customer_over_the_api(
    workshop: Workshop, client_as: Any
) -> None:
    rma = workshop.rma(QNAP_UNIT)
    tech = client_as(TECHNICIAN)
    base = f"{API}/rmas/{rma.number}"
    tech.post(f"{base}/inspection/findings", json={"findings": ["mishandled"]})

    missing = tech.post(f"{base}/decision", json={})
    assert missing.status_code == 422
    assert missing.json()["error"]["problems"][0]["field"] == "quote_amount_minor"

    quoted = tech.post(
        f"{base}/decision", json={"quote_amount_minor": 8900, "quote_currency": "USD"}
    )
    assert quoted.json()["state"] == "quote_pending"
    assert quoted.json()["quote"]["amount_minor"] == 8900

    assert client_as(customer("CUST-B")).post(f"{base}/quote/accept").status_code == 404
    declined = client_as(customer("CUST-A")).post(f"{base}/quote/decline")
    assert declined.status_code == 200, declined.text
    assert declined.json()["state"] == "ready_to_ship"


def test_replacement_and_service_history_over_the_api(workshop: Workshop, client_as: Any) -> None:
    rma = workshop.rma(QNAP_UNIT)
    tech = client_as(TECHNICIAN)
    base = f"{API}/rmas/{rma.number}"
    tech.post(f"{base}/inspection/findings", json={"findings": []})
    tech.post(f"{base}/decision", json={})

    replaced = tech.post(
        f"{base}/replacement", json={"serial": "Q23R00001", "condition": "reconditioned"}
    )
    assert replaced.status_code == 201, replaced.text
    tech.post(f"{base}/finish", json={})

    for serial in (QNAP_UNIT["serial"], "Q23R00001"):
        history = client_as(customer("CUST-A")).get(f"{API}/units/QNAP/{serial}/service-history")
        assert history.status_code == 200, history.text
        body = history.json()
        assert body["serials"] == [QNAP_UNIT["serial"], "Q23R00001"]
        assert [r["number"] for r in body["rmas"]] == [rma.number]
        assert body["rmas"][0]["decision"]["outcome"] == "covered"
        assert body["replacements"][0]["replacement_serial"] == "Q23R00001"
    other = client_as(customer("CUST-B")).get(f"{API}/units/QNAP/Q23R00001/service-history")
    assert other.status_code == 404


def test_a_customer_gets_403_for_workshop_steps(workshop: Workshop, client_as: Any) -> None:
    rma = workshop.rma(QNAP_UNIT)

    answer = client_as(customer("CUST-A")).post(f"{API}/rmas/{rma.number}/decision", json={})

    assert answer.status_code == 403


def test_a_customer_accepts_a_paid_repairs_quote_over_the_api(
    workshop: Workshop, client_as: Any
) -> None:
    rma = workshop.rma(QNAP_UNIT)
    tech = client_as(TECHNICIAN)
    base = f"{API}/rmas/{rma.number}"
    tech.post(f"{base}/inspection/findings", json={"findings": ["mishandled"]})
    tech.post(f"{base}/decision", json={"quote_amount_minor": 8900, "quote_currency": "USD"})

    accepted = client_as(customer("CUST-A")).post(f"{base}/quote/accept")

    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["state"] == "repairing"


def test_parts_are_refused_to_a_customer_and_unknown_for_an_rma_nobody_has(
    workshop: Workshop, client_as: Any
) -> None:
    rma = workshop.rma(QNAP_UNIT)
    body = {"parts": [{"part": "fan", "part_number": "F-1"}]}

    by_customer = client_as(customer("CUST-A")).post(f"{API}/rmas/{rma.number}/parts", json=body)
    unknown = client_as(TECHNICIAN).post(f"{API}/rmas/RMA-NOBODY/parts", json=body)

    assert by_customer.status_code == 403, by_customer.text
    assert unknown.status_code == 404, unknown.text
