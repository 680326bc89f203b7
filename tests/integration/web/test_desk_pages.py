"""The service desk and the customer's RMA pages, driven through the real forms.

A customer asks for an RMA; an agent validates the documents and issues the
number; a technician receives the parcel, inspects, decides, repairs and
ships; the customer follows every step on the timeline. Another customer
can't open the RMA, and a customer can't open the desk.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from portal_support import (
    AGENT,
    ANN,
    BOB,
    NOW,
    TECH,
    add_accounts,
    app_at,
    field_error,
    summary_links,
    validate_on_desk,
)

from warrantor.services.installed_base.registration import Claim, register_my_unit

SMART = Path(__file__).resolve().parents[2] / "fixtures" / "smartctl"
UNIT = {"brand": "QNAP", "serial": "QDESK0001", "model": "TS-453 Pro",
        "manufactured_on": "2025-09-01", "country_of_purchase": "US"}  # fmt: skip
SSD = {"brand": "Netac", "serial": "NDESK0001", "model": "NV7000 2TB",
       "manufactured_on": "2025-09-01", "country_of_purchase": "CN"}  # fmt: skip


@pytest.fixture
def ann_unit(uow_factory: Any, add_units: Any, policy_book: Any) -> None:
    add_accounts(uow_factory)
    add_units([UNIT, SSD])
    for brand, serial in (("QNAP", "QDESK0001"), ("Netac", "NDESK0001")):
        claim = Claim(brand, serial, NOW.date().replace(month=10, day=1), "INV-D1")
        register_my_unit(uow_factory, ANN, claim, NOW, book=policy_book)


def _ask(client: Any, **fields: str) -> Any:
    form = {"brand": "QNAP", "serial": "QDESK0001", "symptom": "does not boot",
            "contact_name": "Ann", "contact_email": "ann@example.com",
            "backup_acknowledged": "yes"} | fields  # fmt: skip
    return client.post("/my/rmas/new", data=form, follow_redirects=False)


def test_an_rma_goes_from_request_to_shipped_through_the_desk_pages(
    client_as: Any, ann_unit: None
) -> None:
    ann, agent, tech = client_as(ANN), client_as(AGENT), client_as(TECH)
    asked = _ask(ann)
    assert asked.status_code == 303, asked.text
    rma_page = asked.headers["location"]
    rma_id = rma_page.rsplit("/", 1)[1]
    assert "Requested" in ann.get(rma_page).text

    queue = agent.get("/desk?queue=new")
    assert f"/desk/rmas/{rma_id}" in queue.text
    assert agent.post(f"/desk/rmas/{rma_id}/validate", data={}).status_code == 422
    panel = agent.get(f"/desk/rmas/{rma_id}").text
    assert "Technical support is the first contact" in panel  # QNAP's policy (issue 19)
    assert 'value="skip_troubleshooting"' in panel
    skip = {"event": "skip_troubleshooting", "reason": "diagnosed with support by phone"}
    assert agent.post(f"/desk/rmas/{rma_id}/event", data=skip).status_code == 200
    assert "diagnosed with support by phone" in ann.get(rma_page).text
    assert agent.post(f"/desk/rmas/{rma_id}/validate", data={}).status_code == 200
    assert "RMA number due by" in agent.get(f"/desk/rmas/{rma_id}").text
    issued = agent.post(f"/desk/rmas/{rma_id}/issue", data={}, headers={"HX-Request": "true"})
    assert issued.status_code == 200
    number = re.search(r"RMA number (\S+) issued", issued.text).group(1)
    assert '<div id="rma">' in issued.text and "<html" not in issued.text  # the panel only

    customer_view = ann.get(rma_page).text
    assert number in customer_view and "How to send the unit" in customer_view

    received = tech.post("/desk/receive", data={"rma_number": number, "carrier": "UPS"},
                         follow_redirects=False)  # fmt: skip
    assert received.status_code == 303
    assert tech.post(f"/desk/rmas/{number}/inspect", data={"note": "no damage"}).status_code == 200
    decided = tech.post(f"/desk/rmas/{number}/decide", data={}, headers={"HX-Request": "true"})
    assert "Decision: covered" in decided.text
    assert "<blockquote>" in decided.text  # each clause with its source sentence
    assert tech.post(f"/desk/rmas/{number}/finish", data={}).status_code == 200
    shipped = tech.post(f"/desk/rmas/{number}/ship", data={"carrier": "UPS", "tracking": "1Z9"},
                        follow_redirects=False)  # fmt: skip
    assert shipped.status_code == 303

    timeline = ann.get(rma_page).text
    for state in ("Waiting for the unit", "Unit received", "Being repaired", "Shipped back"):
        assert f"<strong>{state}</strong>" in timeline
    assert "1Z9" in timeline


def test_a_smart_upload_is_read_and_shown_on_the_rma(client_as: Any, ann_unit: None) -> None:
    agent, tech = client_as(AGENT), client_as(TECH)
    asked = _ask(client_as(ANN), brand="Netac", serial="NDESK0001")
    rma_id = asked.headers["location"].rsplit("/", 1)[1]
    agent.post(f"/desk/rmas/{rma_id}/validate", data={})
    agent.post(f"/desk/rmas/{rma_id}/issue", data={})
    tech.post("/desk/receive", data={"rma_number": _number(agent, rma_id)})
    sample = SMART / "scrutiny__smart-nvme.json"
    page = tech.post(
        f"/desk/rmas/{rma_id}/inspect",
        files={"smart": (sample.name, sample.read_bytes(), "application/json")},
    )
    assert page.status_code == 200, page.text
    assert "SMART report: scrutiny__smart-nvme.json" in page.text
    assert "Bytes written" in page.text
    assert "does not match the unit" in page.text  # the sample is another drive's report


def test_a_file_that_is_not_smartctl_json_is_refused_at_the_top_of_the_panel(
    client_as: Any, ann_unit: None
) -> None:
    agent, tech = client_as(AGENT), client_as(TECH)
    rma_id = _ask(client_as(ANN)).headers["location"].rsplit("/", 1)[1]
    validate_on_desk(agent, rma_id)
    agent.post(f"/desk/rmas/{rma_id}/issue", data={})
    tech.post("/desk/receive", data={"rma_number": _number(agent, rma_id)})
    page = tech.post(f"/desk/rmas/{rma_id}/inspect",
                     files={"smart": ("notes.txt", b"hello", "text/plain")})  # fmt: skip
    assert page.status_code == 422
    assert 'role="alert"' in page.text


def test_the_rma_form_names_each_missing_field(client_as: Any, ann_unit: None) -> None:
    page = _ask(client_as(ANN), symptom="", contact_email="not-an-address")
    assert page.status_code == 422
    assert "symptom" in summary_links(page.text)
    assert "not an e-mail address" in field_error(page.text, "contact_email")
    missing_backup = _ask(client_as(ANN), backup_acknowledged="")
    assert missing_backup.status_code == 422
    assert "must acknowledge that backing up" in missing_backup.text  # with the clause it cites
    assert "(clauses: " in missing_backup.text


def test_another_customer_gets_a_404_for_the_rma_and_customers_cannot_open_the_desk(
    client_as: Any, ann_unit: None
) -> None:
    rma_page = _ask(client_as(ANN)).headers["location"]
    other = client_as(BOB).get(rma_page)
    assert other.status_code == 404
    assert "does not boot" not in other.text
    assert client_as(ANN).get("/desk").status_code == 403
    assert client_as(ANN).post(f"/desk/rmas/{rma_page.rsplit('/', 1)[1]}/issue").status_code == 403


def test_a_parcel_without_an_rma_number_is_held_as_an_unauthorized_return(
    client_as: Any, ann_unit: None
) -> None:
    tech = client_as(TECH)
    parcel = {"brand": "QNAP", "serial": "QDESK0001", "sender_name": "Someone", "carrier": "DHL"}
    page = tech.post("/desk/receive", data=parcel)
    assert page.status_code == 200, page.text
    assert "held as an unauthorized return" in page.text
    assert "Unauthorized returns held (1)" in tech.get("/desk").text
    assert "Unauthorized returns held (1)" in client_as(AGENT).get("/desk").text  # issue #23


def test_the_late_queue_lists_an_rma_whose_number_is_overdue(
    client_as: Any, ann_unit: None, runtime: Any
) -> None:
    agent = client_as(AGENT)
    rma_id = _ask(client_as(ANN)).headers["location"].rsplit("/", 1)[1]
    validate_on_desk(agent, rma_id)
    with app_at(runtime, AGENT, NOW + timedelta(days=10)) as later:
        late = later.get("/desk?queue=late", headers={"HX-Request": "true"})
    assert "<html" not in late.text
    assert f"/desk/rmas/{rma_id}" in late.text and "badge late" in late.text


def _number(client: Any, rma_id: str) -> str:
    found = re.search(r"<dt>RMA</dt><dd>(\S+)", client.get(f"/desk/rmas/{rma_id}").text)
    assert found is not None
    return found.group(1)
